export {
  bootstrapService,
  configureServiceApp,
  type BootstrapOptions,
  type ServiceAppOptions,
} from './bootstrap-service.js';
export { setupOpenApi } from './openapi.js';
