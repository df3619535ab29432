import { Type } from 'typebox';
import { appealDecisions, sanctionTypes } from '../domain/sanctions.ts';
import { IsoDateTime, Nullable, PageQuery, StringEnum, Text, Uuid } from './common.ts';

const strict = { additionalProperties: false } as const;

export const SanctionBody = Type.Object(
  {
    memberTenantId: Uuid,
    type: StringEnum(sanctionTypes, {
      description:
        'warning 警告 | listing_restriction 限制上架 | temporary_freeze 临时冻结 | public_notice 公示 | account_ban 封禁',
    }),
    reason: Text(5000),
    publicText: Type.Optional(Text(2000)),
    startsAt: Type.Optional(IsoDateTime),
    endsAt: Type.Optional(IsoDateTime),
    caseIds: Type.Array(Uuid, {
      minItems: 1,
      maxItems: 50,
      description: 'cases of this platform whose ruling recorded a violation by the member',
    }),
  },
  strict,
);

export const SanctionListQuery = Type.Object(
  {
    memberTenantId: Type.Optional(Uuid),
    type: Type.Optional(StringEnum(sanctionTypes)),
    active: Type.Optional(Type.Boolean()),
    ...PageQuery,
  },
  strict,
);

export const AppealBody = Type.Object({ reason: Text(5000), evidence: Type.Optional(Text(10_000)) }, strict);
export const AppealDecisionBody = Type.Object({ decision: StringEnum(appealDecisions), reason: Text(5000) }, strict);

export const SanctionDto = Type.Object({
  id: Uuid,
  platformTenantId: Uuid,
  platformName: Type.String(),
  memberTenantId: Uuid,
  memberName: Type.String(),
  type: StringEnum(sanctionTypes),
  reason: Type.String(),
  publicText: Nullable(Type.String()),
  startsAt: IsoDateTime,
  endsAt: Nullable(IsoDateTime),
  active: Type.Boolean(),
  cases: Type.Array(Type.Object({ id: Uuid, caseNumber: Type.String() })),
  issuedBy: Nullable(Uuid),
  createdAt: IsoDateTime,
  appeal: Type.Object({
    state: StringEnum(['none', 'pending', 'upheld', 'revoked'] as const),
    reason: Nullable(Type.String()),
    evidence: Nullable(Type.String()),
    appealedAt: Nullable(IsoDateTime),
    decisionReason: Nullable(Type.String()),
    decidedAt: Nullable(IsoDateTime),
  }),
  revokedAt: Nullable(IsoDateTime),
});
export const SanctionPage = Type.Object({ items: Type.Array(SanctionDto), nextCursor: Nullable(Type.String()) });

export const PublicNoticeQuery = Type.Object({ ...PageQuery }, strict);
export const PublicNoticeDto = Type.Object({
  id: Uuid,
  platformName: Type.String(),
  memberName: Type.String(),
  text: Type.String(),
  startsAt: IsoDateTime,
  endsAt: Nullable(IsoDateTime),
  caseNumbers: Type.Array(Type.String()),
});
export const PublicNoticePage = Type.Object({
  items: Type.Array(PublicNoticeDto),
  nextCursor: Nullable(Type.String()),
});

export const PeriodQuery = Type.Object(
  {
    from: Type.Optional(IsoDateTime),
    to: Type.Optional(IsoDateTime),
  },
  strict,
);
const Figures = {
  cases: Type.Integer({ description: 'cases closed in the period' }),
  onTimeRate: Nullable(Type.Number({ description: 'share closed within their SLA, 0–1 (null: no SLA clocks)' })),
  averageSatisfaction: Nullable(Type.Number({ description: 'average follow-up rating 1–5 (null: no rating)' })),
  ratedCases: Type.Integer(),
  unkeptPromises: Type.Integer({ description: 'promises broken or still open at close' }),
  lastCaseAt: Nullable(IsoDateTime),
  zeroComplaintDays: Nullable(Type.Integer({ description: 'days since the last case (null: none yet)' })),
};
export const PersonLedgerDto = Type.Object({
  userId: Uuid,
  displayName: Type.String(),
  role: Nullable(Type.String()),
  ...Figures,
});
export const DepartmentLedgerDto = Type.Object({
  departmentId: Nullable(Uuid),
  code: Nullable(Type.String()),
  name: Type.String(),
  ...Figures,
});
export const PeopleLedger = Type.Object({ from: IsoDateTime, to: IsoDateTime, items: Type.Array(PersonLedgerDto) });
export const DepartmentLedger = Type.Object({
  from: IsoDateTime,
  to: IsoDateTime,
  items: Type.Array(DepartmentLedgerDto),
});
