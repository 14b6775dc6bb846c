export * from './config';
export * from './repository';
export * from './send';
export * from './service';
export * from './signature';
export * from './ssrf';
