// Record-linkage kernel: string similarity (Jaro-Winkler, bit-parallel
// Levenshtein after Myers 1999, optimal-string-alignment Damerau after
// Hyyrö 2003) and whole-pair scoring over columnar buffers. The loader lays
// out every buffer above heapBase(); one call scores a whole batch of pairs,
// so JS and WASM cross once per batch, never once per pair.

// Peq[c]: bit i set when pattern[i] == c. 65,536 UTF-16 units x 8 bytes; only
// the pattern's own entries are set and they are cleared after each call.
const PEQ_BYTES: usize = 65536 * 8;
const PEQ: usize = memory.data(<i32>PEQ_BYTES, 16);
// score() keeps one Peq table per Jaro-Winkler column (the level record names
// it): pairs come grouped by left record, so the left value's table is built
// once per record and column, even when several columns' levels run for
// every pair. Folded text touches only the tables' first few cache lines.
const KEPT_TABLES: i32 = 4;
const KEPT_PEQ: usize = memory.data(<i32>PEQ_BYTES * KEPT_TABLES, 16);
// Per kept table: (start, length) of the value it holds, length 0 = none.
const KEPT: usize = memory.data(KEPT_TABLES * 8, 8);
// Scratch for Jaro flags and the three DP rows; the loader refuses strings
// longer than MAX_UNITS so these bounds always hold.
const MAX_UNITS: i32 = 4096;
const FLAGS_A: usize = memory.data(MAX_UNITS);
const FLAGS_B: usize = memory.data(MAX_UNITS);
const ROW: usize = memory.data((MAX_UNITS + 1) * 12, 16);

export function heapBase(): usize {
  return __heap_base;
}

export function maxUnits(): i32 {
  return MAX_UNITS;
}

export function keptTables(): i32 {
  return KEPT_TABLES;
}

// ---- Jaro-Winkler (Winkler 1990: prefix ≤ 4, scale 0.1, boost from 0.7) ----

export function jaroWinkler(a: usize, la: i32, b: usize, lb: i32): f64 {
  if (la == 0 && lb == 0) return 1.0;
  if (la == 0 || lb == 0) return 0.0;
  if (la <= 64 && lb <= 64) return jaroWinklerShort(a, la, b, lb);
  let range = (la > lb ? la : lb) / 2 - 1;
  if (range < 0) range = 0;
  memory.fill(FLAGS_A, 0, <usize>la);
  memory.fill(FLAGS_B, 0, <usize>lb);
  let m = 0;
  for (let i = 0; i < la; i++) {
    const c = load<u16>(a + (<usize>i << 1));
    const lo = i - range > 0 ? i - range : 0;
    const hi = i + range + 1 < lb ? i + range + 1 : lb;
    for (let j = lo; j < hi; j++) {
      if (load<u8>(FLAGS_B + j) == 0 && load<u16>(b + (<usize>j << 1)) == c) {
        store<u8>(FLAGS_A + i, 1);
        store<u8>(FLAGS_B + j, 1);
        m++;
        break;
      }
    }
  }
  if (m == 0) return 0.0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (load<u8>(FLAGS_A + i) == 0) continue;
    while (load<u8>(FLAGS_B + k) == 0) k++;
    if (load<u16>(a + (<usize>i << 1)) != load<u16>(b + (<usize>k << 1))) t++;
    k++;
  }
  return winkler(a, la, b, lb, m, t);
}

// Both strings ≤ 64 units, one call: b's Peq table is set for the scan and
// cleared after it.
function jaroWinklerShort(a: usize, la: i32, b: usize, lb: i32): f64 {
  setPeq(PEQ, b, lb);
  const v = jaroWinklerPeq(PEQ, a, la, b, lb);
  clearPeq(PEQ, b, lb);
  return v;
}

