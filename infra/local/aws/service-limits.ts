/**
 * AWS's fixed service limits that the embedded runtime enforces. They live in
 * functions/core/aws/service-limits.ts (the handlers plan by the same numbers
 * and functions/ cannot import infra/); this module is the runtime's name for them.
 */
export {
  API_GATEWAY_BODIES,
  API_GATEWAY_HTTP,
  API_GATEWAY_WEBSOCKET,
  LAMBDA,
} from '../../../functions/core/aws/service-limits.js';
