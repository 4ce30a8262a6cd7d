import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as wasmHash from '@dinhdanh/wasm/hash';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DinhdanhError, errorCatalogue } from '../../src/errors/index.js';
import {
  AUTO_TABLE,
  availableHashBackends,
  createHasher,
  digest,
  digestLength,
  digestMany,
  getDefaultHashBackend,
  HASH_ALGORITHMS,
  HASH_BACKENDS,
  HASH_OIDS,
  type HashAlgorithm,
  hashAlgFromOid,
  hashBackendFor,
  normalizeHashAlgorithm,
  oidFromHashAlg,
  setDefaultHashBackend,
} from '../../src/hash/index.js';

const vectors = JSON.parse(
  readFileSync(new URL('../../../../fixtures/fips180-4/vectors.json', import.meta.url), 'utf8'),
) as {
  messages: Record<string, { ascii?: string; repeat?: string; times?: number }>;
  digests: Record<HashAlgorithm, Record<string, string>>;
};
const message = (name: string): Uint8Array => {
  const m = vectors.messages[name]!;
  return new TextEncoder().encode(m.ascii ?? m.repeat!.repeat(m.times!));
};
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const oracle = (alg: HashAlgorithm, data: Uint8Array): string => createHash(alg).update(data).digest('hex');
const BACKENDS = [...HASH_BACKENDS, 'auto'] as const;

function thrown(fn: () => unknown): DinhdanhError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DinhdanhError) return e;
    throw e;
  }
  throw new Error('expected a DinhdanhError');
}

afterEach(() => setDefaultHashBackend('auto'));

describe('known answers on every backend', () => {
  for (const backend of BACKENDS) {
    for (const alg of HASH_ALGORITHMS) {
      it(`${backend} ${alg}`, () => {
        for (const [name, expected] of Object.entries(vectors.digests[alg])) {
          const m = message(name);
          expect(hex(digest(alg, m, { backend })), name).toBe(expected);
          expect(hex(createHasher(alg, { backend }).update(m).digest()), name).toBe(expected);
          expect(digestMany(alg, [m, m], { backend }).map(hex), name).toEqual([expected, expected]);
        }
      });
    }
  }
});

describe('every backend equals node:crypto', () => {
  it('on random inputs, one-shot', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BACKENDS),
        fc.constantFrom(...HASH_ALGORITHMS),
        fc.uint8Array({ maxLength: 2000 }),
        (backend, alg, data) => hex(digest(alg, data, { backend })) === oracle(alg, data),
      ),
      { numRuns: 400 },
    );
  });

  it('on random batch shapes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BACKENDS),
        fc.constantFrom(...HASH_ALGORITHMS),
        fc.array(fc.uint8Array({ maxLength: 400 }), { maxLength: 24 }),
        (backend, alg, messages) => {
          const got = digestMany(alg, messages, { backend }).map(hex);
          return got.length === messages.length && got.every((d, i) => d === oracle(alg, messages[i]!));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('streaming with random split points', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BACKENDS),
        fc.constantFrom(...HASH_ALGORITHMS),
        fc.uint8Array({ maxLength: 1500 }),
        fc.array(fc.nat(1500), { maxLength: 6 }),
        (backend, alg, data, cuts) => {
          const h = createHasher(alg, { backend });
          let prev = 0;
          for (const p of [...cuts.map((c) => c % (data.length + 1)).sort((a, b) => a - b), data.length]) {
            h.update(data.subarray(prev, p));
            prev = p;
          }
          return hex(h.digest()) === oracle(alg, data);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on 1 MiB', () => {
    const m = randomBytes(1 << 20);
    for (const backend of BACKENDS) {
      for (const alg of HASH_ALGORITHMS) expect(hex(digest(alg, m, { backend }))).toBe(oracle(alg, m));
    }
  });
});