// Jaro-Winkler with b's Peq table kept in kept table `k` across calls.
function jaroWinklerKept(k: i32, a: usize, la: i32, b: usize, lb: i32): f64 {
  if (la == 0 || lb == 0 || la > 64 || lb > 64) return jaroWinkler(a, la, b, lb);
  const peq = KEPT_PEQ + <usize>k * PEQ_BYTES;
  const kept = KEPT + (<usize>k << 3);
  if (load<i32>(kept) != <i32>b || load<i32>(kept, 4) != lb) {
    clearPeq(peq, <usize>load<i32>(kept), load<i32>(kept, 4));
    setPeq(peq, b, lb);
    store<i32>(kept, <i32>b);
    store<i32>(kept, lb, 4);
  }
  return jaroWinklerPeq(peq, a, la, b, lb);
}

function dropKeptPeq(): void {
  for (let k = 0; k < KEPT_TABLES; k++) {
    const kept = KEPT + (<usize>k << 3);
    clearPeq(KEPT_PEQ + <usize>k * PEQ_BYTES, <usize>load<i32>(kept), load<i32>(kept, 4));
    store<i64>(kept, 0);
  }
}

// Both strings ≤ 64 units, peq = Peq of b: the matching window and the
// matched flags are 64-bit masks, and Peq[c] (positions of c in b) finds the
// first free match in the window with one AND and an isolate-lowest-bit — the
// same greedy choice as the flag-array loop above.
@inline function jaroWinklerPeq(peq: usize, a: usize, la: i32, b: usize, lb: i32): f64 {
  let range = (la > lb ? la : lb) / 2 - 1;
  if (range < 0) range = 0;
  // Window of a[i]: b positions [i - range, i + range]. Both lengths are ≤ 64,
  // so range ≤ 31 and the first window fits; it then slides by one per unit
  // (growing while i < range). Bits at or above lb never match (Peq has none
  // there), so the window needs no upper clip. Positions i ≥ lb + range have
  // an empty window. The loop has no data-dependent branch: an unmatched unit
  // just adds nothing.
  let win: u64 = (<u64>1 << <u64>(range + 1)) - 1;
  const n = la < lb + range ? la : lb + range;
  let fa: u64 = 0;
  let fb: u64 = 0;
  for (let i = 0; i < n; i++) {
    const cand = load<u64>(peq + (<usize>load<u16>(a + (<usize>i << 1)) << 3)) & win & ~fb;
    fb |= cand & (0 - cand);
    fa |= <u64>(cand != 0) << <u64>i;
    win = i < range ? (win << 1) | 1 : win << 1;
  }
  if (fa == 0) return 0.0;
  const m = <i32>popcnt(fa);
  // Transpositions: the k-th matched unit of a against the k-th of b.
  let t = 0;
  while (fa != 0) {
    t += <i32>(load<u16>(a + (<usize>ctz(fa) << 1)) != load<u16>(b + (<usize>ctz(fb) << 1)));
    fa &= fa - 1;
    fb &= fb - 1;
  }
  return winkler(a, la, b, lb, m, t);
}

@inline function winkler(a: usize, la: i32, b: usize, lb: i32, m: i32, t: i32): f64 {
  const fm = <f64>m;
  const jaro = (fm / <f64>la + fm / <f64>lb + (fm - <f64>(t >> 1)) / fm) / 3.0;
  if (jaro < 0.7) return jaro;
  let p = 0;
  const pmax = la < lb ? la : lb;
  while (p < 4 && p < pmax && load<u16>(a + (<usize>p << 1)) == load<u16>(b + (<usize>p << 1))) p++;
  return jaro + <f64>p * 0.1 * (1.0 - jaro);
}

// ---- Levenshtein and OSA distance ----

function setPeq(peq: usize, p: usize, m: i32): void {
  for (let i = 0; i < m; i++) {
    const slot = peq + (<usize>load<u16>(p + (<usize>i << 1)) << 3);
    store<u64>(slot, load<u64>(slot) | (<u64>1 << <u64>i));
  }
}

function clearPeq(peq: usize, p: usize, m: i32): void {
  for (let i = 0; i < m; i++) store<u64>(peq + (<usize>load<u16>(p + (<usize>i << 1)) << 3), 0);
}

