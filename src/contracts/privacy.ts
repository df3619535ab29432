import { Type } from 'typebox';
import { Nullable, Uuid } from './common.ts';

const strict = { additionalProperties: false } as const;

export const PrivacySettingsBody = Type.Object(
  {
    retentionMonths: Nullable(
      Type.Integer({
        minimum: 1,
        maximum: 600,
        description: 'anonymise complainant data this many months after a case closed; null keeps it',
      }),
    ),
  },
  strict,
);
export const PrivacySettingsDto = Type.Object({
  retentionMonths: Nullable(Type.Integer()),
  lastRetentionRunAt: Nullable(Type.String()),
});

/** Who a request is about; at least one of the three. */
export const PrivacySubjectBody = Type.Object(
  {
    phone: Type.Optional(Type.String({ minLength: 5, maxLength: 32, pattern: '^[+0-9][0-9 ()-]*$' })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    idNumber: Type.Optional(Type.String({ minLength: 6, maxLength: 32, pattern: '^[0-9A-Za-z]+$' })),
  },
  { ...strict, minProperties: 1 },
);

export const ErasureDto = Type.Object({
  requestId: Type.String(),
  anonymisedCases: Type.Integer(),
  anonymisedOrders: Type.Integer(),
});

export const PiiAccessQuery = Type.Object(
  { caseId: Type.Optional(Uuid), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
  strict,
);
export const PiiAccessDto = Type.Object({
  userId: Nullable(Type.String()),
  userEmail: Nullable(Type.String()),
  readerTenantId: Type.String(),
  caseId: Type.String(),
  fields: Type.Array(Type.String()),
  via: Type.String(),
  at: Type.String(),
});
