import { type Static, Type } from 'typebox';
import { breachActions, slaTargets, slaUnits } from '../domain/sla/policy.ts';
import { caseKinds, channels } from '../domain/vocabulary.ts';
import { IsoDateTime, Nullable, StringEnum, Text, Uuid } from './common.ts';

const ClockReading = Type.Object({
  dueAt: Nullable(IsoDateTime),
  usedMinutes: Type.Integer(),
  leftMinutes: Type.Integer({ description: 'negative when late; working minutes for working clocks' }),
  paused: Type.Boolean(),
  breached: Type.Boolean(),
  warned: Type.Boolean({ description: '80 % of the time was used and people were told' }),
  met: Type.Boolean(),
});

export const CaseSla = Type.Object({
  policyId: Uuid,
  targets: Type.Object(Object.fromEntries(slaTargets.map((t) => [t, Type.Optional(ClockReading)]))),
  warnings: Type.Array(Type.String()),
});

const TargetSpec = Type.Object(
  { amount: Type.Integer({ minimum: 1, maximum: 10_000 }), unit: StringEnum(slaUnits) },
  { additionalProperties: false },
);
const Targets = Type.Object(Object.fromEntries(slaTargets.map((t) => [t, Type.Optional(TargetSpec)])), {
  additionalProperties: false,
});
const Match = Type.Object(
  {
    kind: Type.Optional(StringEnum(caseKinds)),
    channel: Type.Optional(StringEnum(channels)),
    severity: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    respondentTenantId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
const OnBreach = Type.Array(StringEnum(breachActions), { uniqueItems: true, maxItems: 3 });

export const PolicyCreateBody = Type.Object(
  {
    name: Type.Optional(Text(200)),
    preset: Type.Optional(Type.String({ maxLength: 100, description: 'key from GET /sla/presets' })),
    match: Type.Optional(Match),
    priority: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000 })),
    targets: Type.Optional(Targets),
    onBreach: Type.Optional(OnBreach),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PolicyCreateBody = Static<typeof PolicyCreateBody>;

export const PolicyPatchBody = Type.Object(
  {
    name: Type.Optional(Text(200)),
    match: Type.Optional(Match),
    priority: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000 })),
    targets: Type.Optional(Targets),
    onBreach: Type.Optional(OnBreach),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PolicyDto = Type.Object({
  id: Uuid,
  name: Type.String(),
  match: Type.Object({
    kind: Nullable(Type.String()),
    channel: Nullable(Type.String()),
    severity: Nullable(Type.Integer()),
    respondentTenantId: Nullable(Uuid),
  }),
  priority: Type.Integer(),
  targets: Type.Record(Type.String(), Type.Object({ amount: Type.Integer(), unit: Type.String() })),
  onBreach: Type.Array(Type.String()),
  active: Type.Boolean(),
  preset: Nullable(Type.String()),
  source: Nullable(Type.String({ description: 'the rule or law the preset comes from' })),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Type.Integer(),
});

export const PresetDto = Type.Object({
  key: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  targets: Type.Record(Type.String(), Type.Object({ amount: Type.Integer(), unit: Type.String() })),
  source: Type.String(),
});

const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
export const SlaSettingsBody = Type.Object(
  {
    workStart: HHMM,
    workEnd: Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' }),
    lunch: Type.Optional(Nullable(Type.Object({ start: HHMM, end: HHMM }, { additionalProperties: false }))),
    closedDates: Type.Optional(
      Type.Array(Type.String({ format: 'date' }), { maxItems: 366, description: 'tenant closed days, YYYY-MM-DD' }),
    ),
  },
  { additionalProperties: false },
);
export const SlaSettingsDto = Type.Object({
  workStart: Type.String(),
  workEnd: Type.String(),
  lunch: Nullable(Type.Object({ start: Type.String(), end: Type.String() })),
  closedDates: Type.Array(Type.String()),
  timeZone: Type.String(),
});
