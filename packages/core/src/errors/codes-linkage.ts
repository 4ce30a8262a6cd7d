/** Error codes of record linkage (`@dinhdanh/core/linkage`, `dinhdanh link|dedupe`). */
export const linkageCodes: Record<string, { status: number; summary: string }> = {
  DD_LINK_SETTINGS: {
    status: 400,
    summary: 'the linkage settings are invalid; details.errors lists every problem',
  },
  DD_LINK_COLUMN_MISSING: {
    status: 400,
    summary: 'a column named in the settings is not in the input header',
  },
  DD_LINK_PAIR_BUDGET: {
    status: 413,
    summary: 'the blocking rules would produce more pairs than the configured budget',
  },
  DD_LINK_CSV_EMPTY: { status: 400, summary: 'the CSV input has no header row' },
  DD_LINK_CSV_RAGGED: { status: 400, summary: 'a CSV row has a different number of fields than the header' },
  DD_LINK_CSV_QUOTE: { status: 400, summary: 'a CSV quoted field is not closed' },
  DD_LINK_CSV_UTF8: { status: 400, summary: 'the CSV input is not valid UTF-8' },
  DD_LINK_DUPLICATE_ID: { status: 400, summary: 'the unique id column holds the same value twice' },
  DD_LINK_VALUE_TOO_LONG: {
    status: 400,
    summary: 'a value is longer than the kernel compares (4,096 UTF-16 units)',
  },
  DD_LINK_MEMORY: { status: 507, summary: 'the linkage kernel could not grow its memory' },
  DD_LINK_KERNEL: { status: 500, summary: 'the linkage kernel aborted' },
  DD_LINK_WORKER: { status: 500, summary: 'a linkage worker failed' },
};
