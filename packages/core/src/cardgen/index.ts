/**
 * Synthetic CCCD chip cards for tests and benchmarks: a seeded test PKI,
 * data groups with realistic Vietnamese data, SODs, an active-authentication
 * chip simulator, tampered variants, and the card exchange format.
 */
export {
  CURVES,
  type CurveName,
  DSC_ALGORITHMS,
  DSC_PROFILES,
  type DscAlgorithm,
  type HashName,
  isDscAlgorithm,
  type SignatureProfile,
} from './algorithms.js';
export * from './card-json.js';
export { ChipSimulator } from './chip.js';
export { buildCom, buildDg1, buildDg2, buildDg13, buildDg14, buildDg15, DG_TAG } from './data-groups.js';
export { Drbg } from './drbg.js';
export {
  AA_KEY_TYPES,
  type AaKeyType,
  CardFactory,
  type CardFactoryOptions,
  type GeneratedCard,
  MAX_DG2_SIZE,
} from './factory.js';
export { encodeGreyJpeg, faceJpeg, padJpeg } from './jpeg.js';
export type { EcKeyPair, KeyPair, RsaKeyPair } from './keys.js';
export { checkDigit, mrzName, td1Lines } from './mrz.js';
export {
  buildEncodedCards,
  encodeCards,
  type ParallelBuildOptions,
  type StreamFormat,
} from './parallel.js';
export {
  type CalendarDate,
  cccdExpiry,
  formatDate,
  generatePerson,
  type Person,
  qrString,
  type Sex,
} from './person.js';
export { CRL_URI, type DocumentSigner, type Signer, type SpecialSigner, TestPki } from './pki.js';
export { buildLdsSecurityObject, buildSignedAttrs, buildSod, type Sod } from './sod.js';
export { TAMPER_KINDS, type TamperKind, tamperedCard, tamperedCards } from './tamper.js';
export { type TrustFile, trustFiles } from './trust-files.js';
export {
  FIXTURE_FORMATS,
  type FixtureFormat,
  type FixtureManifest,
  type WriteFixturesOptions,
  writeFixtures,
} from './write-fixtures.js';
