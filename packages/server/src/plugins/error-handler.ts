/**
 * One error handler for the whole app: every failure leaves as
 * `{ code, message, details? }` with the status from the catalogue. Client
 * mistakes that Fastify detects itself are mapped by code (a table, not a
 * chain of ifs); anything unexpected is a 500 with a generic message, logged
 * with its stack but never with the request body.
 */
import { DinhdanhError } from '@dinhdanh/core/errors';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { httpError } from '../errors.js';

/** Fastify's own error codes → ours (fastify lib/errors.js). */
const fastifyCodes: Readonly<Record<string, string>> = {
  FST_ERR_VALIDATION: 'DD_SERVER_VALIDATION',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'DD_SERVER_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'DD_SERVER_BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'DD_SERVER_BODY_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'DD_SERVER_MALFORMED_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'DD_SERVER_MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_TYPE: 'DD_SERVER_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'DD_SERVER_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_BAD_URL: 'DD_SERVER_BAD_REQUEST',
  FST_ERR_ASYNC_CONSTRAINT: 'DD_SERVER_BAD_REQUEST',
};

export function toDinhdanhError(error: FastifyError | Error): DinhdanhError {
  if (error instanceof DinhdanhError) return error;
  const fe = error as FastifyError;
  const mapped = fe.code === undefined ? undefined : fastifyCodes[fe.code];
  if (fe.validationContext === 'headers' && /required property 'idempotency-key'/.test(fe.message))
    return httpError('DD_SERVER_IDEMPOTENCY_KEY_MISSING');
  if (mapped !== undefined) {
    // Ajv messages name the failing path and rule, never the value.
    const message = fe.validation ? fe.message : undefined;
    return httpError(mapped, message);
  }
  // JSON.parse failures surface as SyntaxError with statusCode 400.
  if (error instanceof SyntaxError && fe.statusCode === 400) return httpError('DD_SERVER_MALFORMED_BODY');
  // Any other client error Fastify or a plugin raises: one code, one status.
  const status = fe.statusCode ?? 500;
  if (status >= 400 && status < 500) return httpError('DD_SERVER_BAD_REQUEST');
  return httpError('DD_SERVER_INTERNAL');
}

function errorHandler(
  this: FastifyInstance,
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const e = toDinhdanhError(error);
  if (e.status >= 500) request.log.error({ err: error, code: e.code }, 'request failed');
  else request.log.info({ code: e.code, status: e.status }, 'request rejected');
  void reply.code(e.status).send(e.toJSON());
}

export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler(errorHandler);
    app.setNotFoundHandler((request, reply) => {
      // The path is not echoed: a caller may have put personal data in it.
      void reply
        .code(404)
        .send(httpError('DD_SERVER_NOT_FOUND', `no route for ${request.method} on this path`).toJSON());
    });
  },
  { name: 'dinhdanh-errors', fastify: '5.x' },
);
