import { Type } from 'typebox';
import { caseKinds, categories } from '../domain/vocabulary.ts';
import { parties } from '../text/party.ts';
import { CaseDto, CaseListQuery } from './cases.ts';
import { IsoDateTime, Nullable, StringEnum, Text, Uuid } from './common.ts';

export const SearchQuery = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 200,
      description: '搜索词：中文分词后全部匹配；"引号" 为短语；退* 为前缀；订单号/手机号精确匹配',
      examples: ['假货', '"客服态度"', '退*', 'DD20261124001'],
    }),
    ...CaseListQuery.properties,
  },
  { additionalProperties: false },
);

const Evidence = Type.Array(Type.Object({ term: Type.String(), weight: Type.Number() }));
const Signal = Type.Object({
  code: Type.String(),
  terms: Type.Array(Type.String()),
  raise: Type.Integer(),
  detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
const Flag = Type.Object({ code: Type.String(), terms: Type.Array(Type.String()), note: Type.String() });

export const Snippet = Type.Object({
  text: Type.String(),
  highlights: Type.Array(Type.Array(Type.Integer(), { minItems: 2, maxItems: 2 }), {
    description: '[start, end) offsets of matched words in text (JavaScript string indices)',
  }),
});

export const SearchPage = Type.Object({
  items: Type.Array(
    Type.Object({
      case: CaseDto,
      matchedBy: StringEnum(['text', 'order_number', 'phone'] as const),
      snippet: Nullable(Snippet),
    }),
  ),
  nextCursor: Nullable(Type.String()),
});

const ClassificationCore = {
  category: Type.Object({
    value: StringEnum(categories),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    evidence: Evidence,
    alternatives: Type.Array(Type.Object({ value: Type.String(), confidence: Type.Number() })),
  }),
  severity: Type.Object({ suggested: Type.Integer({ minimum: 1, maximum: 4 }), signals: Type.Array(Signal) }),
  responsibleParty: Type.Object({
    party: StringEnum(parties),
    confidence: Type.Number(),
    evidence: Type.Array(Type.Object({ feature: Type.String(), weight: Type.Number() })),
  }),
  sentiment: Nullable(
    Type.Object({
      positive: Type.Number({ minimum: 0, maximum: 1 }),
      label: StringEnum(['positive', 'negative'] as const),
      evidence: Evidence,
    }),
  ),
};

export const TextClassification = Type.Object({
  modelVersion: Type.String(),
  ...ClassificationCore,
  flags: Type.Array(Flag),
});

export const CaseClassification = Type.Object({
  caseId: Uuid,
  modelVersion: Type.String(),
  categoryApplied: Type.Boolean({ description: 'whether the guess was filed as the case category' }),
  ...ClassificationCore,
  flags: Nullable(Type.Array(Flag, { description: 'supervisor, admin and auditor only; null for other roles' })),
  corrections: Type.Array(
    Type.Object({
      field: Type.String(),
      predicted: Nullable(Type.String()),
      corrected: Type.String(),
      actorUserId: Nullable(Uuid),
      at: IsoDateTime,
    }),
  ),
  at: IsoDateTime,
});

export const ClassifyBody = Type.Object(
  { text: Text(10_000), kind: Type.Optional(StringEnum(caseKinds)) },
  { additionalProperties: false },
);

export const CorrectionBody = Type.Object(
  {
    category: Type.Optional(StringEnum(categories)),
    responsibleParty: Type.Optional(StringEnum(parties)),
    severity: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const FlaggedCases = Type.Object({
  items: Type.Array(
    Type.Object({
      caseId: Uuid,
      caseNumber: Type.String(),
      status: Type.String(),
      severity: Type.Integer(),
      flags: Type.Array(Flag),
      at: IsoDateTime,
    }),
  ),
});

export const FlagsQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
  { additionalProperties: false },
);
