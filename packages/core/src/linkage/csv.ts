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

/** Parses CSV bytes or text into a Table; every row must have as many fields as the header. */
export function parseCsv(input: Uint8Array | string, source = 'input'): Table {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/u, '') : decode(input, source);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  let rowLine = 1;
  const endField = () => {
    row.push(wasQuoted ? field : field.trim());
    field = '';
    wasQuoted = false;
  };
  const endRow = () => {
    endField();
    if (!(row.length === 1 && row[0] === '')) {
      const header = rows[0];
      if (header !== undefined && row.length !== header.length) {
        throw new DinhdanhError(
          'DD_LINK_CSV_RAGGED',
          `${source}: line ${rowLine}: ${row.length} fields where the header has ${header.length}`,
          { details: { source, line: rowLine, fields: row.length, expected: header.length } },
        );
      }
      rows.push(row);
    }
    row = [];
    rowLine = line;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      wasQuoted = true;
      field = '';
    } else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      line++;
      endRow();
    } else field += ch;
  }
  if (quoted) {
    throw new DinhdanhError('DD_LINK_CSV_QUOTE', `${source}: line ${rowLine}: quoted field not closed`, {
      details: { source, line: rowLine },
    });
  }
  if (field !== '' || row.length > 0) endRow();
  const header = rows.shift();
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
