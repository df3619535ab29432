import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { EvidenceDto } from '../../contracts/cases.ts';
import { AppError } from '../../domain/errors.ts';
import { addEvidence, listEvidence, readEvidence } from '../../services/add-evidence.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

/**
 * The multipart parser reports a body it cannot read (no boundary, cut short) as a plain error: that is bad input,
 * not a server fault. Its own limit errors (FST_*: file too large, too many parts) keep their mapping.
 */
/** What the multipart parser throws for a body it cannot read (no boundary, cut short) is bad input, not a fault. */
export function malformedMultipart(err: unknown): never {
  const code = (err as { code?: unknown } | null)?.code;
  if (err instanceof AppError || (typeof code === 'string' && code.startsWith('FST_'))) throw err;
  throw new AppError('VALIDATION_FAILED', { field: 'file', problem: 'malformed multipart body' });
}

export async function evidenceRoutes(app: FastifyInstance) {
  app.post(
    '/cases/:id/evidence',
    {
      schema: {
        tags: ['evidence'],
        summary:
          '上传证据 / Upload evidence (multipart field `file`, optional `description`; ≤ 10 MB; type sniffed from content)',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: {
          201: Type.Object({ ...EvidenceDto.properties, missing: Type.Array(Type.String()) }),
          ...errorResponses(403, 404, 413, 415),
        },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { expected: 'multipart/form-data' });
      const ctx = ctxOf(req);
      const part = await req.file().catch(malformedMultipart);
      if (part?.fieldname !== 'file') throw new AppError('VALIDATION_FAILED', { field: 'file', problem: 'missing' });
      const bytes = await part.toBuffer().catch(malformedMultipart);
      const description = (part.fields.description as { value?: unknown } | undefined)?.value;
      const created = await addEvidence(ctx, (req.params as { id: string }).id, {
        bytes,
        fileName: part.filename?.slice(0, 255),
        declaredMime: part.mimetype?.slice(0, 100),
        description: typeof description === 'string' ? description.slice(0, 2000) : undefined,
      });
      return reply.status(201).send(created);
    },
  );
  app.get(
    '/cases/:id/evidence',
    {
      schema: {
        tags: ['evidence'],
        summary: '证据列表 / List evidence',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(EvidenceDto) }), ...errorResponses(404) },
      },
    },
    async (req) => ({ items: await listEvidence(ctxOf(req), (req.params as { id: string }).id) }),
  );
  app.get(
    '/cases/:id/evidence/:evidenceId',
    {
      schema: {
        tags: ['evidence'],
        summary: '下载证据 / Download an evidence file',
        params: Type.Object({ id: Type.String({ maxLength: 64 }), evidenceId: Type.String({ maxLength: 64 }) }),
        response: errorResponses(404),
      },
    },
    async (req, reply) => {
      const p = req.params as { id: string; evidenceId: string };
      const file = await readEvidence(ctxOf(req), p.id, p.evidenceId);
      return reply
        .header('content-type', file.mime)
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName ?? 'evidence')}`,
        )
        .send(file.bytes);
    },
  );
}
