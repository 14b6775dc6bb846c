export { get as handler } from './alerts';
