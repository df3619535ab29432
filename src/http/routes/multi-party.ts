import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { type Static, Type } from 'typebox';
import {
  DisagreementBody,
  DossierDto,
  DossierQuery,
  EscalationBody,
  EscalationDto,
  EscalationPatch,
  ForwardBody,
  ForwardDto,
  ForwardListQuery,
  ForwardPage,
  ForwardReplyBody,
  RulingBody,
  SideNoteBody,
  SideNoteDto,
} from '../../contracts/multi-party.ts';
import { List } from '../../contracts/resolution.ts';
import { buildDossier } from '../../services/dossier.ts';
import { renderDossierHtml } from '../../services/dossier-html.ts';
import { listEscalations, recordEscalation, updateEscalation } from '../../services/escalations.ts';
import { recordDisagreement, replyToForward, ruleOnCase } from '../../services/forward-answers.ts';
import { forwardCase, listForwards } from '../../services/forward-case.ts';
import { listAllForwards } from '../../services/forward-list.ts';
import { addSideNote, listSideNotes } from '../../services/side-notes.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

const id = (req: { params: unknown }) => (req.params as { id: string }).id;

/** Platform forwarding and rulings, side notes, escalations and the dossier. */
export async function multiPartyRoutes(app: FastifyInstance) {
  const tags = ['multi-party & escalation'];
  const post = (
    url: string,
    summary: string,
    body: TSchema,
    response: TSchema,
    handler: (req: FastifyRequest) => Promise<unknown>,
    status = 200,
  ) =>
    app.post(
      url,
      {
        schema: {
          tags,
          summary,
          params: IdParams,
          body,
          response: { [status]: response, ...errorResponses(403, 404, 409) },
        },
      },
      async (req, reply) => reply.status(status).send(await handler(req)),
    );
  post(
    '/cases/:id/forward',
    '平台转交 / The platform forwards the case to the respondent with a reply deadline',
    ForwardBody,
    ForwardDto,
    (req) => forwardCase(ctxOf(req), id(req), req.body as Static<typeof ForwardBody>),
    201,
  );
  post(
    '/cases/:id/forward/reply',
    '被投诉方答复 / The respondent replies, proposes or disputes, with evidence',
    ForwardReplyBody,
    ForwardDto,
    (req) => replyToForward(ctxOf(req), id(req), req.body as Static<typeof ForwardReplyBody>),
  );
  post(
    '/cases/:id/forward/disagreement',
    '记录争议 / The platform records that the parties disagree',
    DisagreementBody,
    ForwardDto,
    (req) => recordDisagreement(ctxOf(req), id(req), (req.body as Static<typeof DisagreementBody>).text),
  );
  post(
    '/cases/:id/forward/ruling',
    '平台裁决 / The platform rules: order refund or compensation, dismiss, record a violation',
    RulingBody,
    ForwardDto,
    (req) => ruleOnCase(ctxOf(req), id(req), req.body as Static<typeof RulingBody>),
  );
  post(
    '/cases/:id/side-notes',
    '己方备注 / A note only your organisation sees',
    SideNoteBody,
    SideNoteDto,
    (req) => addSideNote(ctxOf(req), id(req), (req.body as Static<typeof SideNoteBody>).body),
    201,
  );
  post(
    '/cases/:id/escalations',
    '升级记录 / Record an internal or external escalation',
    EscalationBody,
    EscalationDto,
    (req) => recordEscalation(ctxOf(req), id(req), req.body as Static<typeof EscalationBody>),
    201,
  );

  const list = (
    url: string,
    summary: string,
    item: ReturnType<typeof Type.Object>,
    fn: (req: FastifyRequest) => Promise<unknown>,
  ) =>
    app.get(
      url,
      { schema: { tags, summary, params: IdParams, response: { 200: List(item), ...errorResponses(404) } } },
      (req) => fn(req),
    );
  list('/cases/:id/forwards', '转交记录 / Forwards, replies and rulings', ForwardDto, (req) =>
    listForwards(ctxOf(req), id(req)),
  );
  list('/cases/:id/side-notes', '己方备注 / Your organisation’s side notes', SideNoteDto, (req) =>
    listSideNotes(ctxOf(req), id(req)),
  );
  list('/cases/:id/escalations', '升级记录 / Escalations', EscalationDto, (req) =>
    listEscalations(ctxOf(req), id(req)),
  );

  app.get(
    '/forwards',
    {
      schema: {
        tags,
        summary:
          '转交列表 / Forwards across cases: those your platform made or your organisation must answer; filter by state and respondent',
        querystring: ForwardListQuery,
        response: { 200: ForwardPage, ...errorResponses() },
      },
    },
    async (req) => {
      const q = req.query as Static<typeof ForwardListQuery>;
      return listAllForwards(ctxOf(req), { ...q, limit: q.limit ?? 50 });
    },
  );

  const EscParams = Type.Object(
    { id: Type.String({ maxLength: 64 }), escalationId: Type.String({ maxLength: 64 }) },
    { additionalProperties: false },
  );
  app.patch(
    '/cases/:id/escalations/:escalationId',
    {
      schema: {
        tags,
        summary: '升级进展 / Add reference number, decision date and outcome',
        params: EscParams,
        body: EscalationPatch,
        response: { 200: EscalationDto, ...errorResponses(403, 404) },
      },
    },
    async (req) => {
      const p = req.params as Static<typeof EscParams>;
      return updateEscalation(ctxOf(req), p.id, p.escalationId, req.body as Static<typeof EscalationPatch>);
    },
  );
  app.get(
    '/cases/:id/dossier',
    {
      schema: {
        tags,
        summary: '投诉档案 / The complete case file for an outside body, as JSON or a printable zh-CN page',
        params: IdParams,
        querystring: DossierQuery,
        response: { 200: DossierDto, ...errorResponses(404) },
      },
    },
    async (req, reply) => {
      const d = await buildDossier(ctxOf(req), id(req));
      if ((req.query as Static<typeof DossierQuery>).format !== 'html') return d;
      return reply
        .type('text/html; charset=utf-8')
        .serializer((s: unknown) => s as string)
        .send(renderDossierHtml(d));
    },
  );
}
