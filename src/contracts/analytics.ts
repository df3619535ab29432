import { Type } from 'typebox';
import { categories, channels } from '../domain/vocabulary.ts';
import { IsoDateTime, Nullable, StringEnum, Text, Uuid } from './common.ts';

/** The analytics API (issue 9); /work/briefs/analytics-contract.md is the agreement with the web console. */
const strict = { additionalProperties: false } as const;
const LocalDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'Asia/Shanghai calendar day' });
export const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', examples: ['2026-10'] });

const filters = {
  from: Type.Optional(LocalDate),
  to: Type.Optional(LocalDate),
  respondentTenantId: Type.Optional(Uuid),
  category: Type.Optional(StringEnum(categories)),
  channel: Type.Optional(StringEnum(channels)),
  departmentId: Type.Optional(Uuid),
  personId: Type.Optional(Uuid),
  product: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
};
const Granularity = Type.Optional(StringEnum(['day', 'month'] as const));

export const AnalyticsQuery = Type.Object(filters, strict);
export const SeriesQuery = Type.Object({ ...filters, granularity: Granularity }, strict);
export const breakdownDimensions = ['category', 'channel', 'respondent', 'department', 'person', 'product'] as const;
export const BreakdownQuery = Type.Object({ ...filters, by: StringEnum(breakdownDimensions) }, strict);
export const ResponsibilityQuery = Type.Object(
  { ...filters, by: Type.Optional(StringEnum(['person', 'department'] as const)) },
  strict,
);

const Rate = Nullable(Type.Number());
const Spread = Type.Object({ median: Nullable(Type.Number()), p90: Nullable(Type.Number()), count: Type.Integer() });
export const Figures = Type.Object({
  orders: Type.Integer(),
  cases: Type.Integer(),
  complaintRatePer1000: Rate,
  disputeRate: Rate,
  repeatRate: Rate,
  firstResponseWorkingHours: Spread,
  resolutionWorkingHours: Spread,
  slaAttainment: Rate,
  unkeptPromises: Type.Integer(),
  compensationFen: Type.Object({ total: Type.Integer(), byType: Type.Record(Type.String(), Type.Integer()) }),
  satisfaction: Type.Object({ average: Rate, count: Type.Integer() }),
  badReviews: Type.Object({ total: Type.Integer(), answered: Type.Integer(), revised: Type.Integer() }),
  externalEscalations: Type.Integer(),
  sanctions: Type.Integer(),
});
const Period = { from: LocalDate, to: LocalDate };
export const OverviewDto = Type.Object({
  ...Period,
  previousFrom: LocalDate,
  previousTo: LocalDate,
  figures: Figures,
  previous: Figures,
});
export const ComplaintRatePage = Type.Object({
  ...Period,
  items: Type.Array(
    Type.Object({ period: Type.String(), orders: Type.Integer(), cases: Type.Integer(), ratePer1000: Rate }),
  ),
});
export const BreakdownPage = Type.Object({
  ...Period,
  items: Type.Array(
    Type.Object({ key: Nullable(Type.String()), label: Type.String(), cases: Type.Integer(), share: Type.Number() }),
  ),
});
export const SlaPage = Type.Object({
  ...Period,
  items: Type.Array(
    Type.Object({
      period: Type.String(),
      due: Type.Integer(),
      met: Type.Integer(),
      breached: Type.Integer(),
      attainment: Rate,
    }),
  ),
});
export const RootCausePage = Type.Object({
  ...Period,
  items: Type.Array(
    Type.Object({
      category: Type.String(),
      label: Type.String(),
      cases: Type.Integer(),
      share: Type.Number(),
      cumulativeShare: Type.Number(),
      accidental: Type.Integer(),
      systemic: Type.Integer(),
      previousCases: Type.Integer(),
      change: Type.Integer(),
      topTerms: Type.Array(Type.String()),
      caseIds: Type.Array(Uuid, { description: 'the cases behind the bar (at most 200)' }),
    }),
  ),
});

export const DecisionBody = Type.Object(
  {
    subjectType: StringEnum(['person', 'department'] as const),
    subjectId: Uuid,
    kind: StringEnum(['reward', 'penalty'] as const, { description: 'reward 奖励 | penalty 处罚' }),
    period: Month,
    amountFen: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000_00 })),
    reason: Text(2000),
  },
  strict,
);
export const DecisionDto = Type.Object({
  id: Uuid,
  subjectType: StringEnum(['person', 'department'] as const),
  subjectId: Uuid,
  subjectName: Type.String(),
  kind: StringEnum(['reward', 'penalty'] as const),
  period: Type.String(),
  amountFen: Nullable(Type.Integer()),
  reason: Type.String(),
  decidedBy: Nullable(Uuid),
  createdAt: IsoDateTime,
});
export const DecisionListQuery = Type.Object({ period: Type.Optional(Month) }, strict);
export const DecisionPage = Type.Object({ items: Type.Array(DecisionDto) });

export const ResponsibilityPage = Type.Object({
  ...Period,
  items: Type.Array(
    Type.Object({
      id: Nullable(Uuid),
      name: Type.String(),
      cases: Type.Integer(),
      onTime: Type.Integer(),
      onTimeRate: Rate,
      satisfactionAverage: Rate,
      unkeptPromises: Type.Integer(),
      zeroComplaintStreakDays: Nullable(Type.Integer()),
      decisions: Type.Array(
        Type.Object({
          id: Uuid,
          kind: Type.String(),
          period: Type.String(),
          amountFen: Nullable(Type.Integer()),
          reason: Type.String(),
        }),
      ),
    }),
  ),
});

export const MonthlyReportQuery = Type.Object(
  { month: Month, format: Type.Optional(StringEnum(['xlsx', 'pdf'] as const)) },
  strict,
);