describe('names, aliases and OIDs', () => {
  it('accepts the usual spellings', () => {
    for (const [name, alg] of [
      ['SHA-256', 'sha256'],
      ['sha-384', 'sha384'],
      ['SHA512', 'sha512'],
      ['sha_224', 'sha224'],
      ['SHA-1', 'sha1'],
      ['sha1', 'sha1'],
    ] as const) {
      expect(normalizeHashAlgorithm(name)).toBe(alg);
    }
    expect(hex(digest('SHA-256', message('abc')))).toBe(vectors.digests.sha256.abc);
  });

  it('maps the CMS / ICAO 9303 OIDs both ways (RFC 3279, RFC 5754)', () => {
    expect(hashAlgFromOid('1.3.14.3.2.26')).toBe('sha1');
    expect(hashAlgFromOid('2.16.840.1.101.3.4.2.4')).toBe('sha224');
    expect(hashAlgFromOid('2.16.840.1.101.3.4.2.1')).toBe('sha256');
    expect(hashAlgFromOid('2.16.840.1.101.3.4.2.2')).toBe('sha384');
    expect(hashAlgFromOid('2.16.840.1.101.3.4.2.3')).toBe('sha512');
    for (const alg of HASH_ALGORITHMS) expect(hashAlgFromOid(oidFromHashAlg(alg))).toBe(alg);
    expect(Object.keys(HASH_OIDS).sort()).toEqual([...HASH_ALGORITHMS].sort());
  });

  it('knows the digest lengths', () => {
    expect(HASH_ALGORITHMS.map((a) => digestLength(a))).toEqual([20, 28, 32, 48, 64]);
  });

  it('rejects unknown names and OIDs with DD_HASH_UNKNOWN_ALGORITHM', () => {
    for (const bad of ['md5', 'sha3-256', '', 'sha-2', 'constructor']) {
      const e = thrown(() => digest(bad, new Uint8Array(1)));
      expect(e.code).toBe('DD_HASH_UNKNOWN_ALGORITHM');
      expect(e.status).toBe(400);
    }
    expect(thrown(() => digest(7 as unknown as string, new Uint8Array(1))).code).toBe(
      'DD_HASH_UNKNOWN_ALGORITHM',
    );
    // id-sha512-224 exists but is not supported here.
    expect(thrown(() => hashAlgFromOid('2.16.840.1.101.3.4.2.5')).code).toBe('DD_HASH_UNKNOWN_ALGORITHM');
    expect(thrown(() => createHasher('ripemd160')).code).toBe('DD_HASH_UNKNOWN_ALGORITHM');
  });
});

describe('backend registry', () => {
  it('lists the backends available under Node.js', () => {
    expect(availableHashBackends()).toEqual(['wasm', 'node', 'noble']);
  });

  it('a global default applies until reset; a per-call option wins over it', () => {
    expect(getDefaultHashBackend()).toBe('auto');
    setDefaultHashBackend('noble');
    expect(getDefaultHashBackend()).toBe('noble');
    expect(hashBackendFor('sha256', 64)).toBe('noble');
    expect(createHasher('sha256').backend).toBe('noble');
    expect(hashBackendFor('sha256', 64, { backend: 'wasm' })).toBe('wasm');
    expect(createHasher('sha256', { backend: 'node' }).backend).toBe('node');
    setDefaultHashBackend('auto');
    expect(getDefaultHashBackend()).toBe('auto');
  });

  it('rejects unknown backends', () => {
    expect(thrown(() => setDefaultHashBackend('openssl' as 'node')).code).toBe('DD_HASH_UNKNOWN_BACKEND');
    expect(thrown(() => digest('sha256', new Uint8Array(1), { backend: 'gpu' as 'node' })).code).toBe(
      'DD_HASH_UNKNOWN_BACKEND',
    );
    expect(getDefaultHashBackend()).toBe('auto');
  });

  it('auto follows the committed table', () => {
    for (const alg of HASH_ALGORITHMS) {
      for (const bytes of [0, 64, 100, 500, 5000, 20_000, 1 << 20]) {
        const rule = AUTO_TABLE.digest[alg].find((r) => bytes <= r.upTo)!;
        expect(hashBackendFor(alg, bytes)).toBe(rule.rank[0]);
      }
    }
  });

  it('the auto table is well formed: every algorithm, ascending sizes, ending at infinity, full rankings', () => {
    expect(AUTO_TABLE.source).toMatch(/bench\/results\/hash\.json/);
    for (const section of [AUTO_TABLE.digest, AUTO_TABLE.batch]) {
      expect(Object.keys(section).sort()).toEqual([...HASH_ALGORITHMS].sort());
      for (const rules of Object.values(section)) {
        expect(rules.length).toBeGreaterThan(0);
        expect(rules[rules.length - 1]!.upTo).toBe(Number.POSITIVE_INFINITY);
        for (let i = 1; i < rules.length; i++) expect(rules[i]!.upTo).toBeGreaterThan(rules[i - 1]!.upTo);
        for (const r of rules) expect([...r.rank].sort()).toEqual([...HASH_BACKENDS].sort());
      }
    }
  });
});

