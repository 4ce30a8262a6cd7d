/**
 * Test-only DER writer and a tiny PKI (CSCA, DSC, CRL, SOD) signed with
 * node:crypto keys, so tests can build documents the fixtures do not cover
 * (revoked, expired, untrusted, link certificates, RSA active authentication).
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

export type Bytes = Uint8Array;

const cat = (...parts: Bytes[]): Bytes => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

function lenBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const b: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) b.unshift(x & 0xff);
  return [0x80 | b.length, ...b];
}

export const tlv = (tag: number | number[], ...content: Bytes[]): Bytes => {
  const body = cat(...content);
  return cat(Uint8Array.from(Array.isArray(tag) ? tag : [tag]), Uint8Array.from(lenBytes(body.length)), body);
};
export const seq = (...c: Bytes[]) => tlv(0x30, ...c);
export const set = (...c: Bytes[]) => tlv(0x31, ...c);
export const ctx = (n: number, ...c: Bytes[]) => tlv(0xa0 | n, ...c);
export const octets = (b: Bytes) => tlv(0x04, b);
export const bits = (b: Bytes, unused = 0) => tlv(0x03, Uint8Array.of(unused), b);
export const utf8 = (s: string) => tlv(0x0c, new TextEncoder().encode(s));
export const printable = (s: string) => tlv(0x13, new TextEncoder().encode(s));
export const bool = (v: boolean) => tlv(0x01, Uint8Array.of(v ? 0xff : 0));
export const nul = () => Uint8Array.of(0x05, 0x00);

export function int(v: bigint | number): Bytes {
  let n = BigInt(v);
  const b: number[] = [];
  do {
    b.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (n > 0n);
  if (b[0]! & 0x80) b.unshift(0);
  return tlv(0x02, Uint8Array.from(b));
}

export function oid(s: string): Bytes {
  const a = s.split('.').map(BigInt);
  const arcs = [a[0]! * 40n + a[1]!, ...a.slice(2)];
  const out: number[] = [];
  for (const arc of arcs) {
    const g: number[] = [];
    let x = arc;
    do {
      g.unshift(Number(x & 0x7fn));
      x >>= 7n;
    } while (x > 0n);
    out.push(...g.map((v, i) => (i < g.length - 1 ? v | 0x80 : v)));
  }
  return tlv(0x06, Uint8Array.from(out));
}

export function time(d: Date): Bytes {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const y = d.getUTCFullYear();
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return y >= 1950 && y < 2050
    ? tlv(0x17, new TextEncoder().encode(`${p(y % 100)}${rest}`))
    : tlv(0x18, new TextEncoder().encode(`${y}${rest}`));
}

const ATTR: Record<string, string> = { C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3' };
export const name = (rdns: [string, string][]) =>
  seq(...rdns.map(([k, v]) => set(seq(oid(ATTR[k]!), k === 'C' ? printable(v) : utf8(v)))));

export type KeyKind = 'p256' | 'p384' | 'brainpoolP384r1' | 'brainpoolP512r1' | 'rsa2048';

export interface KeyPair {
  readonly kind: KeyKind;
  readonly privateKey: KeyObject;
  readonly spki: Bytes;
}

const CURVE: Record<Exclude<KeyKind, 'rsa2048'>, string> = {
  p256: 'prime256v1',
  p384: 'secp384r1',
  brainpoolP384r1: 'brainpoolP384r1',
  brainpoolP512r1: 'brainpoolP512r1',
};

export function keyPair(kind: KeyKind): KeyPair {
  const kp =
    kind === 'rsa2048'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: CURVE[kind] });
  return {
    kind,
    privateKey: kp.privateKey,
    spki: new Uint8Array(kp.publicKey.export({ type: 'spki', format: 'der' })),
  };
}

const SIG: Record<string, { oid: string; hash: string; rsa: boolean }> = {
  'ecdsa-sha256': { oid: '1.2.840.10045.4.3.2', hash: 'sha256', rsa: false },
  'ecdsa-sha384': { oid: '1.2.840.10045.4.3.3', hash: 'sha384', rsa: false },
  'ecdsa-sha512': { oid: '1.2.840.10045.4.3.4', hash: 'sha512', rsa: false },
  'rsa-sha256': { oid: '1.2.840.113549.1.1.11', hash: 'sha256', rsa: true },
};

const sigAlgFor = (k: KeyPair) =>
  k.kind === 'rsa2048' ? 'rsa-sha256' : k.kind === 'p256' ? 'ecdsa-sha256' : 'ecdsa-sha384';

export function signWith(k: KeyPair, data: Bytes): { algId: Bytes; signature: Bytes } {
  const s = SIG[sigAlgFor(k)]!;
  const signature = new Uint8Array(sign(s.hash, data, { key: k.privateKey, dsaEncoding: 'der' }));
  return { algId: s.rsa ? seq(oid(s.oid), nul()) : seq(oid(s.oid)), signature };
}

export const keyId = (spki: Bytes) =>
  new Uint8Array(createHash('sha1').update(spki).digest()).subarray(0, 20);

export interface CertSpec {
  readonly subject: [string, string][];
  readonly issuer: [string, string][];
  readonly serial: bigint;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subjectKey: KeyPair;
  readonly issuerKey: KeyPair;
  readonly ca?: boolean;
  /** keyUsage first byte (0x80 digitalSignature, 0x06 keyCertSign|cRLSign); undefined = no extension. */
  readonly keyUsage?: number;
}

