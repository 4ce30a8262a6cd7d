/**
 * `@dinhdanh/core/payment`: non-cash fee payment authorisation — policy
 * (State Bank rules as settings), state machine, idempotency, double-entry
 * ledger, durable stores (SQLite, PostgreSQL) and signed authorisations.
 */
export * from './idempotency.js';
export * from './ledger.js';
export * from './migrations.js';
export * from './model.js';
export * from './policy.js';
export * from './postgres-store.js';
export * from './response-codes.js';
export * from './schemas.js';
export * from './service.js';
export * from './signer.js';
export * from './sqlite-store.js';
export * from './state-machine.js';
export * from './store.js';
