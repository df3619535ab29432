import { Type } from 'typebox';

/** Error responses to document on a route (all share the Error schema). */
export function errorResponses(...statuses: number[]) {
  const ref = Type.Unsafe({ $ref: 'Error#' });
  return Object.fromEntries([400, 401, ...statuses].map((s) => [s, ref]));
}

export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' })),
});
