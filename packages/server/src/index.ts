export { type AppOptions, buildApp, SERVICE_VERSION } from './app.js';
export {
  type ClientResponse,
  DinhdanhClient,
  newNonce,
  type RequestOptions,
  type SigningKey,
  signedHeaders,
} from './client.js';
export {
  type ClientKey,
  type ClientRateLimit,
  loadClientsFile,
  parseClients,
  type Scope,
  scopes,
} from './clients.js';
export { DEV_KEY_ID, type DevClient, ensureDevClient, signingKeyFrom } from './dev-client.js';
export { BatchPool, type BatchPoolOptions } from './ekyc/batch-pool.js';
export { httpError } from './errors.js';
export { type PoolStats, ServiceMetrics } from './metrics/service-metrics.js';
export { MemoryNonceStore, type NonceStore } from './nonce-cache.js';
export { sampleAuthorization } from './samples.js';
export { type Listening, type ListenOptions, listen } from './serve.js';
export { createService, type ServiceConfig } from './service.js';
export { canonicalString, headers as signingHeaders, MAX_SKEW_SECONDS, signParts } from './signing.js';
