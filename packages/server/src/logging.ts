/**
 * Logger options. Personal data must never reach a log (Decree 13/2023/NĐ-CP:
 * ID numbers and biometrics are sensitive), so:
 *  - request logs carry the route pattern, never the raw URL (a caller may put
 *    anything in a path or query), and never headers or bodies;
 *  - errors are logged by type, code and message — messages of DinhdanhError
 *    and Fastify's own errors name fields, not values;
 *  - a redaction list censors personal-data field names anywhere a log
 *    object might carry them, as a second line of defence.
 */
import type { FastifyRequest, FastifyServerOptions } from 'fastify';

export const redactPaths: readonly string[] = [
  'body',
  '*.body',
  'headers',
  '*.headers',
  ...[
    'idNumber',
    'oldIdNumber',
    'fullName',
    'name',
    'fatherName',
    'motherName',
    'spouseName',
    'dateOfBirth',
    'placeOfOrigin',
    'placeOfResidence',
    'face',
    'image',
    'photo',
    'mrz',
    'qr',
    'sod',
    'dataGroups',
    'personalData',
  ].flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

const serializers = {
  req: (req: FastifyRequest) => ({
    method: req.method,
    route: req.routeOptions?.url ?? '(unmatched)',
    reqId: req.id,
  }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
  err: (err: Error & { code?: string; statusCode?: number }) => ({
    type: err.name,
    code: err.code,
    statusCode: err.statusCode,
    message: err.message,
    stack: err.stack ?? '',
  }),
};

export interface LogOptions {
  readonly level?: string;
  /** Destination (e.g. a capture stream in tests); stdout when absent. */
  readonly stream?: NodeJS.WritableStream;
}

export function loggerOptions(o: LogOptions = {}): FastifyServerOptions['logger'] {
  return {
    level: o.level ?? 'info',
    ...(o.stream === undefined ? {} : { stream: o.stream }),
    redact: { paths: [...redactPaths], censor: '[redacted]' },
    serializers,
  };
}
