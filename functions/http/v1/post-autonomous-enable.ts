export { enable as handler } from './autonomous';
