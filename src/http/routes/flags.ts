import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { IsoDateTime, Nullable, StringEnum, Text, Uuid } from '../../contracts/common.ts';
import { flagKinds } from '../../domain/resolution-vocabulary.ts';
import { complainantHistory, flagComplainant } from '../../services/complainant-flags.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

const FlagBody = Type.Object(
  {
    kind: StringEnum(flagKinds),
    note: Text(5000),
    evidenceIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
const FlagDto = Type.Object({
  id: Uuid,
  caseId: Uuid,
  flagId: Uuid,
  kind: StringEnum(flagKinds),
  note: Type.String(),
  evidenceIds: Type.Array(Uuid),
  createdAt: IsoDateTime,
});
const HistoryDto = Type.Object({
  phoneHash: Nullable(Type.String()),
  emailHash: Nullable(Type.String()),
  caseCount: Type.Integer(),
  outcomes: Type.Array(Type.Object({ status: Type.String(), count: Type.Integer() })),
  flags: Type.Array(
    Type.Object({ id: Uuid, caseId: Uuid, kind: Type.String(), note: Type.String(), createdAt: IsoDateTime }),
  ),
});

/** Malicious-complaint flags and the repeat-complainant view. */
export async function flagRoutes(app: FastifyInstance) {
  const tags = ['malicious complaints'];
  app.post(
    '/cases/:id/flags',
    {
      schema: {
        tags,
        summary: '标记恶意投诉 / Flag the complainant: extortion, false claim, false IP claim (supervisor)',
        params: IdParams,
        body: FlagBody,
        response: { 201: FlagDto, ...errorResponses(403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await flagComplainant(ctxOf(req), (req.params as { id: string }).id, req.body as Static<typeof FlagBody>),
        ),
  );
  app.get(
    '/cases/:id/complainant-history',
    {
      schema: {
        tags,
        summary: '重复投诉人 / Earlier cases and flags of this complainant, matched by hashed phone and e-mail',
        params: IdParams,
        response: { 200: HistoryDto, ...errorResponses(404) },
      },
    },
    async (req) => complainantHistory(ctxOf(req), (req.params as { id: string }).id),
  );
}
