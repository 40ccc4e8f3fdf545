import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';
import { WORKLOAD_SCHEMAS } from '../workloads/workload-schemas';

/** Name of the HTTP-signature security scheme in the OpenAPI document. */
export const HTTP_SIGNATURE = 'httpSignature';

export const API_DESCRIPTION = [
  'Reservations, workloads, capacity pools and the grid directory of the 0-OS v2 explorer.',
  '',
  'Every operation is documented once, under `/api/v1`; the same handler also answers under `/explorer`',
  '(e.g. `/explorer/reservations/workloads`), plus the legacy aliases `POST /explorer/workloads` and',
  '`POST /explorer/reservations` for creates and `GET /explorer/reservations/workloads/{gwid}` for nodes.',
  '',
  'Errors are `{"error": "<message>"}` with the status. Lists take `page` (1-based) and `size` (default',
  '100, max 1000) and answer the headers `Pages` and `X-Total-Count`.',
  '',
  'Operations marked with the lock need an HTTP signature (draft-cavage, ed25519) by a user (keyId = tid)',
  'or a node (keyId = base58 node id): headers `Authorization: Signature keyId=...,algorithm="ed25519",',
  'created=...,headers="(created) date threebot-id [(request-target) digest]",signature=...`, `Date`,',
  '`Threebot-Id` (and `Digest`). Browsers cannot set `Date`, so sign with the CLI or SDK of the repository',
  '(docs/signing.md there describes every signed message) and send with curl.',
].join('\n');

const ERRORS: Record<number, string> = {
  400: 'bad input; `{"error": "..."}` says what',
  401: 'missing or invalid HTTP signature, or a signature the operation does not accept',
  402: 'the pool cannot pay for it: stored as invalid, `{"error": "...", "reservation_id": n}`',
  403: 'signed by someone who may not do this',
  404: 'unknown id',
  409: 'conflicts with an existing name or entry',
  503: 'the database is unavailable',
};

export interface OperationDoc {
  summary: string;
  /** Success status and what it answers. */
  ok: [status: number, description: string];
  /** Other statuses this operation really answers (a number uses the common wording). */
  errors?: (number | [status: number, description: string])[];
  /** Who signs: adds the HTTP-signature security requirement. */
  signedBy?: string;
  /** Request body schema, for bodies decoded from the raw text (no DTO). */
  body?: SchemaObject;
  query?: { name: string; description: string }[];
  headers?: { name: string; description: string }[];
}

/** Summary, the real success and error codes, and the signature requirement of one operation. */
export function ApiOperationDoc(doc: OperationDoc): MethodDecorator {
  const description = doc.signedBy ? `HTTP signature by the ${doc.signedBy}.` : undefined;
  return applyDecorators(
    ApiOperation({ summary: doc.summary, description }),
    ApiResponse({ status: doc.ok[0], description: doc.ok[1] }),
    ...(doc.errors ?? []).map((e) =>
      typeof e === 'number'
        ? ApiResponse({ status: e, description: ERRORS[e] })
        : ApiResponse({ status: e[0], description: e[1] }),
    ),
    ...(doc.signedBy ? [ApiSecurity(HTTP_SIGNATURE)] : []),
    ...(doc.body ? [ApiBody({ schema: doc.body })] : []),
    ...(doc.query ?? []).map((q) => ApiQuery({ ...q, required: false })),
    ...(doc.headers ?? []).map((h) => ApiHeader({ ...h, required: false })),
  );
}

/**
 * One entry per operation (the `/explorer` twins and legacy aliases are described, not repeated),
 * the HTTP-signature scheme, and the workload body schemas.
 */
export function finishOpenApi(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.keys(document.paths))
    if (path.startsWith('/explorer')) delete document.paths[path];
  document.components = {
    ...document.components,
    securitySchemes: {
      ...document.components?.securitySchemes,
      [HTTP_SIGNATURE]: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description:
          '`Signature keyId="<tid or node id>",algorithm="ed25519",created="<unix>",headers="(created) date threebot-id (request-target) digest",signature="<base64>"` with the `Date`, `Threebot-Id` and `Digest` headers it covers',
      },
    },
    schemas: { ...document.components?.schemas, ...WORKLOAD_SCHEMAS },
  };
  return document;
}
