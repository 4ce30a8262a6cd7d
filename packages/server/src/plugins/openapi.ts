/**
 * OpenAPI 3.1 from the route schemas (@fastify/swagger), served at
 * /openapi.json, with the Swagger UI at /docs. Signed routes list the four
 * signing headers as a security requirement.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { headers } from '../signing.js';

const securitySchemes = {
  keyId: { type: 'apiKey', in: 'header', name: headers.keyId, description: 'Client key id' },
  timestamp: { type: 'apiKey', in: 'header', name: headers.timestamp, description: 'Unix seconds, ±300 s' },
  nonce: {
    type: 'apiKey',
    in: 'header',
    name: headers.nonce,
    description: '16-64 of [A-Za-z0-9_-], single use',
  },
  signature: {
    type: 'apiKey',
    in: 'header',
    name: headers.signature,
    description: 'Hex HMAC-SHA256 over the canonical string (docs/server.md)',
  },
} as const;

export const signedSecurity = [{ keyId: [], timestamp: [], nonce: [], signature: [] }];

export const openapiPlugin = fp(
  async (app: FastifyInstance, opts: { version: string }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'dinhdanh',
          version: opts.version,
          description:
            'eKYC verification of chip ID cards (ICAO 9303) and payment authorisation. Every /v1 route needs HMAC request signing.',
        },
        components: { securitySchemes },
      },
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, i) =>
          typeof json.$id === 'string' ? json.$id : `def-${i}`,
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: false } });
  },
  { name: 'dinhdanh-openapi', fastify: '5.x' },
);
