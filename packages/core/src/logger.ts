import { Logger } from '@aws-lambda-powertools/logger';

/** The product's structured JSON logger; handlers add the Lambda context (request id) to it. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pynomaly' });
