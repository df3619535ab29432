import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Role, TenantKind } from '../domain/vocabulary.ts';

/** Who is acting: a user in one organisation with one role, or the system reacting to an event. */
export interface Actor {
  userId: string | null;
  tenantId: string;
  tenantKind: TenantKind;
  role: Role | 'system';
  /** The platform the actor's organisation belongs to, if any. */
  platformId: string | null;
}

export interface ServiceContext {
  db: Kysely<DB>;
  actor: Actor;
  now: Date;
  /** Where evidence files are stored (local disk; S3-compatible storage later). */
  evidenceDir: string;
}

export type Executor = Kysely<DB> | Transaction<DB>;

export function systemActor(tenantId: string, tenantKind: TenantKind): Actor {
  return { userId: null, tenantId, tenantKind, role: 'system', platformId: null };
}
