import { type Static, Type } from 'typebox';
import { userActions } from '../domain/lifecycle.ts';
import { rootCauseCategories } from '../domain/resolution-vocabulary.ts';
import {
  caseKinds,
  caseStatuses,
  categories,
  channels,
  expectedResolutions,
  rootCauseTypes,
} from '../domain/vocabulary.ts';
import { IsoDateTime, Nullable, PageQuery, StringEnum, Text, Uuid } from './common.ts';
import { CaseSla } from './sla.ts';

const Phone = Type.String({ minLength: 3, maxLength: 32, pattern: '^[+0-9][0-9 ()-]*$' });
const Email = Type.String({ maxLength: 254, format: 'email' });

const Complainant = Type.Object(
  {
    name: Text(100),
    phone: Type.Optional(Phone),
    email: Type.Optional(Email),
    idNumber: Type.Optional(Type.String({ minLength: 6, maxLength: 32, pattern: '^[0-9A-Za-z]+$' })),
  },
  { additionalProperties: false },
);

export const CaseCreateBody = Type.Object(
  {
    kind: StringEnum(caseKinds),
    channel: StringEnum(channels),
    respondentTenantId: Type.Optional(Uuid),
    orderId: Type.Optional(Uuid),
    orderNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    complainant: Complainant,
    reason: Text(10_000),
    expectedResolution: Type.Optional(StringEnum(expectedResolutions)),
    category: Type.Optional(StringEnum(categories)),
    severity: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    reviewRating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  },
  { additionalProperties: false },
);
export type CaseCreateBody = Static<typeof CaseCreateBody>;

export const CasePatchBody = Type.Object(
  {
    complainant: Type.Optional(Type.Partial(Complainant, { additionalProperties: false })),
    orderNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    reason: Type.Optional(Text(10_000)),
    expectedResolution: Type.Optional(StringEnum(expectedResolutions)),
    category: Type.Optional(StringEnum(categories)),
    severity: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    reviewRating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CaseActionBody = Type.Object(
  {
    action: StringEnum(userActions),
    reason: Type.Optional(Text(2000)),
    resolution: Type.Optional(Text(5000)),
    rootCause: Type.Optional(
      Type.Object(
        {
          type: StringEnum(rootCauseTypes),
          text: Text(2000),
          category: Type.Optional(StringEnum(rootCauseCategories, { description: 'required to close' })),
        },
        { additionalProperties: false },
      ),
    ),
    expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const AssignBody = Type.Object(
  { assigneeId: Uuid, reason: Type.Optional(Text(2000)) },
  { additionalProperties: false },
);

export const NoteBody = Type.Object(
  { body: Text(10_000), visibility: Type.Optional(StringEnum(['internal', 'customer'] as const)) },
  { additionalProperties: false },
);

export const CaseListQuery = Type.Object(
  {
    status: Type.Optional(Type.Array(StringEnum(caseStatuses), { maxItems: 11 })),
    open: Type.Optional(Type.Boolean()),
    kind: Type.Optional(StringEnum(caseKinds)),
    category: Type.Optional(StringEnum(categories)),
    severity: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    respondentTenantId: Type.Optional(Uuid),
    assigneeId: Type.Optional(Uuid),
    channel: Type.Optional(StringEnum(channels)),
    departmentId: Type.Optional(Uuid),
    /** First responsible person (the assignee), as the analytics dashboard names it. */
    personId: Type.Optional(Uuid),
    createdFrom: Type.Optional(IsoDateTime),
    createdTo: Type.Optional(IsoDateTime),
    overdue: Type.Optional(Type.Boolean()),
    unread: Type.Optional(
      Type.Boolean({ description: 'only cases the complainant wrote on since you last opened them (GET /cases/:id)' }),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const CaseDto = Type.Object(
  {
    id: Uuid,
    caseNumber: Type.String({ examples: ['KS-2026-000123'] }),
    kind: StringEnum(caseKinds),
    channel: StringEnum(channels),
    status: StringEnum(caseStatuses),
    statusReason: Nullable(Type.String()),
    ownerTenantId: Uuid,
    respondentTenantId: Uuid,
    platformTenantId: Nullable(Uuid),
    operationsCompanyId: Nullable(Uuid),
    orderId: Nullable(Uuid),
    orderNumber: Nullable(Type.String()),
    complainant: Type.Object({
      name: Type.String(),
      phone: Nullable(Type.String({ description: 'masked (138****5678) for viewer and auditor roles' })),
      email: Nullable(Type.String()),
      idNumber: Nullable(Type.String()),
    }),
    reason: Type.String(),
    expectedResolution: Nullable(Type.String()),
    category: Nullable(Type.String()),
    severity: Type.Integer(),
    reviewRating: Nullable(Type.Integer()),
    assigneeId: Nullable(Uuid),
    departmentId: Nullable(Uuid),
    missing: Type.Array(Type.String(), { description: 'what the complainant still has to add' }),
    resolution: Nullable(Type.String()),
    rootCause: Nullable(
      Type.Object({ type: Type.String(), text: Type.String(), category: Nullable(StringEnum(rootCauseCategories)) }),
    ),
    openPromises: Type.Integer({ description: 'promises not yet marked kept or broken; a case with any cannot close' }),
    dueAt: Nullable(IsoDateTime),
    sla: Nullable(CaseSla),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    acceptedAt: Nullable(IsoDateTime),
    resolvedAt: Nullable(IsoDateTime),
    closedAt: Nullable(IsoDateTime),
    version: Type.Integer(),
    flags: Type.Array(Type.String(), { description: 'intake flags, e.g. public_post (a public social post)' }),
    repeatCount: Type.Integer({
      description: 'earlier cases of the same complainant (hashed phone, e-mail or buyer id) in this organisation',
    }),
    allowedActions: Type.Array(Type.String(), { description: 'the lifecycle actions this user may take now' }),
    customerRepliedAt: Nullable(
      Type.String({
        format: 'date-time',
        description: 'when the complainant last wrote (link page, e-mail, IM, offer answer, rating)',
      }),
    ),
    unreadReply: Type.Optional(
      Type.Boolean({
        description: 'in the queue (GET /cases): the complainant wrote since you last opened the case',
      }),
    ),
  },
  { $id: 'Case' },
);
export type CaseDto = Static<typeof CaseDto>;

export const CasePage = Type.Object({ items: Type.Array(CaseDto), nextCursor: Nullable(Type.String()) });

export const TimelineEvent = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  at: IsoDateTime,
  actorUserId: Nullable(Uuid),
  actorTenantId: Nullable(Uuid),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const EvidenceDto = Type.Object({
  id: Uuid,
  caseId: Uuid,
  sha256: Type.String(),
  mime: Type.String(),
  sizeBytes: Type.Integer(),
  fileName: Nullable(Type.String()),
  description: Nullable(Type.String()),
  createdAt: IsoDateTime,
});
