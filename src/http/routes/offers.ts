import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import {
  List,
  OfferAnswerBody,
  OfferBody,
  OfferDecisionBody,
  OfferDto,
  PublicOfferDto,
} from '../../contracts/resolution.ts';
import { answerOfferAsAgent, answerOfferByLink } from '../../services/answer-offer.ts';
import { listOffers, listOffersByLink } from '../../services/list-offers.ts';
import { makeOffer } from '../../services/make-offer.ts';
import { decideOffer, type OfferDecision } from '../../services/offer-decisions.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

const OfferParams = Type.Object(
  { id: Type.String({ maxLength: 64 }), offerId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) }, { additionalProperties: false });
const TokenOfferParams = Type.Object(
  { token: Type.String({ maxLength: 100 }), offerId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

/** Offers and negotiation: make, approve/decline, send, answer (by the agent or through the access link). */
export async function offerRoutes(app: FastifyInstance) {
  const tags = ['offers'];
  app.get(
    '/cases/:id/offers',
    {
      schema: {
        tags,
        summary: '方案列表 / Offers on a case',
        params: IdParams,
        response: { 200: List(OfferDto), ...errorResponses(404) },
      },
    },
    async (req) => listOffers(ctxOf(req), (req.params as { id: string }).id),
  );
  app.post(
    '/cases/:id/offers',
    {
      schema: {
        tags,
        summary: '提出方案 / Make an offer; above your approval limit it waits for approval',
        params: IdParams,
        body: OfferBody,
        response: { 201: OfferDto, ...errorResponses(403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await makeOffer(ctxOf(req), (req.params as { id: string }).id, req.body as Static<typeof OfferBody>)),
  );
  const decisions: [OfferDecision, string][] = [
    ['approve', '审批通过 / Approve an offer (role limit must cover the amount)'],
    ['decline', '审批驳回 / Decline an offer waiting for approval'],
    ['send', '发出方案 / Send to the complainant (APPROVAL_REQUIRED while unapproved)'],
    ['withdraw', '撤回方案 / Withdraw an offer'],
  ];
  for (const [decision, summary] of decisions) {
    app.post(
      `/cases/:id/offers/:offerId/${decision}`,
      {
        schema: {
          tags,
          summary,
          params: OfferParams,
          body: OfferDecisionBody,
          response: { 200: OfferDto, ...errorResponses(403, 404, 409) },
        },
      },
      async (req) => {
        const p = req.params as Static<typeof OfferParams>;
        const note = (req.body as Static<typeof OfferDecisionBody>).note;
        return decideOffer(ctxOf(req), p.id, p.offerId, decision, note);
      },
    );
  }
  app.post(
    '/cases/:id/offers/:offerId/answer',
    {
      schema: {
        tags,
        summary: '记录投诉人答复 / Record the complainant’s accept, reject or counter',
        params: OfferParams,
        body: OfferAnswerBody,
        response: { 200: OfferDto, ...errorResponses(403, 404, 409, 422) },
      },
    },
    async (req) => {
      const p = req.params as Static<typeof OfferParams>;
      return answerOfferAsAgent(ctxOf(req), p.id, p.offerId, req.body as Static<typeof OfferAnswerBody>);
    },
  );
  app.get(
    '/access/:token/offers',
    {
      config: { public: true },
      schema: {
        tags: ['access links'],
        summary: '投诉人查看方案 / Offers sent to the complainant, through the link',
        security: [],
        params: TokenParams,
        response: { 200: List(PublicOfferDto), ...errorResponses(404, 410) },
      },
    },
    async (req) => listOffersByLink(app.deps.database.db, (req.params as { token: string }).token, app.deps.clock()),
  );
  app.post(
    '/access/:token/offers/:offerId/answer',
    {
      config: { public: true },
      schema: {
        tags: ['access links'],
        summary: '投诉人答复方案 / Accept, reject or counter an offer through the link',
        security: [],
        params: TokenOfferParams,
        body: OfferAnswerBody,
        response: { 200: PublicOfferDto, ...errorResponses(404, 409, 410, 422) },
      },
    },
    async (req) => {
      const p = req.params as Static<typeof TokenOfferParams>;
      const body = req.body as Static<typeof OfferAnswerBody>;
      return answerOfferByLink(app.deps.database.db, p.token, p.offerId, body, app.deps.clock());
    },
  );
}
