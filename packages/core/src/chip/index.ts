/**
 * @dinhdanh/core/chip — ICAO 9303 chip data: zero-copy parsers (EF.COM,
 * EF.SOD, X.509, CRLs, CSCA master lists, DG1/2/13/14/15), the CSCA trust
 * store, passive and active authentication, CCCD consistency checks.
 */
export {
  type AaInput,
  type AaResult,
  type Challenge,
  type ChallengeRegistry,
  type ChallengeState,
  ChallengeStore,
  createChallenge,
  singleUseChallenge,
  verifyActiveAuthentication,
  verifyIso9796Scheme1,
} from './aa.js';
export { type CardJson, parseCardJson } from './card-json.js';
export {
  type Attribute,
  parseSignedData,
  type SignedData,
  type SignerIdentifier,
  type SignerInfo,
  signedAttrsForSignature,
} from './cms.js';
export { type Com, DG_TAGS, parseCom } from './com.js';
export { type Crl, parseCrl, type RevokedEntry } from './crl.js';
export { type Dg1, parseDg1 } from './dg1.js';
export { type Dg2, type FaceImage, type ImageFormat, parseDg2, sniffImage } from './dg2.js';
export { type Dg13, parseDg13 } from './dg13.js';
export { type Dg14, parseDg14, type SecurityInfo } from './dg14.js';
export { type Dg15, parseDg15 } from './dg15.js';
export { describeKey } from './key-info.js';
export {
  type MasterList,
  type MasterListFailure,
  type MasterListReport,
  parseMasterList,
  verifyMasterList,
} from './masterlist.js';
export { checkDigit, type Mrz, type MrzCheck, type MrzFormat, parseMrz } from './mrz.js';
export { HASH_BY_OID, type HashName, OID } from './oids.js';
export { type CccdQr, parseCccdQr } from './qr.js';
export {
  type Check,
  type CheckStatus,
  firstFailure,
  type Verdict,
  type VerificationReport,
  verdictOf,
} from './report.js';
export { resolveSigAlg, type SignatureAlgorithm } from './sig-alg.js';
export { type LdsSecurityObject, parseLdsSecurityObject, parseSod, type Sod } from './sod.js';
export {
  type ChainResult,
  classifyTrustInput,
  type RevocationStatus,
  type TrustAnchor,
  type TrustInputKind,
  TrustStore,
} from './trust-store.js';
export { type VerifyDocumentInput, type VerifyPolicy, verifyDocument } from './verify-document.js';
export {
  type AlgorithmIdentifier,
  type Certificate,
  isSelfIssued,
  type KeyUsage,
  type Name,
  namesMatch,
  parseCertificate,
  type SubjectPublicKeyInfo,
} from './x509.js';
