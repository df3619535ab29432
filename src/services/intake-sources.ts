import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { IntakeSourcesTable } from '../db/schema-omni.ts';
import { AppError } from '../domain/errors.ts';
import type { IntakeSourceKind } from '../domain/omni-vocabulary.ts';
import { isUuid } from './case-queries.ts';
import type { Executor, ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

/** Signed messages older (or further ahead) than this are refused: a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;
const newSecret = () => `kis_${randomBytes(32).toString('base64url')}`;

export function presentSource(s: Selectable<IntakeSourcesTable>) {
  return {
    id: s.id,
    kind: s.kind as IntakeSourceKind,
    name: s.name,
    raisePublicSeverity: s.raise_public_severity,
    active: s.active,
    webhookPath: `/api/v1/intake/sources/${s.id}/messages`,
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
  };
}

/** Registers an IM/social source (admin); its secret is returned once and never shown again. */
export async function createIntakeSource(
  ctx: ServiceContext,
  input: { kind: IntakeSourceKind; name: string; raisePublicSeverity?: boolean | undefined },
) {
  requireRole(ctx.actor, ['admin']);
  const secret = newSecret();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('intake_sources')
      .values({
        tenant_id: ctx.actor.tenantId,
        kind: input.kind,
        name: input.name,
        secret,
        raise_public_severity: input.raisePublicSeverity ?? true,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentSource(row);
    await audit(trx, ctx, row.id, 'intake_source.create', null, view);
    return { ...view, secret };
  });
}

export async function listIntakeSources(ctx: ServiceContext) {
  const rows = await ctx.db
    .selectFrom('intake_sources')
    .selectAll()
    .where('tenant_id', '=', ctx.actor.tenantId)
    .orderBy('created_at')
    .execute();
  return rows.map(presentSource);
}

async function loadOwnSource(db: Executor, ctx: ServiceContext, id: string, forUpdate = false) {
  if (!isUuid(id)) throw new AppError('INTAKE_SOURCE_NOT_FOUND', { sourceId: id });
  let q = db.selectFrom('intake_sources').selectAll().where('tenant_id', '=', ctx.actor.tenantId).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('INTAKE_SOURCE_NOT_FOUND', { sourceId: id });
  return row;
}

export async function getIntakeSource(ctx: ServiceContext, id: string) {
  return presentSource(await loadOwnSource(ctx.db, ctx, id));
}

/** Renames, switches off or on, changes the public-post rule, or rotates the secret (admin). */
export async function updateIntakeSource(
  ctx: ServiceContext,
  id: string,
  patch: {
    name?: string | undefined;
    raisePublicSeverity?: boolean | undefined;
    active?: boolean | undefined;
    rotateSecret?: boolean | undefined;
  },
) {
  requireRole(ctx.actor, ['admin']);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await loadOwnSource(trx, ctx, id, true);
    const secret = patch.rotateSecret ? newSecret() : undefined;
    const row = await trx
      .updateTable('intake_sources')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.raisePublicSeverity !== undefined ? { raise_public_severity: patch.raisePublicSeverity } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(secret ? { secret } : {}),
        updated_at: ctx.now,
      })
      .where('tenant_id', '=', before.tenant_id)
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentSource(row);
    await audit(trx, ctx, row.id, 'intake_source.update', presentSource(before), {
      ...view,
      secretRotated: Boolean(secret),
    });
    return secret ? { ...view, secret } : view;
  });
}

async function audit(trx: Executor, ctx: ServiceContext, id: string, action: string, before: unknown, after: unknown) {
  await writeAudit(trx, {
    tenantId: ctx.actor.tenantId,
    actorUserId: ctx.actor.userId,
    action,
    entity: 'intake_source',
    entityId: id,
    before,
    after,
    at: ctx.now,
  });
}

/** The source a webhook URL names (any organisation: the signature, checked next, proves the sender). */
export async function sourceForWebhook(db: Kysely<DB>, sourceId: string) {
  if (!isUuid(sourceId)) throw new AppError('INTAKE_SOURCE_NOT_FOUND', { sourceId });
  const row = await db.selectFrom('intake_sources').selectAll().where('id', '=', sourceId).executeTakeFirst();
  if (!row) throw new AppError('INTAKE_SOURCE_NOT_FOUND', { sourceId });
  return row;
}

export function signIntakeMessage(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/**
 * HMAC-SHA256 with the source's secret over "<timestamp>.<raw body>", compared in constant time; the timestamp
 * (Unix seconds) must be within 5 minutes of now.
 */
export function verifyIntakeSignature(
  secret: string,
  headers: { timestamp?: string | undefined; signature?: string | undefined },
  rawBody: string,
  now: Date,
): void {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) throw new AppError('SIGNATURE_MISSING');
  if (!/^\d{1,12}$/.test(timestamp)) throw new AppError('SIGNATURE_INVALID', { problem: 'timestamp' });
  const skewMs = Math.abs(now.getTime() - Number(timestamp) * 1000);
  if (skewMs > SIGNATURE_TOLERANCE_MS)
    throw new AppError('SIGNATURE_EXPIRED', { toleranceSeconds: SIGNATURE_TOLERANCE_MS / 1000 });
  const expected = Buffer.from(signIntakeMessage(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('SIGNATURE_INVALID');
}
