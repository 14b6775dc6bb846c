export { put as handler } from './alerts';
