/**
 * A bounded line reader: splits a byte stream at LF (a trailing CR is
 * dropped) without ever holding more than `maxLineBytes` of one line. A
 * longer line is skipped up to its newline and reported as too long, so a
 * 50 MB junk line costs 16 MB of memory at most, not 50 MB.
 */

export type Line =
  | { readonly lineNo: number; readonly text: Buffer; readonly tooLong?: undefined }
  | { readonly lineNo: number; readonly text?: undefined; readonly tooLong: number };

export async function* boundedLines(
  chunks: AsyncIterable<Buffer | Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let held = 0; // bytes of the current line in `parts`
  let skipped = -1; // ≥ 0: the current line is too long; bytes seen so far
  let lineNo = 0;
  const finish = (tail: Buffer): Line => {
    lineNo++;
    if (skipped >= 0) {
      const tooLong = skipped + tail.length;
      skipped = -1;
      return { lineNo, tooLong };
    }
    const joined = parts.length === 0 ? tail : Buffer.concat([...parts, tail]);
    parts = [];
    held = 0;
    const text = joined.length > 0 && joined[joined.length - 1] === 0x0d ? joined.subarray(0, -1) : joined;
    return { lineNo, text };
  };
  for await (const raw of chunks) {
    let chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a)) {
      const tail = chunk.subarray(0, nl);
      if (skipped < 0 && held + tail.length > maxLineBytes) {
        skipped = held + tail.length;
        parts = [];
        held = 0;
        yield finish(Buffer.alloc(0));
      } else yield finish(tail);
      chunk = chunk.subarray(nl + 1);
    }
    if (chunk.length === 0) continue;
    if (skipped >= 0) skipped += chunk.length;
    else if (held + chunk.length > maxLineBytes) {
      skipped = held + chunk.length;
      parts = [];
      held = 0;
    } else {
      // Copy: the stream may reuse its chunk buffers.
      parts.push(Buffer.from(chunk));
      held += chunk.length;
    }
  }
  if (skipped >= 0 || held > 0) yield finish(Buffer.alloc(0));
}
