import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { AssignBody, CaseActionBody, CaseDto, NoteBody } from '../../contracts/cases.ts';
import type { CaseAction } from '../../domain/lifecycle.ts';
import { actOnCase } from '../../services/act-on-case.ts';
import { addNote } from '../../services/add-note.ts';
import { assignCase } from '../../services/assign-case.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

export async function caseActionRoutes(app: FastifyInstance) {
  app.post(
    '/cases/:id/actions',
    {
      schema: {
        tags: ['cases'],
        summary: '流转 / Take a lifecycle action (one of the case’s allowedActions)',
        description:
          'An action the lifecycle refuses is 409 with the reason code, e.g. ROOT_CAUSE_REQUIRED or AFTER_SALES_WINDOW_PASSED.',
        params: IdParams,
        body: CaseActionBody,
        response: { 200: CaseDto, ...errorResponses(404, 409) },
      },
    },
    async (req) => {
      const b = req.body as Static<typeof CaseActionBody>;
      return actOnCase(
        ctxOf(req),
        (req.params as { id: string }).id,
        b.action as CaseAction,
        {
          reason: b.reason,
          resolution: b.resolution,
          rootCauseType: b.rootCause?.type,
          rootCauseText: b.rootCause?.text,
          rootCauseCategory: b.rootCause?.category,
        },
        b.expectedVersion,
      );
    },
  );
  app.post(
    '/cases/:id/assign',
    {
      schema: {
        tags: ['cases'],
        summary: '指定首问责任人 / Assign the first responsible person (reassigning needs a reason)',
        params: IdParams,
        body: AssignBody,
        response: { 200: CaseDto, ...errorResponses(403, 404, 409) },
      },
    },
    async (req) => {
      const b = req.body as Static<typeof AssignBody>;
      return assignCase(ctxOf(req), (req.params as { id: string }).id, b.assigneeId, b.reason);
    },
  );
  app.post(
    '/cases/:id/notes',
    {
      schema: {
        tags: ['cases'],
        summary: '备注 / Add a note to the timeline',
        params: IdParams,
        body: NoteBody,
        response: errorResponses(403, 404),
      },
    },
    async (req, reply) => {
      const b = req.body as Static<typeof NoteBody>;
      return reply
        .status(201)
        .send(await addNote(ctxOf(req), (req.params as { id: string }).id, b.body, b.visibility ?? 'internal'));
    },
  );
}
