import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, errorCatalog } from '../domain/errors.ts';

export function errorBody(code: ErrorCode, details: Record<string, unknown> = {}) {
  const e = errorCatalog[code];
  return { error: { code, message: e.en, messageZh: e.zh, details } };
}

export function sendError(reply: FastifyReply, code: ErrorCode, details: Record<string, unknown> = {}) {
  // 429 and 503 say when to come back, so clients and proxies back off instead of hammering.
  if (typeof details.retryAfterSeconds === 'number') reply.header('retry-after', String(details.retryAfterSeconds));
  return reply.status(errorCatalog[code].status).type('application/json; charset=utf-8').send(errorBody(code, details));
}

/** Maps everything thrown below the routes to one error shape; only a real bug is a 500. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as FastifyError & {
    code?: string;
    validation?: { instancePath: string; message?: string; params?: unknown }[];
  };
  if (e.validation) {
    return new AppError('VALIDATION_FAILED', {
      errors: e.validation
        .slice(0, 20)
        .map((v) => ({ path: v.instancePath || '/', message: v.message ?? 'invalid', params: v.params })),
      part: (e as { validationContext?: string }).validationContext ?? 'body',
    });
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('INVALID_JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError(e.code === 'FST_REQ_FILE_TOO_LARGE' ? 'EVIDENCE_TOO_LARGE' : 'PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_BAD_URL':
    case 'FST_PROTO_VIOLATION':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new AppError('VALIDATION_FAILED', { problem: e.code });
  }
  if (e instanceof SyntaxError) return new AppError('INVALID_JSON');
  // PostgreSQL SQLSTATE classes: 22 data exception (e.g. NUL byte, value out of range), 23 integrity.
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
    if (e.code.startsWith('22') || e.code === '23514' || e.code === '23502')
      return new AppError('VALIDATION_FAILED', { sqlstate: e.code });
    if (e.code === '40001' || e.code === '40P01' || e.code === '23505')
      return new AppError('CONCURRENT_UPDATE', { sqlstate: e.code });
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError(
      e.statusCode === 413
        ? 'PAYLOAD_TOO_LARGE'
        : e.statusCode === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : 'VALIDATION_FAILED',
      { problem: e.code ?? null },
    );
  }
  return new AppError('INTERNAL');
}

export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const app = toAppError(err);
  if (app.code === 'INTERNAL') request.log.error({ err }, 'unhandled error');
  return sendError(reply, app.code, app.details);
}
