import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { CallBody, CallCreated, CallDto, ContactTimingDto, ContactTimingQuery } from '../../contracts/calls.ts';
import { List } from '../../contracts/resolution.ts';
import { listCalls, logCall } from '../../services/calls.ts';
import { contactTimingFor } from '../../services/contact-timing.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

const id = (req: { params: unknown }) => (req.params as { id: string }).id;

/** Hotline calls (热线来电) and contact timing (联系时间). */
export async function callRoutes(app: FastifyInstance) {
  const tags = ['calls & contact timing'];
  app.post(
    '/calls',
    {
      schema: {
        tags,
        summary: '记录通话 / Log a hotline call on a case, or as a new case (channel hotline)',
        description:
          'Send `caseId` for an existing case or `createCase` for a new one (the caller becomes the complainant). An outbound call outside the calling window or over the daily limit is kept; the answer lists `warnings` (OUTSIDE_CALLING_HOURS, DAILY_CALL_LIMIT_REACHED) and the timeline notes them.',
        body: CallBody,
        response: { 201: CallCreated, ...errorResponses(403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await logCall(ctxOf(req), req.body as Static<typeof CallBody>)),
  );
  app.get(
    '/cases/:id/calls',
    {
      schema: {
        tags,
        summary: '通话记录 / Calls logged on a case, oldest first',
        params: IdParams,
        response: { 200: List(CallDto), ...errorResponses(404) },
      },
    },
    (req) => listCalls(ctxOf(req), id(req)),
  );
  app.get(
    '/cases/:id/contact-timing',
    {
      schema: {
        tags,
        summary: '联系时间建议 / When to call the complainant: their region’s hours, never after 21:00, daily limit',
        params: IdParams,
        querystring: ContactTimingQuery,
        response: { 200: ContactTimingDto, ...errorResponses(404) },
      },
    },
    (req) => contactTimingFor(ctxOf(req), id(req), req.query as Static<typeof ContactTimingQuery>),
  );
}
