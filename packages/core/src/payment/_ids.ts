/**
 * Payment and journal ids: `pay_` / `jnl_` + 20 base32 characters, 9 of time
 * (ms) then 11 random (55 bits; ids are also primary keys, so a collision
 * fails loudly instead of merging). Time-ordered ids append to the
 * primary-key b-tree instead of splitting random pages, sort by creation
 * time (Crockford's alphabet is in ASCII order), and the whole id fits
 * VietQR's 25-character reference field.
 */
import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
const CODES = Array.from(CROCKFORD, (c) => c.charCodeAt(0));
/** Random bytes drawn 4 KiB at a time: one CSPRNG call per ~370 ids instead of one each. */
let pool = randomBytes(4096);
let poolAt = 0;

/** The id prefix shared by every id created at epoch ms `at`; ids created at or after `at` sort at or after it. */
export function idAt(prefix: string, at: number): string {
  let s = prefix;
  for (let shift = 40; shift >= 0; shift -= 5) s += CROCKFORD[Math.floor(at / 2 ** shift) % 32];
  return s;
}

/** The time part of the last id made: ids come several per millisecond under load. */
let lastAt = Number.NaN;
let lastTime = '';

export function newId(prefix: string, now: number): string {
  if (poolAt + 11 > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  if (now !== lastAt) {
    lastTime = idAt('', now);
    lastAt = now;
  }
  const p = pool;
  const i = poolAt;
  poolAt += 11;
  // One flat string from 11 character codes instead of 11 concatenations.
  const random = String.fromCharCode(
    CODES[p[i]! & 31]!,
    CODES[p[i + 1]! & 31]!,
    CODES[p[i + 2]! & 31]!,
    CODES[p[i + 3]! & 31]!,
    CODES[p[i + 4]! & 31]!,
    CODES[p[i + 5]! & 31]!,
    CODES[p[i + 6]! & 31]!,
    CODES[p[i + 7]! & 31]!,
    CODES[p[i + 8]! & 31]!,
    CODES[p[i + 9]! & 31]!,
    CODES[p[i + 10]! & 31]!,
  );
  return prefix + lastTime + random;
}
