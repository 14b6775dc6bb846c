export * from './login';
export * from './principal';
export * from './tokens';
