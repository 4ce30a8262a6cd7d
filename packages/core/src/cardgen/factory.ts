/**
 * Builds synthetic CCCD cards, deterministically from a seed: card `i`
 * depends only on (seed, options, i), so cards can be built in any order or
 * in parallel and always come out the same (except ECDSA signature values
 * when `fast` signing is chosen).
 */
import { DinhdanhError } from '../errors/index.js';
import { type DscAlgorithm, type HashName, isDscAlgorithm } from './algorithms.js';
import type { CardExpectation, CardRecord } from './card-json.js';
import { ChipSimulator } from './chip.js';
import { buildCom, buildDg1, buildDg2, buildDg13, buildDg14, buildDg15 } from './data-groups.js';
import { Drbg } from './drbg.js';
import { faceJpeg, padJpeg } from './jpeg.js';
import { ecKeyFromDrbg, generateKey, type KeyPair } from './keys.js';
import { generatePerson, type Person, qrString } from './person.js';
import { type DocumentSigner, TestPki } from './pki.js';
import { buildSod, type Sod } from './sod.js';

/** Active-authentication key of the chip (DG15); the CCCD's real choice is unconfirmed. */
export const AA_KEY_TYPES = ['brainpoolP256r1', 'p256', 'rsa-1024'] as const;
export type AaKeyType = (typeof AA_KEY_TYPES)[number];

export interface CardFactoryOptions {
  readonly seed: string;
  /** Document Signer algorithm (default brainpoolP384r1). */
  readonly alg?: DscAlgorithm;
  /** Write EC keys with explicit curve parameters (default false). */
  readonly explicitParams?: boolean;
  /** Cards signed by each Document Signer (default 1000). */
  readonly cardsPerDsc?: number;
  /** Pad DG2 to this many bytes (default: no padding, ~1 KB). */
  readonly dg2Size?: number;
  /** Hash of the data groups in the SOD (default sha256). */
  readonly dgHash?: HashName;
  /** ECDSA through node:crypto: faster, but signature bytes then differ between runs (default false). */
  readonly fast?: boolean;
  /** Active-authentication key type (default brainpoolP256r1, as the reference card). */
  readonly aaKey?: AaKeyType;
  /** Issue date of the CRL; valid cards do not expire within 5 years of it (default 2026-11-01). */
  readonly referenceDate?: Date;
  /** Include an AA challenge and the chip's answer in each card (default true). */
  readonly activeAuthentication?: boolean;
}

export interface GeneratedCard extends CardRecord {
  readonly id: string;
  readonly label: string;
  readonly expect: CardExpectation;
  readonly person: Person;
  readonly chip: ChipSimulator;
  readonly signer: DocumentSigner;
  /** The SOD as built, before any tampering. */
  readonly builtSod: Sod;
}

interface Resolved {
  readonly seed: string;
  readonly alg: DscAlgorithm;
  readonly explicitParams: boolean;
  readonly cardsPerDsc: number;
  readonly dg2Size: number;
  readonly dgHash: HashName;
  readonly fast: boolean;
  readonly aaKey: AaKeyType;
  readonly referenceDate: Date;
  readonly activeAuthentication: boolean;
}

const DAY = 86_400_000;
/** Number of distinct synthetic portraits per seed. */
export const FACE_POOL = 256;
export const MAX_DG2_SIZE = 1 << 20;

function badOption(message: string, option: string): DinhdanhError {
  return new DinhdanhError('DD_CARDGEN_BAD_OPTION', message, { status: 400, details: { option } });
}

function resolve(o: CardFactoryOptions): Resolved {
  if (typeof o.seed !== 'string' || o.seed.length === 0)
    throw badOption('seed must be a non-empty string', 'seed');
  const alg = o.alg ?? 'brainpoolP384r1';
  if (!isDscAlgorithm(alg)) {
    throw new DinhdanhError('DD_CARDGEN_UNSUPPORTED_ALG', 'unsupported Document Signer algorithm', {
      status: 400,
      details: { option: 'alg' },
    });
  }
  const cardsPerDsc = o.cardsPerDsc ?? 1000;
  if (!Number.isInteger(cardsPerDsc) || cardsPerDsc < 1) {
    throw badOption('cardsPerDsc must be a positive integer', 'cardsPerDsc');
  }
  const dg2Size = o.dg2Size ?? 0;
  if (!Number.isInteger(dg2Size) || dg2Size < 0 || dg2Size > MAX_DG2_SIZE) {
    throw badOption(`dg2Size must be an integer from 0 to ${MAX_DG2_SIZE}`, 'dg2Size');
  }
  const dgHash = o.dgHash ?? 'sha256';
  if (!['sha256', 'sha384', 'sha512'].includes(dgHash))
    throw badOption('dgHash must be sha256, sha384 or sha512', 'dgHash');
  const aaKey = o.aaKey ?? 'brainpoolP256r1';
  if (!AA_KEY_TYPES.includes(aaKey))
    throw badOption(`aaKey must be one of ${AA_KEY_TYPES.join(', ')}`, 'aaKey');
  const referenceDate = o.referenceDate ?? new Date('2026-11-01T00:00:00Z');
  if (Number.isNaN(referenceDate.getTime()))
    throw badOption('referenceDate is not a valid date', 'referenceDate');
  return {
    seed: o.seed,
    alg,
    explicitParams: o.explicitParams ?? false,
    cardsPerDsc,
    dg2Size,
    dgHash,
    fast: o.fast ?? false,
    aaKey,
    referenceDate,
    activeAuthentication: o.activeAuthentication ?? true,
  };
}

/** What a card's builder may change on the way (the tampered variants use these). */
export interface BuildTweaks {
  readonly alterMessageDigest?: (d: Uint8Array) => Uint8Array;
}

