import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { normalisePhone } from '../domain/complainant-identity.ts';
import { AppError } from '../domain/errors.ts';
import { tenantBySlug } from './inbound-addresses.ts';
import type { PhoneCodeSender } from './phone-sender.ts';
import { writeAudit } from './record.ts';

export const PHONE_CODE_TTL_MS = 10 * 60_000;
export const PHONE_CODE_MAX_ATTEMPTS = 5;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const phoneHash = (phone: string) => sha256(`phone:${normalisePhone(phone)}`);

/**
 * Sends a 6-digit code for the public form. Only a hash salted with the code's own id is stored; the code lives
 * 10 minutes, allows 5 tries and is used once. A newer code replaces the older ones for that phone.
 */
export async function sendPhoneCode(
  deps: { db: Kysely<DB>; now: Date; sender: PhoneCodeSender },
  tenantSlug: string,
  phone: string,
) {
  const tenant = await tenantBySlug(deps.db, tenantSlug);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = randomUUID();
  const expiresAt = new Date(deps.now.getTime() + PHONE_CODE_TTL_MS);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('phone_codes')
      .values({
        tenant_id: tenant.id,
        id,
        phone_hash: phoneHash(phone),
        code_hash: sha256(`${id}:${code}`),
        expires_at: expiresAt,
        created_at: deps.now,
      })
      .execute();
    await writeAudit(trx, {
      tenantId: tenant.id,
      actorUserId: null,
      action: 'phone_code.send',
      entity: 'phone_code',
      entityId: id,
      before: null,
      after: { expiresAt: expiresAt.toISOString() },
      at: deps.now,
    });
  });
  await deps.sender.send(phone, `【客诉】您的验证码是 ${code}，10 分钟内有效。/ Your code is ${code} (10 minutes).`);
  return { expiresAt: expiresAt.toISOString(), maxAttempts: PHONE_CODE_MAX_ATTEMPTS };
}

/** Checks and uses up the phone's latest code; a wrong try is counted even though the request fails. */
export async function usePhoneCode(db: Kysely<DB>, tenantId: string, phone: string, code: string, now: Date) {
  const latest = await db
    .selectFrom('phone_codes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('phone_hash', '=', phoneHash(phone))
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest || latest.used_at || latest.expires_at.getTime() <= now.getTime())
    throw new AppError('PHONE_CODE_EXPIRED');
  if (latest.attempts >= PHONE_CODE_MAX_ATTEMPTS) throw new AppError('PHONE_CODE_LOCKED');
  if (sha256(`${latest.id}:${code}`) !== latest.code_hash) {
    const counted = await db
      .updateTable('phone_codes')
      .set({ attempts: sql`attempts + 1` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', latest.id)
      .returning('attempts')
      .executeTakeFirstOrThrow();
    if (counted.attempts >= PHONE_CODE_MAX_ATTEMPTS) throw new AppError('PHONE_CODE_LOCKED');
    throw new AppError('PHONE_CODE_INVALID', { attemptsLeft: PHONE_CODE_MAX_ATTEMPTS - counted.attempts });
  }
  const used = await db
    .updateTable('phone_codes')
    .set({ used_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', latest.id)
    .where('used_at', 'is', null)
    .where('attempts', '<', PHONE_CODE_MAX_ATTEMPTS)
    .executeTakeFirst();
  // Two requests with the same code at once: only one gets to use it.
  if (used.numUpdatedRows !== 1n) throw new AppError('PHONE_CODE_EXPIRED');
}
