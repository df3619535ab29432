import { Type } from 'typebox';
import { caseKinds, categories, expectedResolutions } from '../domain/vocabulary.ts';
import { CaseDto } from './cases.ts';
import { IsoDateTime, Nullable, StringEnum, Text, Uuid } from './common.ts';

const strict = { additionalProperties: false } as const;
const Phone = Type.String({ minLength: 3, maxLength: 32, pattern: '^[+0-9][0-9 ()-]*$' });
const HhMm = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', examples: ['09:00'] });
const warningCodes = ['OUTSIDE_CALLING_HOURS', 'DAILY_CALL_LIMIT_REACHED'] as const;

export const CallBody = Type.Object(
  {
    direction: StringEnum(['inbound', 'outbound'] as const, {
      description: 'inbound: the complainant rang the hotline; outbound: an agent called them',
    }),
    caller: Type.Object(
      {
        name: Text(100),
        phone: Type.Optional(Phone),
        address: Type.Optional(Text(300, 1)),
      },
      strict,
    ),
    startedAt: IsoDateTime,
    durationSeconds: Type.Integer({ minimum: 0, maximum: 86_400 }),
    recordingRef: Type.Optional(
      Type.String({ minLength: 1, maxLength: 500, description: 'where the recording is kept (PBX id or URL)' }),
    ),
    summary: Text(5000),
    caseId: Type.Optional(Uuid),
    createCase: Type.Optional(
      Type.Object(
        {
          kind: StringEnum(caseKinds),
          reason: Text(10_000),
          respondentTenantId: Type.Optional(Uuid),
          orderId: Type.Optional(Uuid),
          orderNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          expectedResolution: Type.Optional(StringEnum(expectedResolutions)),
          category: Type.Optional(StringEnum(categories)),
          severity: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
        },
        { ...strict, description: 'a new case with channel hotline; the caller is its complainant' },
      ),
    ),
  },
  strict,
);

export const CallDto = Type.Object({
  id: Uuid,
  caseId: Uuid,
  direction: StringEnum(['inbound', 'outbound'] as const),
  caller: Type.Object({
    name: Type.String(),
    phone: Nullable(Type.String({ description: 'masked (138****5678) for viewer and auditor roles' })),
    address: Nullable(
      Type.String({ description: 'only the first characters (the province) for viewer and auditor roles' }),
    ),
  }),
  startedAt: IsoDateTime,
  durationSeconds: Type.Integer(),
  recordingRef: Nullable(Type.String()),
  summary: Type.String(),
  warnings: Type.Array(StringEnum(warningCodes), {
    description: 'an outbound call outside the calling window or over the daily limit is kept, with a warning',
  }),
  loggedBy: Nullable(Uuid),
  loggedByTenantId: Uuid,
  createdAt: IsoDateTime,
});

export const CallCreated = Type.Object({
  call: CallDto,
  warnings: Type.Array(StringEnum(warningCodes)),
  caseCreated: Type.Boolean(),
  case: CaseDto,
});

export const ContactTimingQuery = Type.Object(
  { address: Type.Optional(Text(300, 1)) },
  { ...strict, description: 'an address to judge the region by when the phone number tells none' },
);

export const ContactTimingDto = Type.Object({
  allowedNow: Type.Boolean(),
  nextWindowStart: IsoDateTime,
  reason: StringEnum([
    'WITHIN_CALLING_HOURS',
    'BEFORE_CALLING_HOURS',
    'AFTER_CALLING_HOURS',
    'NON_WORKING_DAY',
    'DAILY_CALL_LIMIT_REACHED',
  ] as const),
  region: Type.Object({
    source: StringEnum(['area_code', 'country_code', 'address', 'default'] as const),
    name: Nullable(Type.String()),
    code: Nullable(Type.String()),
    country: Nullable(Type.String()),
  }),
  timeZone: Type.String(),
  localTime: Type.String(),
  localDate: Type.String(),
  window: Type.Object({ start: Type.String(), end: Type.String() }),
  callsToday: Type.Integer(),
  maxCallsPerDay: Type.Integer(),
  workingDaysOnly: Type.Boolean(),
});

export const ContactTimingSettingsBody = Type.Object(
  {
    windowStart: Type.Optional(HhMm),
    windowEnd: Type.Optional(HhMm),
    maxCallsPerDay: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
    workingDaysOnly: Type.Optional(Type.Boolean()),
    defaultTimeZone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        pattern: '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$',
        description: 'an IANA time zone',
        examples: ['Asia/Shanghai'],
      }),
    ),
  },
  { ...strict, minProperties: 1, description: 'calling window in the complainant’s local time; never after 21:00' },
);
export const ContactTimingSettingsDto = Type.Object({
  windowStart: Type.String(),
  windowEnd: Type.String(),
  maxCallsPerDay: Type.Integer(),
  workingDaysOnly: Type.Boolean(),
  defaultTimeZone: Type.String(),
});
