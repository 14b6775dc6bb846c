import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { connectionsClient, env, logger } from '@pynomaly/core';
import { answerGraphqlWs } from '@pynomaly/graphql';
import { ConnectionPoster, messageText, SubscriptionRepository, type WebSocketEvent } from '@pynomaly/live';
import { DetectorRepository, TabularDatasetRepository } from '@pynomaly/store';
import { liveDeps } from './deps';

const deps = {
  ...liveDeps(),
  subscriptions: new SubscriptionRepository(),
  datasets: new TabularDatasetRepository(),
  detectors: new DetectorRepository(),
  limits: {
    messagesPerMinute: env().LIVE_MESSAGES_PER_MINUTE,
    subscriptionsPerConnection: env().LIVE_SUBSCRIPTIONS_PER_CONNECTION,
  },
};

/** graphql-transport-ws messages (`connection_init`, `subscribe`, `complete`, `ping`, `pong`): answered on the connection. */
export const handler = middy(async (event: WebSocketEvent) => {
  const { connectionId, domainName, stage } = event.requestContext;
  const answer = await answerGraphqlWs(connectionId, messageText(event), deps);
  const poster = new ConnectionPoster(connectionsClient(domainName, stage));
  for (const reply of answer.replies) await poster.send(connectionId, reply);
  if (answer.close) {
    logger.info('graphql-transport-ws connection closed', { connectionId, reason: answer.close });
    await poster.close(connectionId);
  }
  return { statusCode: 200 };
}).use(injectLambdaContext(logger, { resetKeys: true }));