// Myers' bit-vector algorithm; pattern p (m ≤ 64 units) against text t.
function myers(p: usize, m: i32, t: usize, n: i32): i32 {
  setPeq(PEQ, p, m);
  let vp: u64 = ~(<u64>0);
  let vn: u64 = 0;
  const last: u64 = <u64>1 << <u64>(m - 1);
  let score = m;
  for (let j = 0; j < n; j++) {
    const eq = load<u64>(PEQ + (<usize>load<u16>(t + (<usize>j << 1)) << 3));
    const xv = eq | vn;
    const xh = (((eq & vp) + vp) ^ vp) | eq;
    let ph = vn | ~(xh | vp);
    let mh = vp & xh;
    if (ph & last) score++;
    else if (mh & last) score--;
    ph = (ph << 1) | 1;
    mh = mh << 1;
    vp = mh | ~(xv | ph);
    vn = ph & xv;
  }
  clearPeq(PEQ, p, m);
  return score;
}

// Hyyrö's bit-vector optimal string alignment (adjacent transpositions).
function hyyroOsa(p: usize, m: i32, t: usize, n: i32): i32 {
  setPeq(PEQ, p, m);
  let vp: u64 = ~(<u64>0);
  let vn: u64 = 0;
  let d0: u64 = 0;
  let pmPrev: u64 = 0;
  const last: u64 = <u64>1 << <u64>(m - 1);
  let score = m;
  for (let j = 0; j < n; j++) {
    const pm = load<u64>(PEQ + (<usize>load<u16>(t + (<usize>j << 1)) << 3));
    const tr = (((~d0) & pm) << 1) & pmPrev;
    d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr;
    const hp = vn | ~(d0 | vp);
    const hn = d0 & vp;
    if (hp & last) score++;
    else if (hn & last) score--;
    const x = (hp << 1) | 1;
    vn = x & d0;
    vp = (hn << 1) | ~(x | d0);
    pmPrev = pm;
  }
  clearPeq(PEQ, p, m);
  return score;
}

// Two-row dynamic programme for strings longer than 64 units (OSA when osa).
function dp(a: usize, la: i32, b: usize, lb: i32, osa: bool): i32 {
  // ROW holds three rows of (lb + 1) i32: previous-previous, previous, current.
  const w = <usize>(lb + 1) << 2;
  let pp = ROW;
  let pr = ROW + w;
  let cu = ROW + 2 * w;
  for (let j = 0; j <= lb; j++) store<i32>(pr + (<usize>j << 2), j);
  for (let i = 1; i <= la; i++) {
    store<i32>(cu, i);
    const ca = load<u16>(a + (<usize>(i - 1) << 1));
    for (let j = 1; j <= lb; j++) {
      const cb = load<u16>(b + (<usize>(j - 1) << 1));
      const cost = ca == cb ? 0 : 1;
      let v = load<i32>(pr + (<usize>(j - 1) << 2)) + cost;
      const del = load<i32>(pr + (<usize>j << 2)) + 1;
      const ins = load<i32>(cu + (<usize>(j - 1) << 2)) + 1;
      if (del < v) v = del;
      if (ins < v) v = ins;
      if (
        osa && i > 1 && j > 1 && ca == load<u16>(b + (<usize>(j - 2) << 1)) &&
        load<u16>(a + (<usize>(i - 2) << 1)) == cb
      ) {
        const tr = load<i32>(pp + (<usize>(j - 2) << 2)) + 1;
        if (tr < v) v = tr;
      }
      store<i32>(cu + (<usize>j << 2), v);
    }
    const tmp = pp;
    pp = pr;
    pr = cu;
    cu = tmp;
  }
  return load<i32>(pr + (<usize>lb << 2));
}

export function levenshtein(a: usize, la: i32, b: usize, lb: i32): i32 {
  if (la < lb) return levenshtein(b, lb, a, la);
  if (lb == 0) return la;
  if (lb <= 64) return myers(b, lb, a, la);
  return dp(a, la, b, lb, false);
}

