export { disable as handler } from './autonomous';
