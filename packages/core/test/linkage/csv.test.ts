import { describe, expect, it } from 'vitest';
import { csvLine, parseCsv } from '../../src/linkage/index.js';

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'no error';
};

describe('CSV input', () => {
  it('reads quoted fields, doubled quotes, embedded newlines, CRLF and a BOM', () => {
    const t = parseCsv(
      new TextEncoder().encode(
        '\uFEFFid,ho_ten,dia_chi\r\n1,"Nguyễn ""Văn"" An","12, Lê Lợi\nHà Nội"\r\n2,  Lê Thị Bình ,\r\n',
      ),
      'x.csv',
    );
    expect(t.header).toEqual(['id', 'ho_ten', 'dia_chi']);
    expect(t.rows).toEqual([
      ['1', 'Nguyễn "Văn" An', '12, Lê Lợi\nHà Nội'],
      ['2', 'Lê Thị Bình', ''],
    ]);
  });

  it('round-trips through csvLine', () => {
    const fields = ['a,b', 'say "hi"', 'line\nbreak', 'plain', ' padded '];
    const t = parseCsv(`h1,h2,h3,h4,h5\n${csvLine(fields)}`);
    expect(t.rows[0]).toEqual(fields);
  });

  it('refuses an empty file, ragged rows, an open quote and invalid UTF-8, naming file and line', () => {
    expect(code(() => parseCsv('', 'e.csv'))).toBe('DD_LINK_CSV_EMPTY');
    expect(() => parseCsv('a,b\n1,2\n3\n', 'r.csv')).toThrow(
      /r\.csv: line 3: 1 fields where the header has 2/,
    );
    expect(code(() => parseCsv('a,b\n1,"2\n', 'q.csv'))).toBe('DD_LINK_CSV_QUOTE');
    const bad = Uint8Array.from([...new TextEncoder().encode('a,b\n1,2\n3,'), 0xc3, 0x28, 0x0a]);
    expect(() => parseCsv(bad, 'u.csv')).toThrow(/u\.csv: line 3: not valid UTF-8/);
  });
});
