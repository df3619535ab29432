import { type Static, Type } from 'typebox';
import { orderStates } from '../domain/vocabulary.ts';
import { IsoDateTime, Nullable, PageQuery, StringEnum, Text, Uuid } from './common.ts';

const Item = Type.Object(
  {
    sku: Type.Optional(Type.String({ maxLength: 64 })),
    name: Text(200),
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    priceFen: Type.Integer({ minimum: 0, maximum: 1e12 }),
  },
  { additionalProperties: false },
);

export const OrderCreateBody = Type.Object(
  {
    orderNumber: Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z_-]+$' }),
    sellerTenantId: Type.Optional(Uuid),
    buyerName: Text(100),
    buyerPhone: Type.Optional(Type.String({ minLength: 3, maxLength: 32, pattern: '^[+0-9][0-9 ()-]*$' })),
    items: Type.Array(Item, { minItems: 1, maxItems: 500 }),
    amountFen: Type.Integer({ minimum: 0, maximum: 1e13, description: 'amount in fen (分), integer' }),
    state: StringEnum(orderStates),
    placedAt: Type.Optional(IsoDateTime),
    completedAt: Type.Optional(IsoDateTime),
  },
  { additionalProperties: false },
);
export type OrderCreateBody = Static<typeof OrderCreateBody>;

export const OrderStateBody = Type.Object(
  { state: StringEnum(orderStates), completedAt: Type.Optional(IsoDateTime) },
  { additionalProperties: false },
);

export const OrderListQuery = Type.Object(
  {
    state: Type.Optional(StringEnum(orderStates)),
    orderNumber: Type.Optional(Type.String({ maxLength: 64 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const OrderDto = Type.Object(
  {
    id: Uuid,
    sellerTenantId: Uuid,
    orderNumber: Type.String(),
    buyerName: Type.String(),
    buyerPhone: Nullable(Type.String()),
    items: Type.Array(
      Type.Object({
        sku: Type.Optional(Type.String()),
        name: Type.String(),
        quantity: Type.Integer(),
        priceFen: Type.Integer(),
      }),
    ),
    amountFen: Type.Integer(),
    state: StringEnum(orderStates),
    placedAt: IsoDateTime,
    completedAt: Nullable(IsoDateTime),
    afterSalesDeadline: Nullable(IsoDateTime),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  },
  { $id: 'Order' },
);
