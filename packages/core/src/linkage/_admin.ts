/**
 * Old → new administrative units (Resolution 202/2025/QH15: 63 provinces →
 * 34 and districts abolished from 1 July 2025; DOMAIN.md §3). Records made
 * before the merger carry old wards and provinces; both old and new names
 * resolve to the new unit so an address compares equal across registries.
 * Data: generated/admin-data.ts (dvhcvn, MIT).
 */

import { canonical, foldCanonical } from './_vietnamese.js';
import { adminTsv } from './generated/admin-data.js';

const PROVINCE_PREFIX = /^(tinh|thanh pho|tp)\s+/u;
const WARD_PREFIX = /^(phuong|xa|thi tran|dac khu|p|x|tt)\s+/u;
const DISTRICT_PREFIX = /^(quan|huyen|thi xa|thanh pho|tp|q|h)\s+/u;

export interface AdminIndex {
  /** Folded province name (old or new, no prefix) → new province name (canonical, no prefix). */
  readonly provinces: ReadonlyMap<string, string>;
  /** Old province id → new province name. */
  readonly provinceById: ReadonlyMap<string, string>;
  /** `${folded new province}|${folded ward}` (old or new ward name) → new ward name. */
  readonly wards: ReadonlyMap<string, string>;
}

const stripProvince = (folded: string): string => folded.replace(PROVINCE_PREFIX, '');
export const stripWard = (folded: string): string => folded.replace(WARD_PREFIX, '');
export const isDistrict = (folded: string): boolean => DISTRICT_PREFIX.test(folded);

// Same canonical form as the address parser applies to each unit (punctuation → space).
const canonicalName = (s: string): string => canonical(s);
const key = (s: string): string => foldCanonical(canonicalName(s));

let index: AdminIndex | undefined;

/** Parses the embedded table once (≈ 10,000 rows). */
export function adminIndex(): AdminIndex {
  if (index) return index;
  const provinces = new Map<string, string>();
  const provinceById = new Map<string, string>();
  const wards = new Map<string, string>();
  for (const line of adminTsv.split('\n')) {
    const f = line.split('\t');
    if (f[0] === 'P') {
      const newName = stripProvince(canonicalName(f[4]!).replace(/^(tỉnh|thành phố)\s+/u, ''));
      provinceById.set(f[1]!, newName);
      provinces.set(stripProvince(key(f[2]!)), newName);
      provinces.set(stripProvince(key(f[4]!)), newName);
    } else if (f[0] === 'W') {
      const prov = provinceById.get(f[1]!);
      if (prov === undefined) continue;
      const pk = foldCanonical(prov);
      const to = f[4]!.split('|')[0]!.split(':')[1]!;
      const newWard = canonicalName(to).replace(/^(phường|xã|thị trấn|đặc khu)\s+/u, '');
      const oldKey = `${pk}|${stripWard(key(f[3]!))}`;
      if (!wards.has(oldKey)) wards.set(oldKey, newWard);
      wards.set(`${pk}|${stripWard(foldCanonical(newWard))}`, newWard);
    }
  }
  index = { provinces, provinceById, wards };
  return index;
}
