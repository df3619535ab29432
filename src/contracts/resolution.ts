import { Type } from 'typebox';
import {
  offerAnswers,
  offerStates,
  offerTypes,
  promiseKinds,
  promiseStates,
  rootCauseCategories,
} from '../domain/resolution-vocabulary.ts';
import { caseKinds, categories, channels } from '../domain/vocabulary.ts';
import { IsoDateTime, Nullable, StringEnum, Text, Uuid } from './common.ts';

const strict = { additionalProperties: false } as const;
export const Fen = Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'amount in fen (分), ¥1 = 100' });
export const List = <T extends ReturnType<typeof Type.Object>>(item: T) => Type.Object({ items: Type.Array(item) });

export const PolicyDto = Type.Object({
  agentLimitFen: Fen,
  supervisorLimitFen: Fen,
  followUpDays: Type.Integer({ minimum: 0, maximum: 60 }),
  reopenWindowDays: Type.Integer({ minimum: 1, maximum: 90 }),
  replyHours: Type.Integer({ minimum: 1, maximum: 720 }),
});
export const PolicyPatch = Type.Partial(PolicyDto, { ...strict, minProperties: 1 });

export const DepartmentBody = Type.Object(
  { code: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$' }), name: Text(100) },
  strict,
);
export const DepartmentDto = Type.Object({ id: Uuid, code: Type.String(), name: Type.String() });

export const RoutingRuleBody = Type.Object(
  {
    priority: Type.Integer({ minimum: 0, maximum: 100_000, description: 'lower is tried first; unique per tenant' }),
    category: Type.Optional(StringEnum(categories)),
    kind: Type.Optional(StringEnum(caseKinds)),
    channel: Type.Optional(StringEnum(channels)),
    respondentTenantId: Type.Optional(Uuid),
    severity: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    departmentId: Uuid,
    assigneeId: Type.Optional(Uuid),
  },
  strict,
);
export const RoutingRuleDto = Type.Object({
  id: Uuid,
  priority: Type.Integer(),
  category: Nullable(Type.String()),
  kind: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  respondentTenantId: Nullable(Uuid),
  severity: Nullable(Type.Integer()),
  departmentId: Uuid,
  assigneeId: Nullable(Uuid),
});

export const CollaboratorBody = Type.Object({ userId: Uuid, departmentId: Uuid }, strict);
export const CollaboratorDto = Type.Object({
  userId: Uuid,
  displayName: Type.String(),
  tenantId: Uuid,
  departmentId: Uuid,
  departmentName: Type.String(),
  addedAt: IsoDateTime,
});
export const CollaboratorAdded = Type.Object({
  caseId: Uuid,
  userId: Uuid,
  departmentId: Uuid,
  departmentName: Type.String(),
  addedAt: IsoDateTime,
});

export const InvestigationBody = Type.Object({ findings: Text(10_000), departmentId: Type.Optional(Uuid) }, strict);
export const InvestigationDto = Type.Object({
  caseId: Uuid,
  departmentId: Nullable(Uuid),
  departmentName: Nullable(Type.String()),
  findings: Type.String(),
  at: IsoDateTime,
});

export const SystemicQuery = Type.Object(
  {
    from: Type.Optional(IsoDateTime),
    to: Type.Optional(IsoDateTime),
    category: Type.Optional(StringEnum(rootCauseCategories)),
  },
  strict,
);
export const SystemicDto = Type.Object({
  byCategory: Type.Array(Type.Object({ category: Type.String(), count: Type.Integer() })),
  items: Type.Array(
    Type.Object({
      caseId: Uuid,
      caseNumber: Type.String(),
      complaintCategory: Nullable(Type.String()),
      rootCauseCategory: Nullable(Type.String()),
      rootCauseText: Nullable(Type.String()),
      respondentTenantId: Uuid,
      departmentId: Nullable(Uuid),
      closedAt: Nullable(IsoDateTime),
    }),
  ),
});

export const OfferBody = Type.Object(
  {
    type: StringEnum(offerTypes),
    amountFen: Fen,
    description: Text(2000),
    promiseDueAt: Type.Optional(IsoDateTime),
  },
  strict,
);
export const OfferDecisionBody = Type.Object({ note: Type.Optional(Text(2000)) }, strict);
export const OfferAnswerBody = Type.Object(
  { answer: StringEnum(offerAnswers), note: Type.Optional(Text(2000)), counterAmountFen: Type.Optional(Fen) },
  strict,
);
export const OfferDto = Type.Object({
  id: Uuid,
  caseId: Uuid,
  offeredByTenantId: Uuid,
  createdBy: Nullable(Uuid),
  type: StringEnum(offerTypes),
  amountFen: Type.Integer(),
  description: Type.String(),
  promiseDueAt: Nullable(IsoDateTime),
  state: StringEnum(offerStates),
  approvalRole: Nullable(Type.String()),
  adminReason: Nullable(Type.String({ description: 'flagged_complainant: an admin must approve whatever the amount' })),
  approvedBy: Nullable(Uuid),
  approvedAt: Nullable(IsoDateTime),
  decisionNote: Nullable(Type.String()),
  sentAt: Nullable(IsoDateTime),
  answeredAt: Nullable(IsoDateTime),
  answeredVia: Nullable(Type.String()),
  answerNote: Nullable(Type.String()),
  counterAmountFen: Nullable(Type.Integer()),
  createdAt: IsoDateTime,
});
export const PublicOfferDto = Type.Object({
  id: Uuid,
  type: StringEnum(offerTypes),
  amountFen: Type.Integer(),
  description: Type.String(),
  promiseDueAt: Nullable(IsoDateTime),
  state: StringEnum(offerStates),
  sentAt: Nullable(IsoDateTime),
  answeredAt: Nullable(IsoDateTime),
  answerNote: Nullable(Type.String()),
  counterAmountFen: Nullable(Type.Integer()),
});

export const PromiseBody = Type.Object(
  { kind: StringEnum(promiseKinds), description: Text(2000), dueAt: IsoDateTime, ownerId: Type.Optional(Uuid) },
  strict,
);
export const PromiseSettleBody = Type.Object(
  { outcome: StringEnum(['kept', 'broken'] as const), note: Text(2000), evidenceId: Type.Optional(Uuid) },
  strict,
);
export const PromiseDto = Type.Object({
  id: Uuid,
  caseId: Uuid,
  offerId: Nullable(Uuid),
  kind: StringEnum(promiseKinds),
  description: Type.String(),
  ownerId: Uuid,
  ownerTenantId: Uuid,
  dueAt: IsoDateTime,
  state: StringEnum(promiseStates),
  overdue: Type.Boolean(),
  outcomeNote: Nullable(Type.String()),
  evidenceId: Nullable(Uuid),
  settledBy: Nullable(Uuid),
  settledAt: Nullable(IsoDateTime),
  createdAt: IsoDateTime,
});
export const OverduePromiseDto = Type.Object({ ...PromiseDto.properties, caseNumber: Type.String() });
export const OverdueQuery = Type.Object({ ownerId: Type.Optional(Uuid) }, strict);

export const RatingBody = Type.Object(
  { rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Text(2000)) },
  strict,
);
export const FollowUpDto = Type.Object({
  id: Uuid,
  caseId: Uuid,
  resolvedAt: IsoDateTime,
  dueAt: IsoDateTime,
  state: Type.String(),
  rating: Nullable(Type.Integer()),
  comment: Nullable(Type.String()),
  answeredVia: Nullable(Type.String()),
  answeredAt: Nullable(IsoDateTime),
  reopened: Type.Boolean(),
});
export const DueFollowUpDto = Type.Object({
  ...FollowUpDto.properties,
  caseNumber: Type.String(),
  assigneeId: Nullable(Uuid),
});
export const PublicRatingDto = Type.Object({
  rating: Nullable(Type.Integer()),
  comment: Nullable(Type.String()),
  answeredAt: Nullable(IsoDateTime),
  reopened: Type.Boolean(),
});
