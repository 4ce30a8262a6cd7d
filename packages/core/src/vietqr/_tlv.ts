/**
 * EMVCo QR data objects (EMV QRCPS-MPM §4.1): ID as two digits, length as two
 * digits, then `length` characters of value. Templates (38, 62) nest the same
 * format inside their value.
 */
import { DinhdanhError } from '../errors/index.js';

export interface DataObject {
  readonly id: string;
  readonly value: string;
  /** Offset of the ID within the outermost payload, for error details. */
  readonly offset: number;
}

const TWO_DIGITS = /^\d\d$/;

export function vietqrError(code: string, message: string, details: Record<string, unknown>): DinhdanhError {
  return new DinhdanhError(code, message, { status: 400, details });
}

/** Splits `text` into data objects; `base` is its offset inside the payload, `path` names the template. */
export function readObjects(text: string, base: number, path: string): DataObject[] {
  const out: DataObject[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < text.length) {
    if (i + 4 > text.length) {
      throw vietqrError('DD_VIETQR_MALFORMED', `${path}: truncated object header`, {
        path,
        offset: base + i,
      });
    }
    const id = text.slice(i, i + 2);
    const len = text.slice(i + 2, i + 4);
    if (!TWO_DIGITS.test(id) || !TWO_DIGITS.test(len)) {
      throw vietqrError('DD_VIETQR_MALFORMED', `${path}: object ID and length must be two digits each`, {
        path,
        offset: base + i,
      });
    }
    const n = Number(len);
    if (n === 0 || i + 4 + n > text.length) {
      throw vietqrError('DD_VIETQR_MALFORMED', `${path}.${id}: length ${n} does not fit the payload`, {
        path: `${path}.${id}`,
        offset: base + i,
      });
    }
    if (seen.has(id)) {
      throw vietqrError('DD_VIETQR_DUPLICATE_TAG', `${path}.${id}: object appears twice`, {
        path: `${path}.${id}`,
        offset: base + i,
      });
    }
    seen.add(id);
    out.push({ id, value: text.slice(i + 4, i + 4 + n), offset: base + i });
    i += 4 + n;
  }
  return out;
}

/** One object as ID + 2-digit length + value; callers ensure 1 ≤ length ≤ 99. */
export const writeObject = (id: string, value: string): string =>
  `${id}${value.length.toString().padStart(2, '0')}${value}`;
