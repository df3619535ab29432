import { everyone, type MatrixEnv, type MatrixPart, only, own, type Requests, type Row } from './matrix.ts';

/** Issue 8 (web): members' role changes and removal, the list of forwards. */
const rows = {
  // merchantA's member: its admin may; other organisations' admins do not find them; other roles may not.
  'PATCH /api/v1/members/{id}': own(only(['admin'], 200), only(['admin'], 404)),
  'DELETE /api/v1/members/{id}': own(only(['admin'], 204), only(['admin'], 404)),
  'GET /api/v1/forwards': everyone(200),
} satisfies Record<string, Row>;
type Key = keyof typeof rows;

function requests({ w, next }: MatrixEnv): Requests<Key> {
  /** A fresh agent of merchantA for every call (a removal takes one away). */
  const member = async () => {
    const u = await w.database.db
      .insertInto('users')
      .values({ email: `member-${next()}@matrix.test`, display_name: '临时成员', password_hash: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await w.database.db
      .insertInto('memberships')
      .values({ tenant_id: w.tenants.merchantA, user_id: u.id, role: 'agent' })
      .execute();
    return u.id;
  };
  return {
    'PATCH /api/v1/members/{id}': async () => ({
      url: `/api/v1/members/${await member()}`,
      payload: { role: 'supervisor' },
    }),
    'DELETE /api/v1/members/{id}': async () => ({ url: `/api/v1/members/${await member()}` }),
    'GET /api/v1/forwards': () => ({ url: '/api/v1/forwards' }),
  };
}

export const webMatrix: MatrixPart<Key> = { rows, requests };
