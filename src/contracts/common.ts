import { type TSchema, Type } from 'typebox';

/** TypeBox helpers: one schema gives validation, the TypeScript type and the OpenAPI document. */
export const StringEnum = <T extends readonly string[]>(values: T, opts: { description?: string } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...opts });

export const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

export const Uuid = Type.String({ format: 'uuid' });
export const IsoDateTime = Type.String({ format: 'date-time' });

/** Free text from people: bounded, and at least one visible character. */
export const Text = (maxLength: number, minLength = 1) => Type.String({ minLength, maxLength, pattern: '\\S' });

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code, e.g. CASE_NOT_FOUND' }),
      message: Type.String({ description: 'English message' }),
      messageZh: Type.String({ description: '中文提示' }),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  },
  { $id: 'Error' },
);

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};
