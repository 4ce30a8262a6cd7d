/**
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no xor-out),
 * the checksum of EMVCo QR object 63 (EMV QRCPS-MPM §4.7.3). A 256-entry
 * table makes it one lookup per character; check("123456789") = 0x29B1.
 */
const TABLE: Uint16Array = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let b = 0; b < 8; b++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

/** CRC over the char codes of an ASCII string (callers check ASCII first). */
export function crc16CcittFalse(ascii: string): number {
  let crc = 0xffff;
  for (let i = 0; i < ascii.length; i++)
    crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ ascii.charCodeAt(i)) & 0xff]!;
  return crc;
}

/** Four uppercase hex digits, as object 63 carries them. */
export const crcHex = (ascii: string): string =>
  crc16CcittFalse(ascii).toString(16).toUpperCase().padStart(4, '0');
