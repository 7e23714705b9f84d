/** The API as OpenAPI 3.1, served at /api/openapi.json: what a helpdesk integration codes against. */
const item = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    subject: { type: 'string', description: 'as delivered: redacted' },
    sender: { type: 'string' },
    verdict: { enum: ['redact', 'hold'] },
    reason: { type: ['string', 'null'], description: 'why a message was held' },
    types: { type: 'array', items: { type: 'string' } },
    ticket: { type: ['string', 'null'] },
    state: { enum: ['quarantined', 'released', 'deleted', 'purged'] },
    receivedAt: { type: 'string', format: 'date-time' },
  },
};
const reasonBody = (required: boolean) => ({
  required,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: { reason: { type: 'string', maxLength: 500 } },
        ...(required ? { required: ['reason'] } : {}),
      },
    },
  },
});
const errors = {
  '400': { description: 'bad request (a reason missing, a bad filter)' },
  '401': { description: 'no or an invalid token or session' },
  '403': { description: 'the role may not do this, or a session request without its CSRF header' },
};
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
const json = (schema: object) => ({ content: { 'application/json': { schema } } });

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Deskguard staff API',
    version: '1',
    description:
      'Roles: viewer (read), reviewer (also reveal, release, delete, solve, audit), admin (also users and tokens). ' +
      'Every reveal, release, delete, solve and item view is written to the audit log with the caller as actor.',
  },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'deskguard tokens create NAME --role ROLE' },
      session: {
        type: 'apiKey',
        in: 'cookie',
        name: 'dg_session',
        description: 'the web UI session; state changes also need the x-csrf-token header',
      },
    },
    schemas: { QuarantineItem: item },
  },
  security: [{ bearer: [] }, { session: [] }],
  paths: {
    '/api/quarantine': {
      get: {
        summary: 'Quarantine items, newest first',
        parameters: [
          {
            name: 'state',
            in: 'query',
            schema: { enum: ['quarantined', 'released', 'deleted', 'purged', 'all'] },
          },
          {
            name: 'type',
            in: 'query',
            schema: { type: 'string' },
            description: 'a secret type the item has',
          },
          {
            name: 'sender',
            in: 'query',
            schema: { type: 'string' },
            description: 'part of the sender address',
          },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 9999 } },
        ],
        responses: {
          '200': {
            description: 'the items',
            ...json({
              type: 'object',
              properties: {
                items: { type: 'array', items: { $ref: '#/components/schemas/QuarantineItem' } },
              },
            }),
          },
          ...errors,
        },
      },
    },
    '/api/quarantine/{id}': {
      parameters: idParam,
      get: {
        summary: 'An item: metadata, findings (masked) and the redacted view',
        responses: { '200': { description: 'the item' }, '404': { description: 'no such item' }, ...errors },
      },
      delete: {
        summary: 'Destroy the original (crypto-shred)',
        requestBody: reasonBody(false),
        responses: { '200': { description: 'deleted' }, '404': { description: 'no such item' }, ...errors },
      },
    },
    '/api/quarantine/{id}/reveal': {
      parameters: idParam,
      post: {
        summary: 'The original message, as received',
        requestBody: reasonBody(true),
        responses: {
          '200': { description: 'the original', content: { 'message/rfc822': {} } },
          '404': { description: 'no such item, or destroyed' },
          ...errors,
        },
      },
    },
    '/api/quarantine/{id}/release': {
      parameters: idParam,
      post: {
        summary: 'Deliver the original to the helpdesk',
        requestBody: reasonBody(true),
        responses: {
          '200': { description: 'released' },
          '404': { description: 'no such item, or not quarantined' },
          ...errors,
        },
      },
    },
    '/api/tickets': {
      get: {
        summary: 'Tickets, most recently updated first',
        parameters: [
          { name: 'status', in: 'query', schema: { enum: ['open', 'solved'] } },
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
        ],
        responses: { '200': { description: 'the tickets' }, ...errors },
      },
    },
    '/api/tickets/{id}': {
      parameters: idParam,
      get: {
        summary: 'A ticket with its messages, findings (masked) and quarantine items',
        responses: {
          '200': { description: 'the ticket' },
          '404': { description: 'no such ticket' },
          ...errors,
        },
      },
    },
    '/api/tickets/{id}/solve': {
      parameters: idParam,
      post: {
        summary: 'Mark solved; destroys its quarantined originals',
        responses: { '200': { description: 'solved' }, '404': { description: 'no such ticket' }, ...errors },
      },
    },
    '/api/audit': {
      get: {
        summary: 'The audit log, newest first (reviewer and admin)',
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
        responses: { '200': { description: 'the rows' }, ...errors },
      },
    },
  },
} as const;
