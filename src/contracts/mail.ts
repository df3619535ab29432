import { Type } from 'typebox';
import { Nullable, StringEnum, Text } from './common.ts';

export const ReplyBody = Type.Object(
  {
    text: Text(20_000),
    cannedResponseId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'the canned response the text was written from: counted when suggested replies rank templates',
      }),
    ),
  },
  { additionalProperties: false },
);
export const ReplyDto = Type.Object({
  messageId: Type.String(),
  subject: Type.String(),
  to: Type.String(),
  sentAt: Type.String(),
});

export const InboundAddressBody = Type.Object(
  { address: Type.String({ format: 'email', maxLength: 254 }) },
  { additionalProperties: false },
);
export const InboundAddressDto = Type.Object({ address: Type.String(), createdAt: Type.Optional(Type.String()) });

export const quarantineReasons = [
  'too_large',
  'empty',
  'no_headers',
  'parse_error',
  'unknown_recipient',
  'intake_error',
] as const;

export const QuarantineDto = Type.Object({
  id: Type.String(),
  tenantId: Nullable(Type.String()),
  reason: StringEnum(quarantineReasons),
  detail: Type.Record(Type.String(), Type.Unknown()),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  envelopeTo: Type.Array(Type.String()),
  source: Type.String(),
  attempts: Type.Integer(),
  status: StringEnum(['held', 'released'] as const),
  receivedAt: Type.String(),
  updatedAt: Type.String(),
  releasedOutcome: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

export const IngestResultDto = Type.Object(
  {
    outcome: StringEnum(['case_created', 'threaded', 'duplicate', 'ignored', 'quarantined'] as const),
    caseId: Type.Optional(Type.String()),
    caseNumber: Type.Optional(Type.String()),
    tenant: Type.Optional(Type.String()),
    reason: Type.Optional(Type.String()),
    quarantineId: Type.Optional(Type.String()),
    acknowledged: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
