/**
 * Signature verification for chip-ID and PKI data: RSA PKCS#1 v1.5,
 * RSASSA-PSS and ECDSA on any prime curve (named or explicit parameters).
 *
 *   const key = prepareKey(dscSpki);            // once per signer
 *   verifySignature({ scheme: 'ecdsa', hash: 'sha256', key, message, signature });   // → boolean
 *
 * An invalid signature is `false`; a malformed key or parameter throws a
 * DinhdanhError (codes DD_SIG_*, DD_CURVE_*).
 */
export { signatureAlgorithmFromIdentifier, signatureAlgorithmFromOid } from './_algorithms.js';
export { prepareKey, SigKey } from './_key.js';
export { parseSpki } from './_spki.js';
export type {
  Backend,
  EcdsaEncoding,
  EcPublicKeyInfo,
  HashName,
  PssParams,
  PublicKeyInfo,
  RsaPublicKeyInfo,
  Scheme,
  SignatureAlgorithm,
} from './_types.js';
export { type VerifyRequest, verifySignature } from './_verify.js';
export { configureKeyTables } from './_wasm.js';
export { runWycheproof, type WycheproofFailure, type WycheproofResult } from './_wycheproof.js';
