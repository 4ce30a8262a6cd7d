/**
 * Personal data of the fixture people, read from the fixtures themselves, and
 * a scanner that finds any of it (raw, or base64 of the raw bytes) in text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../../fixtures');
const person = JSON.parse(readFileSync(join(root, 'icao/openssl-cccd/person.json'), 'utf8')) as {
  dg13: Record<string, string | null>;
  mrz: string[];
};

const fields = [
  'id_number',
  'old_id_number',
  'full_name',
  'father_name',
  'mother_name',
  'place_of_residence',
];
export const personalStrings: readonly string[] = [
  ...fields.map((f) => person.dg13[f]).filter((v): v is string => typeof v === 'string'),
  // The name as it appears in the MRZ, and the MRZ lines.
  ...person.mrz,
  'PHAM<<THI<HA',
];

const dg2 = readFileSync(join(root, 'icao/openssl-cccd/EF_DG2.bin'));
/** A 48-byte run from the face image, as base64 and hex. */
const faceSnippets = [dg2.subarray(100, 148).toString('base64'), dg2.subarray(100, 148).toString('hex')];

export function findPersonalData(text: string): string[] {
  const hits = personalStrings.filter((s) => text.includes(s));
  const normalised = text.normalize('NFC');
  for (const s of personalStrings)
    if (!hits.includes(s) && normalised.includes(s.normalize('NFC'))) hits.push(s);
  for (const f of faceSnippets) if (text.includes(f)) hits.push('(face image bytes)');
  return hits;
}
