import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { CaseDto } from '../../contracts/cases.ts';
import { MergeBody, RelatedDto } from '../../contracts/omni.ts';
import { mergeCase } from '../../services/merge-cases.ts';
import { relatedCases } from '../../services/related-cases.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

const tags = ['duplicates'];
const id = (req: { params: unknown }) => (req.params as { id: string }).id;

/** Related cases (same complainant and order within the window, or merged) and the merge action. */
export async function duplicateRoutes(app: FastifyInstance) {
  app.get(
    '/cases/:id/related',
    {
      schema: {
        tags,
        summary: '相关投诉 / Cases of the same complainant and order, and merged cases; with the repeat count',
        params: IdParams,
        response: { 200: RelatedDto, ...errorResponses(404) },
      },
    },
    async (req) => relatedCases(ctxOf(req), id(req)),
  );
  app.post(
    '/cases/:id/merge',
    {
      schema: {
        tags,
        summary:
          '合并重复投诉 / Merge this case into another of the same organisation (supervisor or admin); answers with the merged case (withdrawn, MERGED); both timelines stay',
        params: IdParams,
        body: MergeBody,
        response: {
          200: CaseDto,
          ...errorResponses(403, 404, 409, 422),
        },
      },
    },
    async (req) => mergeCase(ctxOf(req), id(req), req.body as Static<typeof MergeBody>),
  );
}
