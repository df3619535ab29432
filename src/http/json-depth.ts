import type { FastifyInstance } from 'fastify';
import { AppError } from '../domain/errors.ts';

/** No Kesu body nests anywhere near this; deeper input is an attack on the validator's and our recursion. */
export const MAX_JSON_DEPTH = 32;

/** Nesting depth of a parsed JSON value (a scalar is 0, `{}` and `[]` are 1), without recursion. */
export function jsonDepth(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const depth = d + 1;
    if (depth > max) max = depth;
    if (max > stopAt) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth]);
    }
  }
  return max;
}

/**
 * Fastify's own JSON parser (prototype-poisoning protection, body limit), then a depth check before validation:
 * a body nested deeper than MAX_JSON_DEPTH levels is 400 JSON_TOO_DEEP.
 */
export function limitJsonDepth(app: FastifyInstance, maxDepth = MAX_JSON_DEPTH) {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    parse(req, body as string, (err, value) => {
      if (err) return done(err, undefined);
      const depth = jsonDepth(value, maxDepth);
      if (depth > maxDepth) return done(new AppError('JSON_TOO_DEEP', { maxDepth }), undefined);
      done(null, value);
    });
  });
}
