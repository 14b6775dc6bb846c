import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { connectionsClient, logger } from '@pynomaly/core';
import { ConnectionPoster, handleMessage, messageText, type WebSocketEvent } from '@pynomaly/live';
import { BlobStore, DetectorRepository, TabularDatasetRepository } from '@pynomaly/store';
import { liveDeps } from './deps';

const deps = {
  ...liveDeps(),
  detectors: {
    detectors: new DetectorRepository(),
    datasets: new TabularDatasetRepository(),
    blobs: new BlobStore(),
  },
};

/** `detect` and `$default`: the message scored and answered on the connection (PostToConnection). */
export const handler = middy(async (event: WebSocketEvent) => {
  const { connectionId, domainName, stage } = event.requestContext;
  const reply = await handleMessage(connectionId, messageText(event), deps);
  if (reply) await new ConnectionPoster(connectionsClient(domainName, stage)).send(connectionId, reply);
  return { statusCode: 200 };
}).use(injectLambdaContext(logger, { resetKeys: true }));
