/**
 * The AWS clients, each built once per process from configuration on first use. These are
 * the only modules that construct SDK clients; adapters take one of these (or a test's) in
 * their constructor.
 *
 * One module per client, re-exported here: the package is `sideEffects: false`, so a bundle
 * keeps only the client modules whose exports it calls, and a function that reads the table
 * never loads the S3, Step Functions, EventBridge, Cognito, SNS, API Gateway or Bedrock clients
 * at cold start. Importing a client module directly (`./aws/s3`) is what keeps it out of other bundles;
 * keep the SDK imports in these files, not here.
 */
export * from './aws/api-gateway';
export * from './aws/apigateway-management';
export * from './aws/bedrock';
export * from './aws/cognito';
export * from './aws/dynamodb';
export * from './aws/eventbridge';
export * from './aws/s3';
export * from './aws/sfn';
export * from './aws/sns';
