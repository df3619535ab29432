import { Type } from 'typebox';
import { intakeSourceKinds } from '../domain/omni-vocabulary.ts';
import { expectedResolutions } from '../domain/vocabulary.ts';
import { IsoDateTime, Nullable, StringEnum, Text, Uuid } from './common.ts';

const strict = { additionalProperties: false } as const;

const Url = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });
const Phone = Type.String({ pattern: '^1[3-9]\\d{9}$', description: '中国大陆手机号 / mainland mobile number' });
const OrderNumber = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

export const IntakeSourceBody = Type.Object(
  {
    kind: StringEnum(intakeSourceKinds),
    name: Text(100),
    raisePublicSeverity: Type.Optional(
      Type.Boolean({ description: '公开帖子严重程度加一（默认开）/ public posts get severity + 1 (default true)' }),
    ),
  },
  strict,
);
export const IntakeSourcePatch = Type.Object(
  {
    name: Type.Optional(Text(100)),
    raisePublicSeverity: Type.Optional(Type.Boolean()),
    active: Type.Optional(Type.Boolean()),
    rotateSecret: Type.Optional(Type.Boolean({ description: 'issue a new secret (shown once); the old one stops' })),
  },
  { ...strict, minProperties: 1 },
);
export const IntakeSourceDto = Type.Object({
  id: Uuid,
  kind: StringEnum(intakeSourceKinds),
  name: Type.String(),
  raisePublicSeverity: Type.Boolean(),
  active: Type.Boolean(),
  webhookPath: Type.String({ examples: ['/api/v1/intake/sources/…/messages'] }),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export const IntakeSourceWithSecret = Type.Intersect([
  IntakeSourceDto,
  Type.Object({
    secret: Type.Optional(Type.String({ description: 'shown once: at creation and after rotateSecret' })),
  }),
]);

export const SignatureHeaders = Type.Object({
  'x-kesu-timestamp': Type.Optional(
    Type.String({ maxLength: 20, description: 'Unix time in seconds when the message was signed' }),
  ),
  'x-kesu-signature': Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'sha256=<hex HMAC-SHA256 with the source secret over "<timestamp>.<raw body>">',
    }),
  ),
});

export const IntakeMessageBody = Type.Object(
  {
    messageId: Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' }),
    type: StringEnum(['public_post', 'direct_message'] as const, {
      description: '公开帖子或私信 / a public post (flagged, severity + 1) or a direct message',
    }),
    author: Type.Object(
      {
        id: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
        name: Text(100),
        profileUrl: Type.Optional(Url),
      },
      strict,
    ),
    url: Type.Optional(Url),
    text: Text(5000),
    postedAt: IsoDateTime,
    orderNumber: Type.Optional(OrderNumber),
    phone: Type.Optional(Phone),
    attachments: Type.Optional(
      Type.Array(
        Type.Object({ url: Url, mime: Type.String({ maxLength: 100, pattern: '^[a-z]+/[A-Za-z0-9.+-]+$' }) }, strict),
        { maxItems: 20, description: 'kept as references, never fetched' },
      ),
    ),
  },
  strict,
);
export const IntakeMessageResult = Type.Object({
  outcome: StringEnum(['case_created', 'appended', 'duplicate'] as const),
  caseId: Uuid,
  caseNumber: Type.String(),
});

export const IntakeSettingsBody = Type.Object(
  {
    duplicateWindowDays: Type.Integer({ minimum: 1, maximum: 365 }),
    requireVerifiedPhone: Type.Boolean(),
  },
  strict,
);
export const IntakeSettingsDto = IntakeSettingsBody;

export const MergeBody = Type.Object({ intoCaseId: Uuid, reason: Text(1000) }, strict);
export const RelatedDto = Type.Object({
  repeatCount: Type.Integer(),
  items: Type.Array(
    Type.Object({
      caseId: Uuid,
      caseNumber: Type.String(),
      link: StringEnum(['related', 'merged_into', 'merged_from'] as const),
      reason: Nullable(Type.String()),
      channel: Type.String(),
      status: Type.String(),
      statusReason: Nullable(Type.String()),
      createdAt: IsoDateTime,
      linkedAt: IsoDateTime,
    }),
  ),
});

export const PhoneCodeBody = Type.Object({ phone: Phone }, strict);
export const PhoneCodeResult = Type.Object({ expiresAt: IsoDateTime, maxAttempts: Type.Integer() });

export const AccessAnswerBody = Type.Object(
  {
    text: Type.Optional(Text(5000)),
    orderNumber: Type.Optional(OrderNumber),
    expectedResolution: Type.Optional(StringEnum(expectedResolutions)),
    phone: Type.Optional(Phone),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  },
  { ...strict, minProperties: 1 },
);
export const AccessAnswerResult = Type.Object({ status: Type.String(), missing: Type.Array(Type.String()) });
