/**
 * Minimal DER writer for the one structure we ever build: a named-curve
 * SubjectPublicKeyInfo handed to node:crypto for a key whose curve we have
 * identified (for example an explicit-parameter key equal to brainpoolP512r1).
 * Signed bytes are never re-encoded.
 */
function tlv(tag: number, content: Uint8Array): Uint8Array {
  const len = content.length;
  const head = len < 0x80 ? [tag, len] : len < 0x100 ? [tag, 0x81, len] : [tag, 0x82, len >> 8, len & 0xff];
  const out = new Uint8Array(head.length + len);
  out.set(head);
  out.set(content, head.length);
  return out;
}

function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(BigInt);
  const out: number[] = [];
  const push = (v: bigint) => {
    const tmp = [Number(v & 0x7fn)];
    for (v >>= 7n; v > 0n; v >>= 7n) tmp.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...tmp);
  };
  push(arcs[0]! * 40n + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return tlv(0x06, Uint8Array.from(out));
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

export function namedEcSpki(curveOid: string, point: Uint8Array): Uint8Array {
  const alg = tlv(0x30, concat(oid('1.2.840.10045.2.1'), oid(curveOid)));
  return tlv(0x30, concat(alg, tlv(0x03, concat(Uint8Array.of(0), point))));
}
