/**
 * Runs a Wycheproof v1 signature-verification file (schemas
 * ecdsa_verify, ecdsa_p1363_verify, rsassa_pkcs1_verify, rsassa_pss_verify)
 * against verifySignature. `valid` must verify; `invalid` must be rejected
 * (false, or a typed error for a broken key); `acceptable` may go either way
 * and is counted apart.
 */
import { DinhdanhError } from '../errors/index.js';
import { sigError } from './_errors.js';
import { hashName } from './_hash-names.js';
import { prepareKey, type SigKey } from './_key.js';
import type { Backend, EcdsaEncoding, HashName, Scheme } from './_types.js';
import { verifySignature } from './_verify.js';

export interface WycheproofFailure {
  readonly tcId: number;
  readonly expected: string;
  readonly got: 'true' | 'false' | string;
  readonly comment: string;
}

export interface WycheproofResult {
  readonly algorithm: string;
  readonly tests: number;
  /** `valid` and `invalid` vectors answered as expected. */
  readonly passed: number;
  readonly failed: number;
  /** `acceptable` vectors, with how many of them verified. */
  readonly acceptable: number;
  readonly acceptableVerified: number;
  readonly skipped: number;
  readonly failures: readonly WycheproofFailure[];
}

interface Group {
  readonly type: string;
  readonly publicKeyDer?: string;
  readonly sha: string;
  readonly mgf?: string;
  readonly mgfSha?: string;
  readonly sLen?: number;
  readonly tests: readonly { tcId: number; comment: string; msg: string; sig: string; result: string }[];
}

const GROUP_TYPES: Readonly<Record<string, { scheme: Scheme; encoding?: EcdsaEncoding }>> = {
  EcdsaVerify: { scheme: 'ecdsa', encoding: 'der' },
  EcdsaP1363Verify: { scheme: 'ecdsa', encoding: 'p1363' },
  RsassaPkcs1Verify: { scheme: 'rsa-pkcs1' },
  RsassaPssVerify: { scheme: 'rsa-pss' },
};

const fromHex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));

export function runWycheproof(doc: unknown, backend: Backend = 'auto'): WycheproofResult {
  const d = doc as { algorithm?: unknown; testGroups?: unknown };
  if (typeof d !== 'object' || d === null || !Array.isArray(d.testGroups)) {
    throw sigError('DD_SIG_PARAMS_INVALID', 'testGroups', 'not a Wycheproof test file');
  }
  let tests = 0;
  let passed = 0;
  let acceptable = 0;
  let acceptableVerified = 0;
  let skipped = 0;
  const failures: WycheproofFailure[] = [];
  for (const [gi, g] of (d.testGroups as Group[]).entries()) {
    const kind = GROUP_TYPES[g.type];
    if (!kind || typeof g.publicKeyDer !== 'string' || !Array.isArray(g.tests)) {
      throw sigError(
        'DD_SIG_PARAMS_INVALID',
        `testGroups[${gi}]`,
        `unsupported group type ${String(g.type)}`,
      );
    }
    const hash: HashName = hashName(g.sha, `testGroups[${gi}].sha`);
    let key: SigKey | DinhdanhError;
    try {
      key = prepareKey(fromHex(g.publicKeyDer));
    } catch (e) {
      if (!(e instanceof DinhdanhError)) throw e;
      key = e;
    }
    const pss =
      kind.scheme === 'rsa-pss'
        ? {
            hash,
            mgfHash: hashName(g.mgfSha, `testGroups[${gi}].mgfSha`),
            saltLength: g.sLen ?? ('auto' as const),
          }
        : undefined;
    for (const t of g.tests) {
      tests++;
      let got: string;
      if (key instanceof DinhdanhError) got = key.code;
      else {
        try {
          got = String(
            verifySignature({
              scheme: kind.scheme,
              hash,
              key,
              message: fromHex(t.msg),
              signature: fromHex(t.sig),
              backend,
              ...(kind.encoding ? { encoding: kind.encoding } : {}),
              ...(pss ? { pss } : {}),
            }),
          );
        } catch (e) {
          if (!(e instanceof DinhdanhError)) throw e;
          got = e.code;
        }
      }
      if (t.result === 'acceptable') {
        acceptable++;
        if (got === 'true') acceptableVerified++;
        continue;
      }
      const ok = t.result === 'valid' ? got === 'true' : t.result === 'invalid' ? got !== 'true' : undefined;
      if (ok === undefined) {
        skipped++;
        continue;
      }
      if (ok) passed++;
      else failures.push({ tcId: t.tcId, expected: t.result, got, comment: t.comment });
    }
  }
  return {
    algorithm: String(d.algorithm ?? ''),
    tests,
    passed,
    failed: failures.length,
    acceptable,
    acceptableVerified,
    skipped,
    failures,
  };
}
