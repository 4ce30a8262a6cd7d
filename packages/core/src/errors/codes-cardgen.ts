/** Error codes of the synthetic card generator (`@dinhdanh/core/cardgen`) and its CLI. */
import type { ErrorCodeInfo } from './index.js';

export const cardgenCodes: Record<string, ErrorCodeInfo> = {
  DD_CARDGEN_BAD_OPTION: {
    status: 400,
    summary: 'a generator option is missing, out of range or of the wrong type',
  },
  DD_CARDGEN_UNSUPPORTED_ALG: {
    status: 400,
    summary: 'the requested signature algorithm or curve is not one the generator supports',
  },
  DD_CARDGEN_BAD_CARD: {
    status: 400,
    summary: 'a card JSON or msgpack record does not follow the card exchange format',
  },
  DD_CARDGEN_OUTPUT: {
    status: 500,
    summary: 'the generated fixtures could not be written to the output location',
  },
};
