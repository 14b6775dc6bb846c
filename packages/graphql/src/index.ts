export * from './errors';
export * from './limits';
export * from './resolvers';
export * from './schema';
export * from './server';
