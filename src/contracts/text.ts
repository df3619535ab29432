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

const Category = StringEnum(categories);

export const SimilarQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5 })) },
  { additionalProperties: false },
);

export const SimilarCases = Type.Object({
  caseId: Uuid,
  terms: Type.Array(Type.String(), {
    description: 'the words of this case the comparison used (jieba, no stop words)',
  }),
  items: Type.Array(
    Type.Object({
      caseId: Uuid,
      caseNumber: Type.String(),
      category: Nullable(Category),
      resolution: Nullable(Type.String()),
      rootCauseType: Nullable(Type.String()),
      rootCauseText: Nullable(Type.String()),
      closedAt: Nullable(IsoDateTime),
      satisfaction: Nullable(Type.Integer({ minimum: 1, maximum: 5, description: '满意度 of the latest follow-up' })),
      score: Type.Number({
        minimum: 0,
        maximum: 1,
        description: "share of this case's terms the closed case contains",
      }),
      sharedTerms: Type.Array(Type.String()),
    }),
  ),
});

const TemplateBody = Type.String({
  minLength: 1,
  maxLength: 5000,
  pattern: '\\S',
  description: '正文，可用变量 {{客户姓名}} {{订单号}} {{投诉编号}} {{商家名称}} {{坐席姓名}}',
  examples: ['{{客户姓名}}您好，您反映的订单 {{订单号}} 问题（投诉编号 {{投诉编号}}）我们已加急处理。'],
});

export const CannedResponseCreateBody = Type.Object(
  { title: Text(100), body: TemplateBody, category: Type.Optional(Nullable(Category)) },
  { additionalProperties: false },
);

export const CannedResponsePatchBody = Type.Object(
  { title: Type.Optional(Text(100)), body: Type.Optional(TemplateBody), category: Type.Optional(Nullable(Category)) },
  { additionalProperties: false, minProperties: 1 },
);

export const CannedResponseQuery = Type.Object(
  {
    category: Type.Optional(Category),
    archived: Type.Optional(Type.Boolean({ description: 'true: only archived templates' })),
  },
  { additionalProperties: false },
);

export const CannedResponseDto = Type.Object({
  id: Uuid,
  title: Type.String(),
  body: Type.String(),
  category: Nullable(Category),
  variables: Type.Array(Type.String()),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  archivedAt: Nullable(IsoDateTime),
  version: Type.Integer(),
});

export const SuggestedReplies = Type.Object({
  caseId: Uuid,
  category: Nullable(Category),
  templates: Type.Array(
    Type.Object({
      id: Uuid,
      title: Type.String(),
      category: Nullable(Category),
      match: StringEnum(['category', 'general'] as const),
      usedOnCases: Type.Integer({ description: 'cases a reply with this template was sent on' }),
      closedSatisfied: Type.Integer({ description: 'of those, closed with satisfaction ≥ 4' }),
      text: Type.String({
        description: 'the body with variables filled from the case; 【变量】 where it has no value',
      }),
    }),
  ),
  resolutions: Type.Array(
    Type.Object({
      caseId: Uuid,
      caseNumber: Type.String(),
      resolution: Type.String(),
      satisfaction: Nullable(Type.Integer()),
      score: Type.Number(),
      sharedTerms: Type.Array(Type.String()),
    }),
  ),
});