export function damerau(a: usize, la: i32, b: usize, lb: i32): i32 {
  if (la < lb) return damerau(b, lb, a, la);
  if (lb == 0) return la;
  if (lb <= 64) return hyyroOsa(b, lb, a, la);
  return dp(a, la, b, lb, true);
}

// ---- Batches over one string column pair: out[k] = f(left[l[k]], right[r[k]]) ----
// A string column is offsets (i32, n + 1 entries, in UTF-16 units) + units (u16).

@inline function strAt(off: usize, units: usize, i: i32): usize {
  return units + (<usize>load<i32>(off + (<usize>i << 2)) << 1);
}
@inline function lenAt(off: usize, i: i32): i32 {
  return load<i32>(off + (<usize>(i + 1) << 2)) - load<i32>(off + (<usize>i << 2));
}

export function batch(
  fn: i32, lOff: usize, lUnits: usize, rOff: usize, rUnits: usize, pairs: usize, n: i32, out: usize,
): void {
  for (let k = 0; k < n; k++) {
    const i = load<i32>(pairs + (<usize>k << 3));
    const j = load<i32>(pairs + (<usize>k << 3) + 4);
    const a = strAt(lOff, lUnits, i);
    const la = lenAt(lOff, i);
    const b = strAt(rOff, rUnits, j);
    const lb = lenAt(rOff, j);
    let v: f64;
    if (fn == 0) v = jaroWinkler(a, la, b, lb);
    else if (fn == 1) v = <f64>levenshtein(a, la, b, lb);
    else v = <f64>damerau(a, la, b, lb);
    store<f64>(out + (<usize>k << 3), v);
  }
}

// ---- Character-count signatures (a Jaro-Winkler upper bound) ----
// Per string, 32 saturating u8 counters of its units by bucket. Two strings
// cannot have more Jaro matches than Σ min(count) over the buckets — merging
// characters into one bucket only raises that sum, so any bucket map gives an
// upper bound. Folded Vietnamese text is a-z, digits, space and comma: the
// map below keeps the frequent ones apart.
const SIG_BYTES: i32 = 32;
// ASCII → bucket: a b c d e g h i k l m n o p q r s t u v y own buckets 0-20;
// f j w x z share 21; space 22; comma and other ASCII 23; digits 24-31 (8, 9
// share with 0, 1). Non-ASCII units use their low five bits.
const BUCKETS: usize = memory.data<u8>([
  23, 23, 23, 23, 23, 23, 23, 23, 23, 22, 22, 22, 22, 22, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23,
  22, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 24, 25, 26, 27, 28, 29, 30, 31, 24, 25, 23, 23, 23, 23, 23, 23,
  23, 0, 1, 2, 3, 4, 21, 5, 6, 7, 21, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 21, 20, 21, 23, 23, 23, 23, 23,
  23, 0, 1, 2, 3, 4, 21, 5, 6, 7, 21, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 21, 20, 21, 23, 23, 23, 23, 23,
]);
// Counters saturate at 255, so the bound is only used when both strings are
// at most this long.
const SIG_MAX_UNITS: i32 = 255;

export function signatureBytes(): i32 {
  return SIG_BYTES;
}

/**
 * Signatures of the n row records at `rows` (stride bytes apart): the string at
 * (start, length) = record[str], record[str + 4] in `units` is counted into
 * record[sig .. sig + 32).
 */
export function signatures(rows: usize, stride: i32, n: i32, str: i32, sig: i32, units: usize): void {
  for (let i = 0; i < n; i++) {
    const row = rows + <usize>i * <usize>stride;
    const out = row + <usize>sig;
    v128.store(out, i64x2.splat(0));
    v128.store(out, i64x2.splat(0), 16);
    const s = units + (<usize>load<i32>(row + <usize>str) << 1);
    const len = load<i32>(row + <usize>str + 4);
    for (let k = 0; k < len; k++) {
      const c = load<u16>(s + (<usize>k << 1));
      const slot = out + <usize>(c < 128 ? load<u8>(BUCKETS + c) : c & 31);
      const v = load<u8>(slot);
      if (v != 255) store<u8>(slot, v + 1);
    }
  }
}

