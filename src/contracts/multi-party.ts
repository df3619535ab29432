import { Type } from 'typebox';
import { escalationTargets, forwardReplyKinds, rulings } from '../domain/resolution-vocabulary.ts';
import { IsoDateTime, Nullable, PageQuery, StringEnum, Text, Uuid } from './common.ts';
import { Fen } from './resolution.ts';

const strict = { additionalProperties: false } as const;

export const ForwardBody = Type.Object(
  { replyHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })), note: Type.Optional(Text(2000)) },
  strict,
);
export const ForwardReplyBody = Type.Object(
  {
    kind: StringEnum(forwardReplyKinds),
    text: Text(5000),
    evidenceIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
  },
  strict,
);
export const DisagreementBody = Type.Object({ text: Text(5000) }, strict);
export const RulingBody = Type.Object(
  { ruling: StringEnum(rulings), text: Text(5000), amountFen: Type.Optional(Fen) },
  strict,
);
export const ForwardDto = Type.Object({
  id: Uuid,
  caseId: Uuid,
  platformTenantId: Uuid,
  respondentTenantId: Uuid,
  forwardedAt: IsoDateTime,
  replyDueAt: IsoDateTime,
  replyOverdue: Type.Boolean(),
  state: StringEnum(['awaiting_reply', 'replied', 'disputed', 'ruled'] as const),
  replyKind: Nullable(Type.String()),
  replyText: Nullable(Type.String()),
  replyEvidenceIds: Type.Array(Uuid),
  repliedAt: Nullable(IsoDateTime),
  disagreement: Nullable(Type.String()),
  ruling: Nullable(Type.String()),
  rulingAmountFen: Nullable(Type.Integer()),
  rulingText: Nullable(Type.String()),
  ruledAt: Nullable(IsoDateTime),
});

export const forwardStates = ['awaiting_reply', 'replied', 'disputed', 'ruled'] as const;

/** GET /forwards: the forwards your organisation made (platform) or received (respondent), newest first. */
export const ForwardListQuery = Type.Object(
  {
    state: Type.Optional(Type.Array(StringEnum(forwardStates), { maxItems: 4 })),
    respondentTenantId: Type.Optional(Uuid),
    /** Only forwards whose reply deadline passed without a reply. */
    overdue: Type.Optional(Type.Boolean()),
    ...PageQuery,
  },
  strict,
);
export const ForwardListItem = Type.Object({
  ...ForwardDto.properties,
  caseNumber: Type.String(),
  respondentName: Type.String(),
});
export const ForwardPage = Type.Object({ items: Type.Array(ForwardListItem), nextCursor: Nullable(Type.String()) });

export const SideNoteBody = Type.Object({ body: Text(10_000) }, strict);
export const SideNoteDto = Type.Object({
  id: Uuid,
  caseId: Uuid,
  authorId: Nullable(Uuid),
  body: Type.String(),
  createdAt: IsoDateTime,
});

export const EscalationBody = Type.Object(
  {
    target: StringEnum(escalationTargets),
    bodyName: Type.Optional(Text(200)),
    referenceNumber: Type.Optional(Text(100)),
    submittedAt: Type.Optional(IsoDateTime),
    note: Type.Optional(Text(5000)),
  },
  strict,
);
export const EscalationPatch = Type.Object(
  {
    referenceNumber: Type.Optional(Text(100)),
    decidedAt: Type.Optional(IsoDateTime),
    outcome: Type.Optional(Text(5000)),
  },
  { ...strict, minProperties: 1 },
);
export const EscalationDto = Type.Object({
  id: Uuid,
  caseId: Uuid,
  level: StringEnum(['internal', 'external'] as const),
  target: StringEnum(escalationTargets),
  bodyName: Nullable(Type.String()),
  referenceNumber: Nullable(Type.String()),
  submittedAt: IsoDateTime,
  decidedAt: Nullable(IsoDateTime),
  outcome: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdByTenantId: Uuid,
  createdAt: IsoDateTime,
});

const Loose = (description: string) => Type.Unknown({ description });
export const DossierQuery = Type.Object({ format: Type.Optional(StringEnum(['json', 'html'] as const)) }, strict);
export const DossierDto = Type.Object(
  {
    generatedAt: IsoDateTime,
    case: Loose('case summary: number, kind, status, reason, expected resolution, resolution, root cause'),
    parties: Loose('complainant (masked for viewers), respondent, owner, platform, operations company'),
    order: Loose('the linked order or null'),
    timeline: Type.Array(Loose('event: at, type, actor, actorParty, data (internal notes left out)')),
    evidence: Type.Array(Loose('evidence: fileName, mime, sizeBytes, sha256, createdAt')),
    offers: Type.Array(Loose('offer')),
    promises: Type.Array(Loose('promise')),
    followUps: Type.Array(Loose('follow-up')),
    escalations: Type.Array(Loose('escalation')),
    forwards: Type.Array(Loose('platform forward, reply and ruling')),
    communications: Type.Array(Loose('what was said to or by the parties')),
  },
  { additionalProperties: false },
);
