/** Record ids: a prefix and 15 random bytes (base64url), drawn from the CSPRNG 256 ids at a time. */
import { randomFillSync } from 'node:crypto';

const ID_BYTES = 15;
const idPool = Buffer.alloc(ID_BYTES * 256);
let idAt = idPool.length;

export function newId(prefix: string): string {
  if (idAt === idPool.length) {
    randomFillSync(idPool);
    idAt = 0;
  }
  idAt += ID_BYTES;
  return `${prefix}${idPool.toString('base64url', idAt - ID_BYTES, idAt)}`;
}
