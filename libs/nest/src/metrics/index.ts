export { MetricsModule, type MetricsOptions } from './metrics.module.js';