export function makeCert(c: CertSpec): Bytes {
  const ext: Bytes[] = [
    seq(oid('2.5.29.14'), octets(octets(keyId(c.subjectKey.spki)))),
    seq(oid('2.5.29.35'), octets(seq(tlv(0x80, keyId(c.issuerKey.spki))))),
  ];
  if (c.keyUsage !== undefined)
    ext.push(seq(oid('2.5.29.15'), bool(true), octets(bits(Uint8Array.of(c.keyUsage), 1))));
  if (c.ca) ext.push(seq(oid('2.5.29.19'), bool(true), octets(seq(bool(true), int(0)))));
  const { algId } = signWith(c.issuerKey, new Uint8Array());
  const tbs = seq(
    ctx(0, int(2)),
    int(c.serial),
    algId,
    name(c.issuer),
    seq(time(c.notBefore), time(c.notAfter)),
    name(c.subject),
    c.subjectKey.spki,
    ctx(3, seq(...ext)),
  );
  const { signature } = signWith(c.issuerKey, tbs);
  return seq(tbs, algId, bits(signature));
}

export function makeCrl(o: {
  issuer: [string, string][];
  issuerKey: KeyPair;
  thisUpdate: Date;
  nextUpdate: Date;
  revoked: { serial: bigint; date: Date }[];
}): Bytes {
  const { algId } = signWith(o.issuerKey, new Uint8Array());
  const entries = o.revoked.map((r) => seq(int(r.serial), time(r.date)));
  const tbs = seq(
    int(1),
    algId,
    name(o.issuer),
    time(o.thisUpdate),
    time(o.nextUpdate),
    ...(entries.length ? [seq(...entries)] : []),
    ctx(0, seq(seq(oid('2.5.29.35'), octets(seq(tlv(0x80, keyId(o.issuerKey.spki))))))),
  );
  const { signature } = signWith(o.issuerKey, tbs);
  return seq(tbs, algId, bits(signature));
}

const HASH_OID: Record<string, string> = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
};

export interface SodSpec {
  readonly dataGroups: ReadonlyMap<number, Bytes>;
  readonly dsc: Bytes;
  readonly dscKey: KeyPair;
  readonly hash?: 'sha256' | 'sha384';
  /** Identify the signer by subjectKeyIdentifier instead of issuerAndSerialNumber. */
  readonly bySki?: boolean;
  /** Replace the messageDigest attribute value (tamper). */
  readonly messageDigest?: Bytes;
  /** Issuer name and serial of the DSC (needed for issuerAndSerialNumber). */
  readonly dscIssuer: [string, string][];
  readonly dscSerial: bigint;
}

export function makeSod(s: SodSpec): Bytes {
  const h = s.hash ?? 'sha256';
  const dig = (b: Bytes) => new Uint8Array(createHash(h).update(b).digest());
  const lds = seq(
    int(0),
    seq(oid(HASH_OID[h]!)),
    seq(...[...s.dataGroups].map(([n, b]) => seq(int(n), octets(dig(b))))),
  );
  const attrs = [
    seq(oid('1.2.840.113549.1.9.3'), set(oid('2.23.136.1.1.1'))),
    seq(oid('1.2.840.113549.1.9.4'), set(octets(s.messageDigest ?? dig(lds)))),
  ];
  const signedAttrsSet = set(...attrs);
  const { algId, signature } = signWith(s.dscKey, signedAttrsSet);
  const signedAttrsImplicit = Uint8Array.from(signedAttrsSet);
  signedAttrsImplicit[0] = 0xa0;
  const sid = s.bySki ? tlv(0x80, keyId(s.dscKey.spki)) : seq(name(s.dscIssuer), int(s.dscSerial));
  const signerInfo = seq(
    int(s.bySki ? 3 : 1),
    sid,
    seq(oid(HASH_OID[h]!)),
    signedAttrsImplicit,
    algId,
    octets(signature),
  );
  const signedData = seq(
    int(3),
    set(seq(oid(HASH_OID[h]!))),
    seq(oid('2.23.136.1.1.1'), ctx(0, octets(lds))),
    ctx(0, s.dsc),
    set(signerInfo),
  );
  return tlv(0x77, seq(oid('1.2.840.113549.1.7.2'), ctx(0, signedData)));
}

/** A ready test PKI: CSCA (P-384), DSC (brainpoolP384r1 by default) and helpers. */
export function testPki(dscKind: KeyKind = 'brainpoolP384r1', cscaKind: KeyKind = 'p384') {
  const cscaName: [string, string][] = [
    ['C', 'VN'],
    ['O', 'Test PKI'],
    ['CN', 'Test CSCA'],
  ];
  const dscName: [string, string][] = [
    ['C', 'VN'],
    ['O', 'Test PKI'],
    ['CN', 'Test DSC'],
  ];
  const cscaKey = keyPair(cscaKind);
  const dscKey = keyPair(dscKind);
  const csca = makeCert({
    subject: cscaName,
    issuer: cscaName,
    serial: 1n,
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2040-01-01T00:00:00Z'),
    subjectKey: cscaKey,
    issuerKey: cscaKey,
    ca: true,
    keyUsage: 0x06,
  });
  const dscSpec = {
    subject: dscName,
    issuer: cscaName,
    serial: 0x1234n,
    notBefore: new Date('2021-01-01T00:00:00Z'),
    notAfter: new Date('2031-01-01T00:00:00Z'),
    subjectKey: dscKey,
    issuerKey: cscaKey,
    keyUsage: 0x80,
  } satisfies CertSpec;
  return { cscaName, dscName, cscaKey, dscKey, csca, dsc: makeCert(dscSpec), dscSpec };
}
