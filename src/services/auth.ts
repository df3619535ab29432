import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from './context.ts';
import { TtlCache } from './ttl-cache.ts';

const SESSION_TTL_MS = 12 * 3_600_000;

export const hashPassword = (password: string) => argonHash(password);

/** Tokens are 32 random bytes; only their SHA-256 is stored, so a database leak does not leak tokens. */
function newToken(prefix: string): { token: string; tokenHash: string } {
  const token = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: sha256(token) };
}
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function pickMembership(db: Kysely<DB>, userId: string, tenantSlug: string | undefined) {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('tenants', 'tenants.id', 'memberships.tenant_id')
    .select(['memberships.tenant_id', 'memberships.role', 'tenants.slug', 'tenants.name', 'tenants.kind'])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at')
    .execute();
  const m = tenantSlug ? rows.find((r) => r.slug === tenantSlug) : rows[0];
  if (!m) throw new AppError('NOT_A_MEMBER', { tenant: tenantSlug ?? null });
  return m;
}

export async function login(
  db: Kysely<DB>,
  email: string,
  password: string,
  tenantSlug: string | undefined,
  now: Date,
) {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  // Verify against a throwaway hash when the user is unknown so timing does not reveal which e-mails exist.
  const ok = user?.password_hash
    ? await argonVerify(user.password_hash, password).catch(() => false)
    : (await argonVerify(DUMMY_HASH, password).catch(() => false)) && false;
  if (!user || !ok) throw new AppError('INVALID_CREDENTIALS');
  const m = await pickMembership(db, user.id, tenantSlug);
  const { token, tokenHash } = newToken('kss');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db
    .insertInto('api_tokens')
    .values({
      tenant_id: m.tenant_id,
      user_id: user.id,
      kind: 'session',
      token_hash: tokenHash,
      expires_at: expiresAt,
      label: null,
    })
    .execute();
  return {
    token,
    expiresAt,
    user: { id: user.id, email: user.email, displayName: user.display_name },
    tenant: { id: m.tenant_id, slug: m.slug, name: m.name, kind: m.kind },
    role: m.role,
  };
}
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$DrKyPawFbvcJ52WVgADmeg$SXt68pjsaV+8H+wmGwGhTNQze1sCWYbW6nQCnuejLLA';

export async function createApiToken(
  db: Kysely<DB>,
  email: string,
  opts: { tenantSlug?: string | undefined; label?: string | undefined; expiresAt?: Date | undefined } = {},
) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user) throw new AppError('USER_NOT_FOUND', { email });
  const m = await pickMembership(db, user.id, opts.tenantSlug);
  const { token, tokenHash } = newToken('ksu');
  await db
    .insertInto('api_tokens')
    .values({
      tenant_id: m.tenant_id,
      user_id: user.id,
      kind: 'api',
      token_hash: tokenHash,
      label: opts.label ?? null,
      expires_at: opts.expiresAt ?? null,
    })
    .execute();
  return { token, tenant: m.slug, role: m.role, email: user.email };
}

/** Resolves a bearer token to the acting user, organisation and role; null when unknown, expired or revoked. */
export async function authenticate(
  db: Kysely<DB>,
  token: string,
  now: Date,
): Promise<(Actor & { tokenId: string }) | null> {
  if (token.length > 200) return null;
  const tokenHash = sha256(token);
  const cached = actorCache.get(tokenHash);
  if (cached && (!cached.expiresAt || cached.expiresAt.getTime() > now.getTime())) return cached.actor;
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('memberships as m', (j) =>
      j.onRef('m.tenant_id', '=', 't.tenant_id').onRef('m.user_id', '=', 't.user_id'),
    )
    .innerJoin('tenants as tn', 'tn.id', 't.tenant_id')
    .select([
      't.id as tokenId',
      't.user_id',
      't.tenant_id',
      't.expires_at',
      't.revoked_at',
      'm.role',
      'tn.kind',
      'tn.platform_id',
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at.getTime() <= now.getTime())) return null;
  const actor = {
    tokenId: row.tokenId,
    userId: row.user_id,
    tenantId: row.tenant_id,
    tenantKind: row.kind,
    role: row.role,
    platformId: row.platform_id,
  };
  actorCache.set(tokenHash, { actor, expiresAt: row.expires_at });
  return actor;
}

/**
 * Every request resolves its token; a 5-second cache saves that round trip on busy clients. Revoking a token
 * here drops it at once; another process may accept it for up to those 5 seconds.
 */
const actorCache = new TtlCache<{ actor: Actor & { tokenId: string }; expiresAt: Date | null }>(5_000);

/** A member removed or given another role: cached actors must not outlive the change in this process. */
export function forgetCachedActors(): void {
  actorCache.clear();
}

export async function revokeToken(db: Kysely<DB>, tokenId: string, tenantId: string, now: Date): Promise<void> {
  actorCache.clear();
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', tokenId)
    .where('tenant_id', '=', tenantId)
    .execute();
}
