import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { IMPORT_MAX_BYTES, importFile } from '../../channels/import/import-file.ts';
import { Nullable } from '../../contracts/common.ts';
import {
  CaseReviewDto,
  ImportDto,
  ImportErrorDto,
  ImportErrorsQuery,
  ImportKindParams,
  MappingBody,
  MappingDto,
  RevisionOutcomeBody,
  RevisionRequestBody,
  RevisionRequestDto,
} from '../../contracts/imports.ts';
import { AppError } from '../../domain/errors.ts';
import { getImport, listImportErrors } from '../../services/import-jobs.ts';
import { checkKind, getMapping, putMapping } from '../../services/import-mappings.ts';
import { getCaseReview, recordRevisionOutcome, requestRevision } from '../../services/revision-requests.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

const kindOf = (req: { params: unknown }) => (req.params as { kind: string }).kind;
const idOf = (req: { params: unknown }) => (req.params as { id: string }).id;

/** What the multipart parser throws for a body it cannot read, or a file over the limit. */
function uploadFailed(err: unknown): never {
  const code = (err as { code?: unknown } | null)?.code;
  if (err instanceof AppError) throw err;
  if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('IMPORT_FILE_TOO_LARGE', { limitBytes: IMPORT_MAX_BYTES });
  if (typeof code === 'string' && code.startsWith('FST_')) throw err;
  throw new AppError('VALIDATION_FAILED', { field: 'file', problem: 'malformed multipart body' });
}

function mappingField(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  try {
    const m = JSON.parse(String(value)) as unknown;
    if (m && typeof m === 'object' && !Array.isArray(m) && Object.values(m).every((v) => typeof v === 'string'))
      return m as Record<string, string>;
  } catch {}
  throw new AppError('VALIDATION_FAILED', { field: 'mapping', problem: 'a JSON object of field → column header' });
}

/** Bulk import of orders, complaints and reviews; column mappings; revision requests on bad-review cases. */
export async function importRoutes(app: FastifyInstance) {
  const tags = ['imports & reviews'];
  app.get(
    '/imports/mappings/:kind',
    {
      schema: {
        tags,
        summary: '列映射 / The saved column mapping for orders, complaints or reviews, and the recognised headers',
        params: ImportKindParams,
        response: { 200: MappingDto, ...errorResponses(404) },
      },
    },
    (req) => getMapping(ctxOf(req), kindOf(req)),
  );
  app.put(
    '/imports/mappings/:kind',
    {
      schema: {
        tags,
        summary: '保存列映射 / Save which column header each field is read from (admin, supervisor)',
        params: ImportKindParams,
        body: MappingBody,
        response: { 200: MappingDto, ...errorResponses(403, 404, 422) },
      },
    },
    (req) => putMapping(ctxOf(req), kindOf(req), (req.body as { columns: Record<string, string> }).columns),
  );
  app.post(
    '/imports/:kind',
    {
      schema: {
        tags,
        summary:
          '批量导入 / Import a CSV (UTF-8 or GBK) or XLSX file (multipart field `file`, ≤ 50 MB; optional field `mapping` before it); answers with the finished report',
        consumes: ['multipart/form-data'],
        params: ImportKindParams,
        response: { 201: ImportDto, ...errorResponses(403, 404, 413, 415, 422) },
      },
    },
    async (req, reply) => {
      checkKind(kindOf(req));
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { expected: 'multipart/form-data' });
      const ctx = ctxOf(req);
      const part = await req.file({ limits: { fileSize: IMPORT_MAX_BYTES } }).catch(uploadFailed);
      if (part?.fieldname !== 'file') throw new AppError('VALIDATION_FAILED', { field: 'file', problem: 'missing' });
      const bytes = await part.toBuffer().catch(uploadFailed);
      if (bytes.length === 0) throw new AppError('IMPORT_FILE_UNREADABLE', { reason: 'empty file' });
      const mapping = mappingField((part.fields.mapping as { value?: unknown } | undefined)?.value);
      const report = await importFile(ctx, {
        kind: kindOf(req),
        bytes,
        fileName: part.filename?.slice(0, 255) || 'upload',
        mapping,
      });
      return reply.status(201).send(report);
    },
  );
  app.get(
    '/imports/:id',
    {
      schema: {
        tags,
        summary: '导入结果 / An import with its counts and progress',
        params: IdParams,
        response: { 200: ImportDto, ...errorResponses(404) },
      },
    },
    (req) => getImport(ctxOf(req), idOf(req)),
  );
  app.get(
    '/imports/:id/errors',
    {
      schema: {
        tags,
        summary: '导入错误行 / Rejected rows: row number, field, reason in zh-CN and English, the raw row',
        params: IdParams,
        querystring: ImportErrorsQuery,
        response: {
          200: Type.Object({ items: Type.Array(ImportErrorDto), nextCursor: Nullable(Type.String()) }),
          ...errorResponses(404),
        },
      },
    },
    (req) => {
      const q = req.query as Static<typeof ImportErrorsQuery>;
      return listImportErrors(ctxOf(req), idOf(req), { limit: q.limit ?? 200, cursor: q.cursor });
    },
  );

  app.get(
    '/cases/:id/review',
    {
      schema: {
        tags,
        summary: '差评详情 / The review behind a bad-review case, the shop’s reply, and the revision requests',
        params: IdParams,
        response: { 200: CaseReviewDto, ...errorResponses(404) },
      },
    },
    (req) => getCaseReview(ctxOf(req), idOf(req)),
  );
  app.post(
    '/cases/:id/revision-requests',
    {
      schema: {
        tags,
        summary:
          '请求改评 / Record that the reviewer was asked (never forced) to revise; offering money for it is refused',
        params: IdParams,
        body: RevisionRequestBody,
        response: { 201: RevisionRequestDto, ...errorResponses(403, 404, 409, 422) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await requestRevision(ctxOf(req), idOf(req), req.body as Static<typeof RevisionRequestBody>)),
  );
  app.patch(
    '/cases/:id/revision-requests/:requestId',
    {
      schema: {
        tags,
        summary: '改评结果 / The buyer’s answer: revised, declined or no answer',
        params: Type.Object(
          { id: Type.String({ maxLength: 64 }), requestId: Type.String({ maxLength: 64 }) },
          { additionalProperties: false },
        ),
        body: RevisionOutcomeBody,
        response: { 200: RevisionRequestDto, ...errorResponses(403, 404, 409) },
      },
    },
    (req) => {
      const p = req.params as { id: string; requestId: string };
      return recordRevisionOutcome(
        ctxOf(req),
        p.id,
        p.requestId,
        (req.body as Static<typeof RevisionOutcomeBody>).outcome,
      );
    },
  );
}
