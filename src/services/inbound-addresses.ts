import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import type { TenantKind } from '../domain/vocabulary.ts';
import type { Actor, ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

export interface MailTenant {
  id: string;
  slug: string;
  kind: TenantKind;
  platformId: string | null;
  /** The address the mail came in on, used as From of the acknowledgement so replies come back. */
  address: string | null;
}

/** The actor mail intake acts as: the receiving organisation's system. */
export function mailActor(t: MailTenant): Actor {
  return { userId: null, tenantId: t.id, tenantKind: t.kind, role: 'system', platformId: t.platformId };
}

/** Organisations receiving mail at these addresses (one entry per organisation, first matching address). */
export async function tenantsForAddresses(db: Kysely<DB>, addresses: string[]): Promise<MailTenant[]> {
  const wanted = [...new Set(addresses.map((a) => a.trim().toLowerCase()).filter((a) => a.includes('@')))];
  if (wanted.length === 0) return [];
  const rows = await db
    .selectFrom('inbound_addresses')
    .innerJoin('tenants', 'tenants.id', 'inbound_addresses.tenant_id')
    .select(['tenants.id', 'tenants.slug', 'tenants.kind', 'tenants.platform_id', 'inbound_addresses.address'])
    .where('inbound_addresses.address', 'in', wanted)
    .execute();
  const byTenant = new Map<string, MailTenant>();
  for (const a of wanted) {
    const r = rows.find((x) => x.address === a);
    if (r && !byTenant.has(r.id))
      byTenant.set(r.id, { id: r.id, slug: r.slug, kind: r.kind, platformId: r.platform_id, address: r.address });
  }
  return [...byTenant.values()];
}

/** What the tenants table accepts as a slug (its CHECK); anything else names no organisation. */
const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

export async function tenantBySlug(db: Kysely<DB>, slug: string): Promise<MailTenant> {
  // Not sent to the database: a NUL byte there is a data exception (400), not an organisation that does not exist.
  if (!SLUG.test(slug)) throw new AppError('TENANT_NOT_FOUND', { slug });
  const t = await db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!t) throw new AppError('TENANT_NOT_FOUND', { slug });
  const a = await db.selectFrom('inbound_addresses').select('address').where('tenant_id', '=', t.id).executeTakeFirst();
  return { id: t.id, slug: t.slug, kind: t.kind, platformId: t.platform_id, address: a?.address ?? null };
}

export async function listInboundAddresses(ctx: ServiceContext) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent', 'auditor', 'viewer']);
  const rows = await ctx.db
    .selectFrom('inbound_addresses')
    .select(['address', 'created_at'])
    .where('tenant_id', '=', ctx.actor.tenantId)
    .orderBy('address')
    .execute();
  return rows.map((r) => ({ address: r.address, createdAt: r.created_at.toISOString() }));
}

/** Routes mail sent to `address` to the actor's organisation. An address belongs to one organisation only. */
export async function addInboundAddress(ctx: ServiceContext, address: string) {
  requireRole(ctx.actor, ['admin']);
  const normalized = address.trim().toLowerCase();
  return ctx.db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('inbound_addresses')
      .select('tenant_id')
      .where('address', '=', normalized)
      .executeTakeFirst();
    if (taken && taken.tenant_id !== ctx.actor.tenantId) throw new AppError('INBOUND_ADDRESS_TAKEN', { address });
    if (!taken) {
      await trx
        .insertInto('inbound_addresses')
        .values({ tenant_id: ctx.actor.tenantId, address: normalized })
        .execute();
      await writeAudit(trx, {
        tenantId: ctx.actor.tenantId,
        actorUserId: ctx.actor.userId,
        action: 'mail.inbound_address_add',
        entity: 'inbound_address',
        entityId: normalized,
        before: null,
        after: { address: normalized },
        at: ctx.now,
      });
    }
    return { address: normalized };
  });
}
