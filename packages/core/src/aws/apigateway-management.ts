import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { env, required } from '../config';
import { base } from './once';

const clients = new Map<string, ApiGatewayManagementApiClient>();

/**
 * The API Gateway Management API of a WebSocket API (PostToConnection), one client per
 * endpoint, built on first use. On AWS the endpoint is the API's own `https://{domain}/{stage}`,
 * from the event; AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI (the local gateway) wins when set.
 */
export function connectionsClient(domainName: string, stage: string): ApiGatewayManagementApiClient {
  const endpoint = env().AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI ?? `https://${domainName}/${stage}`;
  let client = clients.get(endpoint);
  if (!client) {
    client = new ApiGatewayManagementApiClient({ ...base(), endpoint });
    clients.set(endpoint, client);
  }
  return client;
}

/**
 * The live WebSocket API's Management API for a function that is not one of its routes (no
 * event names the API): its endpoint is LIVE_CONNECTIONS_URL, set where PostToConnection is granted.
 */
export function liveConnectionsClient(): ApiGatewayManagementApiClient {
  const url = new URL(required('LIVE_CONNECTIONS_URL'));
  return connectionsClient(url.host, url.pathname.replace(/^\/|\/$/g, ''));
}
