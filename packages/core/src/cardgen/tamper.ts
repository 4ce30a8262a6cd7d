/**
 * Tampered variants of a card, each labelled with the reason code of the
 * verifier check that must reject it. Every variant differs from a valid
 * card in exactly the one way its label says.
 */
import { DinhdanhError } from '../errors/index.js';
import { Drbg } from './drbg.js';
import type { CardFactory, GeneratedCard } from './factory.js';
import type { SpecialSigner } from './pki.js';

export interface TamperKind {
  /** Stable name, used in file names and ids. */
  readonly name: string;
  /** Reason code of the check that must fail. */
  readonly check: string;
  readonly description: string;
}

export const TAMPER_KINDS: readonly TamperKind[] = [
  {
    name: 'dg13-byte-flipped',
    check: 'dg.13.hash',
    description: 'one digit of the ID number in DG13 changed',
  },
  { name: 'dg2-swapped', check: 'dg.2.hash', description: "DG2 replaced by another card's DG2" },
  { name: 'sod-signature-flipped', check: 'signature', description: 'one bit of the SOD signature flipped' },
  {
    name: 'signed-attrs-digest-altered',
    check: 'signedAttrs.messageDigest',
    description: 'messageDigest attribute altered, then signed with the real DSC key',
  },
  { name: 'dsc-expired', check: 'dsc.validity', description: 'signed after its DSC expired' },
  { name: 'dsc-revoked', check: 'dsc.revocation', description: 'signed by a DSC on the CRL' },
  {
    name: 'dsc-untrusted',
    check: 'dsc.chain',
    description: 'DSC issued by an impostor CSCA with the same name',
  },
  {
    // DG2 is mandatory (ICAO 9303-10 §4.7), so every verification policy requires it.
    name: 'dg2-missing',
    check: 'dg.2.missing',
    description: 'DG2 left out though the SOD and EF.COM list it',
  },
  { name: 'sod-truncated', check: 'sod.parse', description: 'EF.SOD cut to 60% of its length' },
  { name: 'aa-other-chip', check: 'aa.signature', description: 'AA challenge answered by a different chip' },
];

const flipBit = (b: Uint8Array, at: number): Uint8Array => {
  const out = b.slice();
  out[at]! ^= 0x01;
  return out;
};

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** One tampered card of the given kind (name from TAMPER_KINDS). */
export function tamperedCard(factory: CardFactory, kind: TamperKind): GeneratedCard {
  const seed = factory.options.seed;
  const meta = {
    id: `tampered-${kind.name}`,
    label: `tampered: ${kind.description}`,
    expect: { verdict: 'rejected' as const, check: kind.check },
  };
  const base = (signer = factory.pki.dsc(0), tweaks = {}): GeneratedCard =>
    factory.build(new Drbg(seed, `tampered/${kind.name}`), signer, meta, tweaks);
  const special = (s: SpecialSigner): GeneratedCard => base(factory.pki.special(s));
  const other = (): GeneratedCard =>
    factory.build(new Drbg(seed, `tampered/${kind.name}/other`), factory.pki.dsc(0), meta);

  switch (kind.name) {
    case 'dg13-byte-flipped': {
      const c = base();
      const dg13 = c.dataGroups['13']!;
      const at = indexOf(dg13, new TextEncoder().encode(c.person.idNumber)) + 11;
      return { ...c, dataGroups: { ...c.dataGroups, '13': flipBit(dg13, at) } };
    }
    case 'dg2-swapped': {
      const c = base();
      return { ...c, dataGroups: { ...c.dataGroups, '2': other().dataGroups['2']! } };
    }
    case 'sod-signature-flipped': {
      const c = base();
      // The signature is the SOD's last element; a byte 5 from its end lies inside ECDSA's s or the RSA value.
      const at = c.sod.length - 5;
      return { ...c, sod: flipBit(c.sod, at) };
    }
    case 'signed-attrs-digest-altered':
      return base(factory.pki.dsc(0), { alterMessageDigest: (d: Uint8Array) => flipBit(d, 0) });
    case 'dsc-expired':
      return special('expired');
    case 'dsc-revoked':
      return special('revoked');
    case 'dsc-untrusted':
      return special('untrusted');
    case 'dg2-missing': {
      const c = base();
      const { '2': _dropped, ...rest } = c.dataGroups;
      return { ...c, dataGroups: rest };
    }
    case 'sod-truncated': {
      const c = base();
      return { ...c, sod: c.sod.slice(0, Math.floor(c.sod.length * 0.6)) };
    }
    case 'aa-other-chip': {
      const c = base();
      const challenge = c.aa?.challenge ?? new Drbg(seed, 'tampered/aa-challenge').bytes(8);
      return { ...c, aa: { challenge, signature: other().chip.answer(challenge) } };
    }
    default:
      throw new DinhdanhError('DD_CARDGEN_BAD_OPTION', 'unknown tampered variant', {
        status: 400,
        details: { option: 'kind' },
      });
  }
}

/** One card of every tampered kind, in TAMPER_KINDS order. */
export const tamperedCards = (factory: CardFactory): GeneratedCard[] =>
  TAMPER_KINDS.map((k) => tamperedCard(factory, k));
