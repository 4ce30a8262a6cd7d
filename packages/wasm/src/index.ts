export { DinhdanhError, isDinhdanhError } from './errors.js';