// Σ min(a[b], b[b]) over the 32 counters.
@inline function common(sa: usize, sb: usize): i32 {
  const m0 = i8x16.min_u(v128.load(sa), v128.load(sb));
  const m1 = i8x16.min_u(v128.load(sa, 16), v128.load(sb, 16));
  const s16 = i16x8.add(i16x8.extadd_pairwise_i8x16_u(m0), i16x8.extadd_pairwise_i8x16_u(m1));
  const s32 = i32x4.extadd_pairwise_i16x8_u(s16);
  return i32x4.extract_lane(s32, 0) + i32x4.extract_lane(s32, 1) + i32x4.extract_lane(s32, 2) + i32x4.extract_lane(s32, 3);
}

// ---- Pair scoring ----
// Both tables are row-major in kernel memory, one fixed-size record per row
// with the same layout on both sides: every column's interned value id (i32,
// shared by both tables, -1 = missing), the numbers of numeric columns (dates
// as yyyymmdd, year-only as yyyy0000), and for string columns the value's
// (start, length) in its side's units buffer and its character-count
// signature. A pair reads two records — a few cache lines — rather than one
// line per column; for a million-row table that is most of the cost.
//
// Level record, 64 bytes (written by the loader; byte offsets within a row
// record, -1 = none):
//   0 op | 4 id A | 8 id B | 12 num | 16 str | 20 sig | 24 units L | 28 units R
//   32 tf (pointer to f32 per-id weight adjustment, 0 = none) | 36 kept Peq table (0-3)
//   40 param f64 | 48 weight f64
// Comparison header, 8 bytes: first level index i32, level count i32.

const OP_ELSE = 0;
const OP_NULL = 1;
const OP_EQ = 2;
const OP_EQ_CROSS = 3;
const OP_JW_GE = 4;
const OP_LEV_LE = 5;
const OP_OSA_LE = 6;
const OP_NUM_ABS_LE = 7;
const OP_DATE_SWAP = 8;
const OP_DATE_NEAR = 9;
const OP_NUM_EQ_DIV = 10;
const OP_NULL2 = 11;

export function levelBytes(): i32 {
  return 64;
}

function absI(x: i32): i32 {
  return x < 0 ? -x : x;
}

// One of year, month, day differs by exactly one and the other two agree.
function dateNear(x: i32, y: i32): bool {
  const dy = absI(x / 10000 - y / 10000);
  const dm = absI((x / 100) % 100 - (y / 100) % 100);
  const dd = absI(x % 100 - y % 100);
  return (dy == 1 && dm == 0 && dd == 0) || (dy == 0 && dm == 1 && dd == 0) || (dy == 0 && dm == 0 && dd == 1);
}

@inline function field(row: usize, rec: usize, at: usize): i32 {
  return load<i32>(row + <usize>load<i32>(rec + at));
}

// Levels of one comparison often apply the same function with several
// thresholds (Jaro-Winkler ≥ 0.92, ≥ 0.8): the value is computed once per
// pair and comparison, and when the Jaro-Winkler upper bound already failed
// a higher threshold, the bound is kept (memoBoundDen > 0) for the lower one.
// score() resets the memo for each comparison.
let memoOp: i32 = -1;
let memoStr: i32 = -1;
let memoVal: f64 = 0;
let memoBoundNum: f64 = 0;
let memoBoundDen: f64 = 0;
let memoBoundPrefix: i32 = 4;

