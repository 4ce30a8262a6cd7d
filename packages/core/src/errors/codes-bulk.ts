/** Error codes of bulk verification (`@dinhdanh/core/bulk`, `dinhdanh verify-bulk`). */
export const BULK_ERROR_CODES: Readonly<Record<string, { status: number; summary: string }>> = {
  DD_BULK_BAD_ARGUMENT: { status: 400, summary: 'an option of verifyMany or a reader is out of range' },
  DD_BULK_BAD_LINE: { status: 400, summary: 'an NDJSON line is not valid JSON or not a card' },
  DD_BULK_LINE_TOO_LONG: { status: 413, summary: 'an input line or record exceeds the size limit' },
  DD_BULK_BAD_RECORD: { status: 400, summary: 'a msgpack record or card file is not a card' },
  DD_BULK_STREAM_CORRUPT: {
    status: 400,
    summary: 'a msgpack stream cannot be decoded further; the rest of the file is skipped',
  },
  DD_BULK_READ_FAILED: { status: 400, summary: 'an input file or directory cannot be read' },
  DD_BULK_WORKER_FAILED: { status: 500, summary: 'the worker verifying a card stopped before answering' },
  DD_BULK_VERIFY_FAILED: { status: 500, summary: 'verification of one card failed unexpectedly' },
  DD_BULK_ABORTED: { status: 499, summary: 'the run was cancelled through its AbortSignal' },
};
