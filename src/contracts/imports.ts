import { Type } from 'typebox';
import { importFields, importKinds } from '../domain/import-fields.ts';
import { revisionChannels, revisionOutcomes } from '../domain/review-rules.ts';
import { IsoDateTime, Nullable, PageQuery, StringEnum, Text, Uuid } from './common.ts';

const strict = { additionalProperties: false } as const;

export const ImportKindParams = Type.Object({ kind: Type.String({ maxLength: 64 }) }, strict);

/** Every field any kind has; a field of another kind is refused by the service (IMPORT_MAPPING_INVALID). */
const mappableFields = [...new Set(Object.values(importFields).flatMap((f) => Object.keys(f)))].sort();
const Header = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

export const MappingBody = Type.Object(
  {
    columns: Type.Object(Object.fromEntries(mappableFields.map((f) => [f, Type.Optional(Header)])), {
      ...strict,
      description: 'our field → the column header in your export, e.g. {"orderNumber":"订单编号"}',
    }),
  },
  strict,
);

export const MappingDto = Type.Object({
  kind: StringEnum(importKinds),
  columns: Type.Record(Type.String(), Type.String()),
  fields: Type.Array(
    Type.Object({
      field: Type.String(),
      required: Type.Boolean(),
      column: Nullable(Type.String({ description: 'saved header for this field' })),
      recognised: Type.Array(Type.String(), { description: 'headers recognised without a mapping' }),
    }),
  ),
  updatedAt: Nullable(IsoDateTime),
});

export const ImportDto = Type.Object({
  id: Uuid,
  kind: StringEnum(importKinds),
  fileName: Type.String(),
  sha256: Type.String(),
  format: StringEnum(['csv', 'xlsx'] as const),
  encoding: Nullable(Type.String({ description: 'CSV only: utf-8, gb18030 (GBK) or utf-16' })),
  status: StringEnum(['running', 'finished', 'failed'] as const),
  columns: Type.Record(Type.String(), Type.String(), { description: 'field → header it was read from' }),
  counts: Type.Object({
    total: Type.Integer(),
    processed: Type.Integer({ description: 'rows read so far (progress while running)' }),
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    failed: Type.Integer(),
  }),
  failure: Nullable(Type.String()),
  startedAt: IsoDateTime,
  finishedAt: Nullable(IsoDateTime),
});

export const ImportErrorsQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })), cursor: PageQuery.cursor },
  strict,
);

export const ImportErrorDto = Type.Object({
  rowNumber: Type.Integer({ description: 'as in the spreadsheet: the header is row 1' }),
  field: Nullable(Type.String()),
  code: Type.String(),
  message: Type.String(),
  messageZh: Type.String(),
  raw: Type.Record(Type.String(), Type.String()),
});

export const RevisionRequestBody = Type.Object({ channel: StringEnum(revisionChannels), message: Text(2000) }, strict);
export const RevisionOutcomeBody = Type.Object({ outcome: StringEnum(revisionOutcomes) }, strict);

export const RevisionRequestDto = Type.Object({
  id: Uuid,
  caseId: Uuid,
  channel: Type.String(),
  message: Type.String(),
  outcome: Nullable(StringEnum(revisionOutcomes)),
  requestedBy: Nullable(Uuid),
  requestedAt: IsoDateTime,
  answeredAt: Nullable(IsoDateTime),
});

export const CaseReviewDto = Type.Object({
  review: Nullable(
    Type.Object({
      id: Uuid,
      externalId: Type.String(),
      orderId: Nullable(Uuid),
      orderNumber: Nullable(Type.String()),
      productName: Nullable(Type.String()),
      sku: Nullable(Type.String()),
      reviewerName: Nullable(Type.String()),
      rating: Nullable(Type.Integer()),
      text: Type.String(),
      shopReply: Nullable(Type.String()),
      revised: Type.Boolean(),
      postedAt: Nullable(IsoDateTime),
    }),
  ),
  revisionRequests: Type.Array(RevisionRequestDto),
});
