/**
 * Mutation fuzzing of chip inputs: real (BSI, openssl-cccd) and synthetic
 * (generated PKI) SODs, data groups and CSCA certificates. Property: no
 * untyped exception, and never a `verified` verdict once any byte changed.
 */
import { DinhdanhError } from '@dinhdanh/core/errors';
import fc from 'fast-check';
import {
  parseCardJson,
  parseCertificate,
  parseCom,
  parseDg1,
  parseDg2,
  parseDg13,
  parseDg14,
  parseDg15,
  TrustStore,
  verifyDocument,
} from '../../src/chip/index.js';
import { bsi, CCCD_QR, cccd, cccdGroups, read } from './_fixtures.js';
import { makeSod, testPki } from './_pki.js';

const AT = new Date('2026-11-27T12:00:00Z');

interface Case {
  readonly name: string;
  readonly sod: Uint8Array;
  readonly groups: Map<number, Uint8Array>;
  readonly csca: Uint8Array;
  readonly aa?: { challenge: Uint8Array; signature: Uint8Array };
  readonly qr?: string;
  readonly verifiedWhenIntact: boolean;
  readonly at: Date;
}

function cases(): Case[] {
  const pki = testPki('p256');
  const groups = new Map([
    [1, cccd('EF_DG1.bin')],
    [2, cccd('EF_DG2.bin')],
    [13, cccd('EF_DG13.bin')],
  ]);
  return [
    {
      name: 'openssl-cccd',
      sod: cccd('EF_SOD.bin'),
      groups: cccdGroups(),
      csca: cccd('csca.der'),
      aa: { challenge: cccd('challenge.bin'), signature: cccd('aa_signature.bin') },
      qr: CCCD_QR,
      verifiedWhenIntact: true,
      at: AT,
    },
    {
      name: 'synthetic p256',
      sod: makeSod({
        dataGroups: groups,
        dsc: pki.dsc,
        dscKey: pki.dscKey,
        dscIssuer: pki.cscaName,
        dscSerial: pki.dscSpec.serial,
      }),
      groups,
      csca: pki.csca,
      verifiedWhenIntact: true,
      at: AT,
    },
    (() => {
      // A generated card (fixture generator, explicit EC parameters everywhere, AA and QR).
      const card = parseCardJson(
        new TextDecoder().decode(read('cards/bp384-explicit/cards/card-000001.json')),
      );
      return {
        name: 'cardgen bp384-explicit',
        sod: card.sod,
        groups: new Map(card.dataGroups),
        csca: read('cards/bp384-explicit/csca.der'),
        aa: card.aa,
        qr: card.qr,
        verifiedWhenIntact: true,
        at: AT,
      };
    })(),
    {
      name: 'bsi',
      sod: bsi('EF_SOD.bin'),
      groups: new Map([
        [1, bsi('EF_DG1.bin')],
        [14, bsi('EF_DG14.bin')],
      ]),
      csca: bsi('DSC_de_0142fd5cf927.cer'),
      verifiedWhenIntact: false,
      at: new Date('2014-06-01T00:00:00Z'),
    },
  ];
}

type Mutation =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; count: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('flip' as const),
      at: fc.nat(),
      mask: fc.integer({ min: 1, max: 255 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      at: fc.nat(),
      value: fc.constantFrom(0x00, 0x80, 0xff, 0x30, 0x31, 0x04, 0x81, 0x82, 0x83, 0x84),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: fc.nat(),
      count: fc.integer({ min: 1, max: 8 }),
    }),
  },
);

function mutate(b: Uint8Array, m: Mutation): Uint8Array {
  if (b.length === 0) return b;
  const at = m.at % b.length;
  switch (m.kind) {
    case 'flip': {
      const c = b.slice();
      c[at] = c[at]! ^ m.mask;
      return c;
    }
    case 'set': {
      const c = b.slice();
      c[at] = m.value;
      return c;
    }
    case 'truncate':
      return b.slice(0, at);
    case 'insert':
      return Uint8Array.from([...b.subarray(0, at), ...m.bytes, ...b.subarray(at)]);
    case 'delete':
      return Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.count)]);
  }
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

const PARSERS: Record<number, (b: Uint8Array) => unknown> = {
  1: parseDg1,
  2: parseDg2,
  13: parseDg13,
  14: parseDg14,
  15: parseDg15,
};

/** Calls f; a DinhdanhError is fine, anything else fails the property. */
function typedOnly(f: () => void): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof DinhdanhError)) throw e;
  }
}

export function fuzzProperty(): fc.IPropertyWithHooks<[number, string, Mutation[]]> {
  const all = cases();
  return fc.property(
    fc.nat({ max: all.length - 1 }),
    fc.constantFrom('sod', 'dg', 'csca'),
    fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
    (ci, target, muts) => {
      const c = all[ci]!;
      let sod = c.sod;
      const groups = new Map(c.groups);
      let csca = c.csca;
      let changed = false;
      if (target === 'sod') {
        sod = muts.reduce(mutate, sod);
        changed = !same(sod, c.sod);
      } else if (target === 'dg') {
        const keys = [...groups.keys()];
        const n = keys[muts[0]!.at % keys.length]!;
        const orig = groups.get(n)!;
        const b = muts.reduce(mutate, orig);
        groups.set(n, b);
        changed = !same(b, orig);
        typedOnly(() => PARSERS[n]?.(b));
      } else {
        csca = muts.reduce(mutate, csca);
        changed = !same(csca, c.csca);
        typedOnly(() => parseCertificate(csca));
      }
      typedOnly(() => parseCom(sod));
      const trust = new TrustStore();
      typedOnly(() => {
        trust.add(csca, 'fuzz');
      });
      const report = verifyDocument({ sod, dataGroups: groups, trust, at: c.at, aa: c.aa, qr: c.qr });
      if (changed && report.verdict === 'verified') {
        throw new Error(
          `${c.name}: altered ${target} still verified (${muts.map((m) => `${m.kind}@${m.at % (target === 'sod' ? c.sod.length : 1)}`).join(', ')}; len ${c.sod.length})`,
        );
      }
      if (!changed && c.verifiedWhenIntact && target !== 'csca' && report.verdict !== 'verified') {
        throw new Error(`${c.name}: intact input not verified`);
      }
    },
  );
}