// Upper bound of Jaro-Winkler without a division. With at most mn matches and
// no transpositions, 3·Jaro ≤ mn/la + mn/lb + 1 = num/den for the integers
// num = mn(la + lb) + la·lb and den = la·lb. The Winkler boost with a common
// prefix of l units (Jaro + 0.1·l·(1 − Jaro), from Jaro 0.7 on) only raises
// the value, so the bound is below p exactly when 3·Jaro's bound is below
//   3p (p ≤ 0.7), else 3·max(0.7, (p − 0.1·l) / (1 − 0.1·l)),
// which for the full prefix (l = 4) is 2.1 (p ≤ 0.82) or 5(p − 0.4): no
// division on the common path. The limit is shrunk by 1e-9 so that rounding
// can keep a pair, never drop one.
@inline function jwBoundBelow(num: f64, den: f64, p: f64, l: i32): bool {
  let limit: f64;
  if (p <= 0.7) limit = 3.0 * p;
  else if (l == 4) limit = p <= 0.82 ? 2.1 : 5.0 * (p - 0.4);
  else {
    const s = 0.1 * <f64>l;
    const j = (p - s) / (1.0 - s);
    limit = 3.0 * (j > 0.7 ? j : 0.7);
  }
  return num < limit * (1.0 - 1e-9) * den;
}

// Common prefix of a and b, at most 4 units (Winkler's l).
@inline function prefix4(a: usize, la: i32, b: usize, lb: i32): i32 {
  if (la >= 4 && lb >= 4) {
    const x = load<u64>(a) ^ load<u64>(b);
    return x == 0 ? 4 : <i32>(ctz(x) >> 4);
  }
  let p = 0;
  const pmax = la < lb ? la : lb;
  while (p < pmax && load<u16>(a + (<usize>p << 1)) == load<u16>(b + (<usize>p << 1))) p++;
  return p;
}

// Jaro-Winkler values per (column, value-id pair), across pairs: whole
// records rarely repeat, but common names do, so the same two values meet
// again within a block. Direct-mapped, 24-byte slots: id low, id high, column
// (its string offset in the record), generation, value; a slot counts only
// when all four agree (the similarity is symmetric, so the ids are ordered).
// Probed only after the upper bound passed, and kept at 96 KB so that it
// stays in L2: larger tables hit a little more often but cost more per miss.
// loadJob bumps the generation: ids mean other values in the next job.
const JW_MEMO_BITS: i32 = 12;
const JW_MEMO: usize = memory.data((1 << JW_MEMO_BITS) * 24, 16);
let jwMemoGen: i32 = 1;

export function resetPairMemo(): void {
  jwMemoGen++;
}

@inline function jwMemoSlot(str: i32, lo: i32, hi: i32): usize {
  let h = <u32>lo * 0x9e3779b1 ^ <u32>hi * 0x85ebca77 ^ <u32>str * 0xc2b2ae3d;
  h ^= h >> 15;
  h *= 0x2c1b3c6d;
  h ^= h >> 12;
  return JW_MEMO + <usize>(h & ((1 << JW_MEMO_BITS) - 1)) * 24;
}

