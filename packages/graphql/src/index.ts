export * from './errors';
export * from './limits';
export * from './publish';
export * from './resolvers';
export * from './schema';
export * from './server';
export * from './subscriptions';
