/**
 * Vietnamese text canonicalisation (DOMAIN.md §3). NFC alone leaves "hoà" ≠
 * "hòa" and "thuỷ" ≠ "thủy": the tone mark sits on different vowels. Every
 * syllable is rebuilt with its tone on one canonical vowel ("new style":
 * oa/oe/uy take it on the second vowel, a vowel with a quality mark always
 * takes it), so both spellings give one string.
 */

// Combining tone marks (Unicode 15 §7.9 decomposition of Vietnamese letters).
const TONES = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
// Quality marks: circumflex, breve, horn.
const QUALITY = new Set(['\u0302', '\u0306', '\u031b']);
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
const SECOND_VOWEL_PAIRS = new Set(['oa', 'oe', 'uy']);

interface Letter {
  base: string;
  marks: string;
}

function letters(nfd: string): Letter[] {
  const out: Letter[] = [];
  for (const ch of nfd) {
    const last = out[out.length - 1];
    if (last !== undefined && ch >= '\u0300' && ch <= '\u036f') last.marks += ch;
    else out.push({ base: ch, marks: '' });
  }
  return out;
}

/** Index (into `ls`) of the vowel that carries the tone, or -1. */
function toneSlot(ls: Letter[]): number {
  const low = ls.map((l) => l.base.toLowerCase());
  let start = 0;
  // "qu" and "gi" + vowel: the u / i belongs to the initial consonant.
  if ((low[0] === 'q' && low[1] === 'u') || (low[0] === 'g' && low[1] === 'i' && VOWELS.has(low[2] ?? '')))
    start = 2;
  let first = -1;
  let last = -1;
  for (let i = start; i < ls.length; i++) {
    if (VOWELS.has(low[i]!)) {
      if (first < 0) first = i;
      last = i;
    } else if (first >= 0) break;
  }
  if (first < 0) return start === 2 ? 1 : -1;
  for (let i = last; i >= first; i--) if ([...ls[i]!.marks].some((m) => QUALITY.has(m))) return i;
  const n = last - first + 1;
  if (n === 1) return first;
  const closed = last + 1 < ls.length;
  if (closed) return last;
  if (n === 2) return SECOND_VOWEL_PAIRS.has(low[first]! + low[last]!) ? last : first;
  return first + 1;
}

// Syllables repeat across millions of names and addresses: each is rebuilt once.
const syllables = new Map<string, string>();
const SYLLABLE_CACHE_MAX = 200_000;

function canonicalSyllable(word: string): string {
  let c = syllables.get(word);
  if (c === undefined) {
    c = rebuildSyllable(word);
    if (syllables.size >= SYLLABLE_CACHE_MAX) syllables.clear();
    syllables.set(word, c);
  }
  return c;
}

function rebuildSyllable(word: string): string {
  const ls = letters(word.normalize('NFD'));
  let tone = '';
  for (const l of ls) {
    const kept = [...l.marks].filter((m) => {
      if (!TONES.has(m)) return true;
      tone ||= m;
      return false;
    });
    l.marks = kept.join('');
  }
  if (tone) {
    const at = toneSlot(ls);
    if (at >= 0) ls[at]!.marks += tone;
    else ls[ls.length - 1]!.marks += tone;
  }
  return ls
    .map((l) => l.base + l.marks)
    .join('')
    .normalize('NFC');
}

const PUNCT = /[\p{P}\p{S}]+/gu;
const SPACE = /\s+/gu;

// Look-alikes of đ found in real files: U+00F0 eth, U+0111 after lower-casing U+00D0 / U+0189.
const D_LOOKALIKE = /[\u00f0\u0256]/gu;

// Whole cells repeat too (a name feeds six features): remember recent results.
const cells = new Map<string, string>();
const CELL_CACHE_MAX = 200_000;

/** Lower case, punctuation to spaces, single spaces, canonical tone per syllable, NFC. */
export function canonical(s: string): string {
  let c = cells.get(s);
  if (c === undefined) {
    c = canonicalUncached(s);
    if (cells.size >= CELL_CACHE_MAX) cells.clear();
    cells.set(s, c);
  }
  return c;
}

function canonicalUncached(s: string): string {
  const words = s
    .normalize('NFC')
    .toLowerCase()
    .replace(D_LOOKALIKE, 'đ')
    .replace(PUNCT, ' ')
    .replace(SPACE, ' ')
    .trim();
  if (words === '') return '';
  return words.split(' ').map(canonicalSyllable).join(' ');
}

/** Folded key: canonical, then every diacritic dropped and đ → d (Đ has no decomposition). */
export function fold(s: string): string {
  return foldCanonical(canonical(s));
}

const foldedWords = new Map<string, string>();

const foldWord = (w: string): string => {
  let f = foldedWords.get(w);
  if (f === undefined) {
    f = foldSlow(w);
    if (foldedWords.size >= SYLLABLE_CACHE_MAX) foldedWords.clear();
    foldedWords.set(w, f);
  }
  return f;
};

const foldSlow = (w: string): string =>
  w
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/đ/gu, 'd');

// Per precomposed Latin letter (U+00C0–U+024F, U+1E00–U+1EFF: every
// Vietnamese letter), its folded ASCII code, 0 = not a single ASCII letter
// after folding. Filled on first use from the same NFD rule as foldSlow; a
// letter's NFD is its base followed by marks, so folding letter by letter
// equals folding the word.
const LATIN_FOLD = new Uint8Array(0x1f00);
let latinReady = false;

function latinFold(): Uint8Array {
  if (latinReady) return LATIN_FOLD;
  for (let c = 0xc0; c < 0x1f00; c++) {
    if (c >= 0x250 && c < 0x1e00) continue;
    const f = foldSlow(String.fromCharCode(c));
    LATIN_FOLD[c] = f.length === 1 && f.charCodeAt(0) < 128 ? f.charCodeAt(0) : 0;
  }
  latinReady = true;
  return LATIN_FOLD;
}

/**
 * Already-canonical text folded (skips the canonical step). ASCII and
 * precomposed Latin letters fold through a table; anything else (combining
 * marks, other scripts) word by word through NFD, each word folded once.
 */
export function foldCanonical(c: string): string {
  const table = latinFold();
  let ascii = true;
  for (let i = 0; i < c.length; i++) {
    const u = c.charCodeAt(i);
    if (u < 128) continue;
    if (u >= 0x1f00 || LATIN_FOLD[u] === 0 || u < 0xc0) return c.split(' ').map(foldWord).join(' ');
    ascii = false;
  }
  if (ascii) return c;
  if (c.length > SCRATCH.length) return c.split(' ').map(foldWord).join(' ');
  // One flat string built at once (no chain of concatenations to flatten later).
  for (let i = 0; i < c.length; i++) {
    const u = c.charCodeAt(i);
    SCRATCH[i] = u < 128 ? u : table[u]!;
  }
  return String.fromCharCode.apply(null, SCRATCH.subarray(0, c.length) as unknown as number[]);
}

const SCRATCH = new Uint16Array(1024);