function stringFn(op: i32, rec: usize, ra: usize, rb: usize, p: f64, li: i32, ri: i32): f64 {
  const str = load<i32>(rec + 16);
  // A bound kept from a higher threshold that this one passes need not be
  // computed again (the same pair and column give the same bound).
  let bounded = false;
  if (op == memoOp && str == memoStr) {
    if (memoBoundDen == 0.0) return memoVal;
    if (jwBoundBelow(memoBoundNum, memoBoundDen, p, memoBoundPrefix)) return 0.0;
    bounded = true;
  }
  const la = load<i32>(ra + <usize>str + 4);
  const lb = load<i32>(rb + <usize>str + 4);
  const a = <usize>load<i32>(rec + 24) + (<usize>load<i32>(ra + <usize>str) << 1);
  const b = <usize>load<i32>(rec + 28) + (<usize>load<i32>(rb + <usize>str) << 1);
  if (op == OP_JW_GE && !bounded && la > 0 && lb > 0) {
    // Upper bound of Jaro-Winkler: at most `mn` matches (the shorter length,
    // or Σ min of the character-count signatures), no transpositions, the
    // full 4-unit prefix. Below the threshold the value cannot reach it, so
    // the work is skipped (most unrelated addresses end here).
    let mn = la < lb ? la : lb;
    const sig = load<i32>(rec + 20);
    if (sig >= 0 && la <= SIG_MAX_UNITS && lb <= SIG_MAX_UNITS) {
      const c = common(ra + <usize>sig, rb + <usize>sig);
      if (c < mn) mn = c;
    }
    // la, lb ≤ MAX_UNITS: num < 2^31.
    const num = <f64>(mn * (la + lb) + la * lb);
    const den = <f64>(la * lb);
    // First with the full prefix; when that passes, with the actual one
    // (unrelated addresses seldom share their first units).
    let l = 4;
    if (!jwBoundBelow(num, den, p, 4)) {
      l = prefix4(a, la, b, lb);
      if (l == 4 || !jwBoundBelow(num, den, p, l)) l = -1;
    }
    if (l >= 0) {
      memoOp = op;
      memoStr = str;
      memoBoundNum = num;
      memoBoundDen = den;
      memoBoundPrefix = l;
      return 0.0;
    }
  }
  let slot: usize = 0;
  if (op == OP_JW_GE) {
    const lo = li < ri ? li : ri;
    const hi = li < ri ? ri : li;
    slot = jwMemoSlot(str, lo, hi);
    if (
      load<i32>(slot) == lo && load<i32>(slot, 4) == hi && load<i32>(slot, 8) == str &&
      load<i32>(slot, 12) == jwMemoGen
    ) {
      const v = load<f64>(slot, 16);
      memoOp = op;
      memoStr = str;
      memoVal = v;
      memoBoundDen = 0;
      return v;
    }
  }
  let v: f64;
  // Jaro-Winkler is symmetric (the greedy matching finds the same matched
  // positions from either side), so the left value goes second: its Peq
  // table is the one kept across pairs.
  if (op == OP_JW_GE) {
    v = jaroWinklerKept(load<i32>(rec + 36), b, lb, a, la);
    store<i32>(slot, li < ri ? li : ri);
    store<i32>(slot, li < ri ? ri : li, 4);
    store<i32>(slot, str, 8);
    store<i32>(slot, jwMemoGen, 12);
    store<f64>(slot, v, 16);
  } else if (op == OP_LEV_LE) v = <f64>levenshtein(a, la, b, lb);
  else v = <f64>damerau(a, la, b, lb);
  memoOp = op;
  memoStr = str;
  memoVal = v;
  memoBoundDen = 0;
  return v;
}

// Distance ≤ 1 without the full algorithm (the ID levels: one substitution,
// insertion, deletion or — for OSA — adjacent transposition). Linear, exits at
// the second difference; the common case, two unrelated IDs, stops after a
// few units.
function withinOne(a: usize, la: i32, b: usize, lb: i32, osa: bool): bool {
  if (la - lb > 1 || lb - la > 1) return false;
  let i = 0;
  const n = la < lb ? la : lb;
  while (i < n && load<u16>(a + (<usize>i << 1)) == load<u16>(b + (<usize>i << 1))) i++;
  if (i == n) return true; // equal, or one trailing insertion
  if (la == lb) {
    // Substitution at i: the rest must agree.
    let k = i + 1;
    while (k < la && load<u16>(a + (<usize>k << 1)) == load<u16>(b + (<usize>k << 1))) k++;
    if (k == la) return true;
    if (!osa || k != i + 1) return false;
    // Adjacent transposition at i, i + 1.
    if (load<u16>(a + (<usize>i << 1)) != load<u16>(b + (<usize>(i + 1) << 1))) return false;
    if (load<u16>(a + (<usize>(i + 1) << 1)) != load<u16>(b + (<usize>i << 1))) return false;
    k = i + 2;
    while (k < la && load<u16>(a + (<usize>k << 1)) == load<u16>(b + (<usize>k << 1))) k++;
    return k == la;
  }
  // One insertion / deletion at i: the longer string skips one unit.
  const lo = la > lb ? a : b;
  const sh = la > lb ? b : a;
  for (let k = i; k < n; k++) {
    if (load<u16>(lo + (<usize>(k + 1) << 1)) != load<u16>(sh + (<usize>k << 1))) return false;
  }
  return true;
}