describe('bad input gets a typed error with a catalogued code', () => {
  const bads: unknown[] = [
    'abc',
    1,
    null,
    undefined,
    [1, 2, 3],
    new Uint32Array(1),
    new DataView(new ArrayBuffer(1)),
  ];

  for (const backend of BACKENDS) {
    it(`${backend}: non-Uint8Array data`, () => {
      for (const bad of bads) {
        expect(thrown(() => digest('sha256', bad as Uint8Array, { backend })).code).toBe('DD_HASH_BAD_INPUT');
        expect(thrown(() => createHasher('sha1', { backend }).update(bad as Uint8Array)).code).toBe(
          'DD_HASH_BAD_INPUT',
        );
        const e = thrown(() => digestMany('sha512', [new Uint8Array(2), bad as Uint8Array], { backend }));
        expect(e.code).toBe('DD_HASH_BAD_INPUT');
        expect(e.details).toEqual({ path: 'messages[1]' });
      }
      expect(thrown(() => digestMany('sha256', new Uint8Array(3) as unknown as Uint8Array[])).code).toBe(
        'DD_HASH_BAD_INPUT',
      );
    });

    it(`${backend}: detached buffers`, () => {
      const buf = new ArrayBuffer(8);
      const view = new Uint8Array(buf);
      structuredClone(buf, { transfer: [buf] });
      expect(thrown(() => digest('sha256', view, { backend })).code).toBe('DD_HASH_DETACHED_BUFFER');
      expect(thrown(() => digestMany('sha256', [view], { backend })).code).toBe('DD_HASH_DETACHED_BUFFER');
    });

    it(`${backend}: a finished hasher refuses more work`, () => {
      const h = createHasher('sha256', { backend });
      h.update(new Uint8Array(5)).digest();
      expect(thrown(() => h.update(new Uint8Array(1))).code).toBe('DD_HASH_FINALIZED');
      expect(thrown(() => h.digest()).code).toBe('DD_HASH_FINALIZED');
    });
  }

  it('every code thrown is in the catalogue, with the status thrown', () => {
    const errors = [
      thrown(() => digest('md5', new Uint8Array(1))),
      thrown(() => digest('sha256', 'x' as unknown as Uint8Array)),
      thrown(() => digest('sha256', 'x' as unknown as Uint8Array, { backend: 'wasm' })),
      thrown(() => digest('sha256', new Uint8Array(1), { backend: 'x' as 'node' })),
      (() => {
        const h = createHasher('sha1', { backend: 'wasm' });
        h.digest();
        return thrown(() => h.digest());
      })(),
      // Thrown by the wasm loader itself, which cannot import the catalogue.
      thrown(() => wasmHash.digestBatch('sha256', new Uint8Array(4), [2, 0], [2, 2])),
      (() => {
        const buf = new ArrayBuffer(4);
        const view = new Uint8Array(buf);
        structuredClone(buf, { transfer: [buf] });
        return thrown(() => wasmHash.digest('sha1', view));
      })(),
      (() => {
        const s = wasmHash.createHashState('sha512');
        s.digest();
        return thrown(() => s.update(new Uint8Array(1)));
      })(),
      thrown(() => wasmHash.digest('md4' as 'sha1', new Uint8Array(1))),
    ];
    for (const e of errors) {
      expect(errorCatalogue[e.code], e.code).toBeDefined();
      expect(e.status, e.code).toBe(errorCatalogue[e.code]!.status);
      expect(e.message).not.toMatch(/\d{9,}/); // no long digit strings (ID numbers) in messages
    }
  });
});
