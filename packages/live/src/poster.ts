import {
  type ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { AlertMessage, LiveReply } from './messages';

/** Where replies and broadcasts go: one connection's socket. */
export interface ReplyPort {
  /** Sends the message; false when the connection is gone. */
  send(connectionId: string, reply: LiveReply | AlertMessage): Promise<boolean>;
}

/** Replies through the API Gateway Management API's PostToConnection. */
export class ConnectionPoster implements ReplyPort {
  constructor(private readonly client: ApiGatewayManagementApiClient) {}

  async send(connectionId: string, reply: LiveReply | AlertMessage): Promise<boolean> {
    try {
      await this.client.send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(reply) }),
      );
      return true;
    } catch (error) {
      if (error instanceof GoneException) return false;
      throw error;
    }
  }
}
