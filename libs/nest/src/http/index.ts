export { bodyStallGuard } from './body-stall-guard.js';
export { applyHttpTimeouts } from './http-timeouts.js';
export { checkHttpTimeouts, type HttpTimeouts, httpTimeoutsOf, httpTimeoutsShape } from './http-timeouts.config.js';