// Inlined into score()'s level loop (the optimiser leaves it a call
// otherwise): the row and level pointers stay in registers across levels.
@inline function test(op: i32, rec: usize, ra: usize, rb: usize): bool {
  if (op == OP_ELSE) return true;
  const li = field(ra, rec, 4);
  const ri = field(rb, rec, 4);
  if (op == OP_NULL) return li < 0 || ri < 0;
  if (op == OP_NULL2) return (li < 0 || ri < 0) && (field(ra, rec, 8) < 0 || field(rb, rec, 8) < 0);
  if (li < 0 || ri < 0) return false;
  if (op == OP_EQ) return li == ri;
  if (op == OP_EQ_CROSS) return li == field(rb, rec, 8) && field(ra, rec, 8) == ri && li != ri;
  const p = load<f64>(rec + 40);
  if (op == OP_JW_GE) return li == ri || stringFn(op, rec, ra, rb, p, li, ri) >= p;
  if (op == OP_LEV_LE || op == OP_OSA_LE) {
    if (li == ri) return true;
    if (p == 1.0) {
      const str = <usize>load<i32>(rec + 16);
      return withinOne(
        <usize>load<i32>(rec + 24) + (<usize>load<i32>(ra + str) << 1), load<i32>(ra + str + 4),
        <usize>load<i32>(rec + 28) + (<usize>load<i32>(rb + str) << 1), load<i32>(rb + str + 4),
        op == OP_OSA_LE,
      );
    }
    return stringFn(op, rec, ra, rb, p, li, ri) <= p;
  }
  const x = field(ra, rec, 12);
  const y = field(rb, rec, 12);
  if (op == OP_NUM_ABS_LE) return <f64>absI(x - y) <= p;
  if (op == OP_DATE_SWAP) {
    const xd = x % 100;
    const xm = (x / 100) % 100;
    return x / 10000 == y / 10000 && xd == (y / 100) % 100 && xm == y % 100 && xd != xm && xd != 0;
  }
  if (op == OP_DATE_NEAR) return x % 100 != 0 && y % 100 != 0 && dateNear(x, y);
  if (op == OP_NUM_EQ_DIV) {
    const d = <i32>p;
    return x / d == y / d;
  }
  return false;
}

// For each pair k: gammas[k * nComp + c] = level index within comparison c
// (255 = missing value), weights[k] = prior + Σ level weights (+ tf adjustment).
export function score(
  rowsL: usize, rowsR: usize, stride: i32, comps: usize, nComp: i32, levels: usize, prior: f64,
  pairs: usize, n: i32, gammas: usize, weights: usize,
): void {
  for (let k = 0; k < n; k++) {
    const ra = rowsL + <usize>load<i32>(pairs + (<usize>k << 3)) * <usize>stride;
    const rb = rowsR + <usize>load<i32>(pairs + (<usize>k << 3) + 4) * <usize>stride;
    let w = prior;
    for (let c = 0; c < nComp; c++) {
      const first = load<i32>(comps + (<usize>c << 3));
      const count = load<i32>(comps + (<usize>c << 3) + 4);
      let g: i32 = 255;
      memoOp = -1;
      for (let l = 0; l < count; l++) {
        const rec = levels + (<usize>(first + l) << 6);
        const op = load<i32>(rec);
        if (!test(op, rec, ra, rb)) continue;
        if (op == OP_NULL || op == OP_NULL2) break;
        g = l;
        w += load<f64>(rec + 48);
        const tf = <usize>load<i32>(rec + 32);
        if (tf != 0) {
          const ta = load<f32>(tf + (<usize>field(ra, rec, 4) << 2));
          const tb = load<f32>(tf + (<usize>field(rb, rec, 4) << 2));
          w += <f64>(ta < tb ? ta : tb);
        }
        break;
      }
      store<u8>(gammas + <usize>(k * nComp + c), <u8>g);
    }
    store<f64>(weights + (<usize>k << 3), w);
  }
  dropKeptPeq();
}
