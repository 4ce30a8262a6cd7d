import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../../fixtures');
export const read = (rel: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, rel)));

export const cccd = (f: string) => read(`icao/openssl-cccd/${f}`);
export const bsi = (f: string) => read(`icao/bsi-tr03105-5/${f}`);

export const CCCD_QR =
  '030192628005|149113572|Phạm Thị Hà|07081992|Nữ|Số 25 Phố Trần Hưng Đạo, Phường Trần Hưng Đạo, Thành phố Hải Dương, Hải Dương|27032021';

export function cccdGroups(): Map<number, Uint8Array> {
  return new Map([
    [1, cccd('EF_DG1.bin')],
    [2, cccd('EF_DG2.bin')],
    [13, cccd('EF_DG13.bin')],
    [14, cccd('EF_DG14.bin')],
    [15, cccd('EF_DG15.bin')],
  ]);
}

/** A copy with one byte XORed. */
export function flip(b: Uint8Array, i: number, mask = 0x01): Uint8Array {
  const c = b.slice();
  c[i] = c[i]! ^ mask;
  return c;
}
