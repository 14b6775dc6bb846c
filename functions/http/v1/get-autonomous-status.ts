export { status as handler } from './autonomous';
