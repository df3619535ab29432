import { createApiToken, hashPassword } from '../../src/services/auth.ts';
import type { World } from './world.ts';

/** Adds one more person to an organisation and returns their id and bearer token. */
export async function addUser(w: World, tenantKey: keyof World['tenants'], role: 'agent' | 'supervisor', name: string) {
  const db = w.database.db;
  const email = `${name}@${tenantKey.toLowerCase()}.test`;
  const u = await db
    .insertInto('users')
    .values({ email, display_name: name, password_hash: await hashPassword('correct horse battery') })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('memberships').values({ tenant_id: w.tenants[tenantKey], user_id: u.id, role }).execute();
  return { id: u.id, token: (await createApiToken(db, email)).token };
}

/** Files a complaint as `token`, accepts it, assigns `assigneeId` and starts work. */
export async function caseInProgress(w: World, token: string, assigneeId: string, body: Record<string, unknown>) {
  const c = (await w.req(token, 'POST', '/api/v1/cases', body)).body;
  await w.req(token, 'POST', `/api/v1/cases/${c.id}/actions`, { action: 'accept' });
  await w.req(token, 'POST', `/api/v1/cases/${c.id}/assign`, { assigneeId });
  const started = await w.req(token, 'POST', `/api/v1/cases/${c.id}/actions`, { action: 'start' });
  if (started.body.status !== 'in_progress') throw new Error(`case did not start: ${JSON.stringify(started.body)}`);
  return c.id as string;
}

export async function timelineTypes(w: World, token: string, caseId: string): Promise<string[]> {
  const t = await w.req(token, 'GET', `/api/v1/cases/${caseId}/timeline`);
  const items = (t.body.items ?? t.body) as { type: string }[];
  return items.map((e) => e.type);
}