export class CardFactory {
  readonly options: Resolved;
  readonly pki: TestPki;
  private readonly chipAuthKeys = new Map<string, KeyPair>();
  private readonly faces = new Map<number, Uint8Array>();

  constructor(options: CardFactoryOptions) {
    this.options = resolve(options);
    this.pki = new TestPki({
      seed: this.options.seed,
      alg: this.options.alg,
      explicitParams: this.options.explicitParams,
      referenceDate: this.options.referenceDate,
    });
  }

  /** Number of regular Document Signers `count` cards need. */
  dscCount(count: number): number {
    return Math.ceil(count / this.options.cardsPerDsc);
  }

  /** Valid card number `index` (0-based). */
  card(index: number): GeneratedCard {
    if (!Number.isInteger(index) || index < 0)
      throw badOption('card index must be a non-negative integer', 'index');
    const signer = this.pki.dsc(Math.floor(index / this.options.cardsPerDsc));
    const n = String(index + 1).padStart(6, '0');
    return this.build(new Drbg(this.options.seed, `card/${index}`), signer, {
      id: `card-${n}`,
      label: `valid ${this.options.alg} card ${index + 1}`,
      expect: { verdict: 'verified' },
    });
  }

  /** Cards `start` … `start + count − 1`, built lazily. */
  *cards(count: number, start = 0): Generator<GeneratedCard> {
    for (let i = start; i < start + count; i++) yield this.card(i);
  }

  /**
   * Face images come from a pool of FACE_POOL portraits drawn from the seed
   * (encoding a JPEG per card would be a third of the build time); padding
   * still makes every padded DG2 unique.
   */
  private face(k: number): Uint8Array {
    let f = this.faces.get(k);
    if (!f) {
      f = faceJpeg(new Drbg(this.options.seed, `face/${k}`));
      this.faces.set(k, f);
    }
    return f;
  }

  /**
   * The chip-authentication key in DG14. Chips of one production batch share
   * it (as many issuers do), so it is derived once per Document Signer.
   */
  private chipAuthKey(signer: DocumentSigner): KeyPair {
    let k = this.chipAuthKeys.get(signer.label);
    if (!k) {
      k = ecKeyFromDrbg(
        'brainpoolP256r1',
        new Drbg(this.options.seed, `chip-auth/${signer.label}`),
        this.options.explicitParams,
      );
      this.chipAuthKeys.set(signer.label, k);
    }
    return k;
  }

  /** Builds one card with the given signer; `meta` names it and states its expected verdict. */
  build(
    drbg: Drbg,
    signer: DocumentSigner,
    meta: { id: string; label: string; expect: CardExpectation },
    tweaks: BuildTweaks = {},
  ): GeneratedCard {
    const o = this.options;
    const issued = new Date(
      signer.signFrom.getTime() +
        drbg.below(signer.signDays) * DAY +
        drbg.between(8 * 3600, 17 * 3600) * 1000,
    );
    const person = generatePerson(drbg, {
      issued,
      validUntilAtLeast: new Date(o.referenceDate.getTime() + 5 * 365 * DAY),
    });
    const aaKey =
      o.aaKey === 'rsa-1024'
        ? generateKey({ kind: 'rsa', bits: 1024 }, drbg)
        : ecKeyFromDrbg(o.aaKey === 'p256' ? 'P-256' : 'brainpoolP256r1', drbg, o.explicitParams);
    const dg2 = sizedDg2(this.face(drbg.below(FACE_POOL)), person.sex, o.dg2Size, drbg.below(2 ** 32));
    const dataGroups = new Map<number, Uint8Array>([
      [1, buildDg1(person)],
      [2, dg2],
      [13, buildDg13(person)],
      [14, buildDg14(this.chipAuthKey(signer).spki, aaKey.kind === 'ec' ? 'sha256' : null)],
      [15, buildDg15(aaKey.spki)],
    ]);
    const sod = buildSod({
      dataGroups,
      dgHash: o.dgHash,
      signer,
      // The chip is personalised shortly after the card is approved.
      signingTime: new Date(issued.getTime() + 3600_000),
      ctx: { drbg, fast: o.fast },
      ...(tweaks.alterMessageDigest ? { alterMessageDigest: tweaks.alterMessageDigest } : {}),
    });
    const chip = new ChipSimulator(aaKey, 'sha256', drbg, o.fast);
    const challenge = o.activeAuthentication ? drbg.bytes(8) : undefined;
    const groups: Record<string, Uint8Array> = {};
    for (const [k, v] of dataGroups) groups[String(k)] = v;
    return {
      version: 1,
      ...meta,
      com: buildCom([...dataGroups.keys()]),
      sod: sod.der,
      dataGroups: groups,
      ...(challenge === undefined ? {} : { aa: { challenge, signature: chip.answer(challenge) } }),
      qr: qrString(person),
      person,
      chip,
      signer,
      builtSod: sod,
    };
  }
}

/** DG2 around the face image, padded (COM segments in the JPEG) so the whole DG2 file is `size` bytes. */
function sizedDg2(jpeg: Uint8Array, sex: Person['sex'], size: number, fillerSeed: number): Uint8Array {
  let dg2 = buildDg2(jpeg, sex);
  if (size <= dg2.length) return dg2;
  let target = jpeg.length + (size - dg2.length);
  // Longer content can need longer length octets; converge in a few steps.
  for (let i = 0; i < 4 && dg2.length !== size; i++) {
    dg2 = buildDg2(padJpeg(jpeg, target, fillerSeed), sex);
    target += size - dg2.length;
  }
  return dg2;
}
