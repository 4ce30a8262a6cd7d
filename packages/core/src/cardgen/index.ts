/**
 * Synthetic CCCD chip cards for tests and benchmarks: a seeded test PKI,
 * data groups with realistic Vietnamese data, SODs, an active-authentication
 * chip simulator, tampered variants, and the card exchange format.
 */
export * from './card-json.js';
