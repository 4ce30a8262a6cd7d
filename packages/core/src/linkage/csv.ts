/**
 * CSV in and out (RFC 4180): a header row, UTF-8 (a BOM is skipped), quoted
 * fields with doubled quotes, CRLF or LF line ends. Unquoted fields are
 * trimmed. Errors name the source and line and never echo cell contents.
 */
import { DinhdanhError } from '../errors/index.js';
import type { Table } from './normalise.js';

function decode(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    const dec = new TextDecoder('utf-8', { fatal: true });
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          dec.decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line++;
        start = i + 1;
      }
    }
    throw new DinhdanhError('DD_LINK_CSV_UTF8', `${source}: line ${line}: not valid UTF-8`, {
      details: { source, line },
    });
  }
}

interface Cursor {
  pos: number;
  line: number;
}

/**
 * One record from `c.pos`. Lines without a quote are split directly (the
 * common case, and fast); a line with quotes goes through the RFC 4180 state
 * machine, which may continue over embedded line breaks.
 */
function readRecord(text: string, c: Cursor, source: string): string[] {
  const start = c.pos;
  let eol = text.indexOf('\n', start);
  if (eol < 0) eol = text.length;
  const quote = text.indexOf('"', start);
  if (quote < 0 || quote > eol) {
    const end = eol > start && text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
    c.pos = eol + 1;
    c.line++;
    return text
      .slice(start, end)
      .split(',')
      .map((f) => f.trim());
  }
  // Field by field with indexOf/slice (no per-character string building).
  const row: string[] = [];
  const firstLine = c.line;
  let i = start;
  for (;;) {
    let j = i;
    while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
    let field: string;
    if (text.charCodeAt(j) === 34) {
      const parts: string[] = [];
      let k = j + 1;
      for (;;) {
        const q = text.indexOf('"', k);
        if (q < 0) {
          throw new DinhdanhError(
            'DD_LINK_CSV_QUOTE',
            `${source}: line ${firstLine}: quoted field not closed`,
            {
              details: { source, line: firstLine },
            },
          );
        }
        parts.push(text.slice(k, q));
        if (text.charCodeAt(q + 1) === 34) {
          parts.push('"');
          k = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      field = parts.join('');
      for (let n = field.indexOf('\n'); n >= 0; n = field.indexOf('\n', n + 1)) c.line++;
      // Anything between the closing quote and the delimiter is kept, as the previous field text.
      let e = i;
      while (e < text.length && text[e] !== ',' && text[e] !== '\n' && text[e] !== '\r') e++;
      field += text.slice(i, e).trim();
      i = e;
    } else {
      let e = i;
      while (e < text.length && text[e] !== ',' && text[e] !== '\n' && text[e] !== '\r') e++;
      field = text.slice(i, e).trim();
      i = e;
    }
    row.push(field);
    if (i < text.length && text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    break;
  }
  c.pos = i + 1;
  c.line++;
  return row;
}

/** Parses CSV bytes or text into a Table; every row must have as many fields as the header. */
export function parseCsv(input: Uint8Array | string, source = 'input'): Table {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/u, '') : decode(input, source);
  const c: Cursor = { pos: 0, line: 1 };
  let header: string[] | undefined;
  const rows: string[][] = [];
  while (c.pos < text.length) {
    const line = c.line;
    const row = readRecord(text, c, source);
    if (row.length === 1 && row[0] === '') continue; // blank line
    if (header === undefined) {
      header = row;
      continue;
    }
    if (row.length !== header.length) {
      throw new DinhdanhError(
        'DD_LINK_CSV_RAGGED',
        `${source}: line ${line}: ${row.length} fields where the header has ${header.length}`,
        { details: { source, line, fields: row.length, expected: header.length } },
      );
    }
    rows.push(row);
  }
  if (header === undefined) {
    throw new DinhdanhError('DD_LINK_CSV_EMPTY', `${source}: empty file, a header row is required`, {
      details: { source },
    });
  }
  return { source, header, rows };
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/u;

/** One CSV line (LF-terminated), quoting fields that need it. */
export function csvLine(fields: readonly (string | number)[]): string {
  return `${fields
    .map((f) => {
      const s = String(f);
      return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/gu, '""')}"` : s;
    })
    .join(',')}\n`;
}
