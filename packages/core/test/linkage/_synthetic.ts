/** Synthetic Vietnamese tables from the population generator, as Tables with a truth column. */
import { type PersonRecord, POPULATION_COLUMNS, population, type Table } from '../../src/linkage/index.js';

export function syntheticTables(
  count: number,
  seed: number,
  registry?: string,
  opts: { overlap?: number; extra?: number; duplicates?: number } = {},
): { a: Table; b: Table } {
  const rows: Record<'a' | 'b', PersonRecord[]> = { a: [], b: [] };
  for (const { table, record } of population({ count, seed, registry, ...opts })) rows[table].push(record);
  const toTable = (source: string, rs: PersonRecord[]): Table => ({
    source,
    header: [...POPULATION_COLUMNS],
    rows: rs.map((r) => POPULATION_COLUMNS.map((c) => r[c])),
  });
  return { a: toTable('a.csv', rows.a), b: toTable('b.csv', rows.b) };
}

export const truthOf = (t: Table): string[] => {
  const at = t.header.indexOf('truth');
  return t.rows.map((r) => r[at]!);
};
