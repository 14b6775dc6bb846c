import {
  type ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
/** Where replies and broadcasts go: one connection's socket. */
export interface ReplyPort {
  /** Sends the message (JSON); false when the connection is gone. */
  send(connectionId: string, message: object): Promise<boolean>;
  /** Closes the connection (its `$disconnect` follows); nothing when it is gone already. */
  close(connectionId: string): Promise<void>;
}

/** Replies through the API Gateway Management API's PostToConnection. */
export class ConnectionPoster implements ReplyPort {
  constructor(private readonly client: ApiGatewayManagementApiClient) {}

  async send(connectionId: string, message: object): Promise<boolean> {
    try {
      await this.client.send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(message) }),
      );
      return true;
    } catch (error) {
      if (error instanceof GoneException) return false;
      throw error;
    }
  }

  async close(connectionId: string): Promise<void> {
    try {
      await this.client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    } catch (error) {
      if (!(error instanceof GoneException)) throw error;
    }
  }
}
