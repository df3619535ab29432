import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { TenantKind } from '../domain/vocabulary.ts';
import { resolveAccessLink } from './access-links.ts';
import { type EvidenceUpload, insertEvidence } from './add-evidence.ts';
import { loadVisibleCase } from './case-queries.ts';
import type { Actor } from './context.ts';
import { storeEvidenceFile } from './evidence-store.ts';

/**
 * The complainant adds a photo or document through their access link, under the same limits as staff uploads.
 * It is recorded as the owning organisation's system (no user), and a case waiting on the customer resumes.
 */
export async function addEvidenceByLink(
  deps: { db: Kysely<DB>; evidenceDir: string; now: Date },
  token: string,
  file: EvidenceUpload,
) {
  const c = await resolveAccessLink(deps.db, token, deps.now);
  const owner = await deps.db
    .selectFrom('tenants')
    .select(['kind', 'platform_id'])
    .where('id', '=', c.tenant_id)
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    userId: null,
    tenantId: c.tenant_id,
    tenantKind: owner.kind as TenantKind,
    role: 'system',
    platformId: owner.platform_id,
  };
  const stored = await storeEvidenceFile(deps.evidenceDir, c.tenant_id, file.bytes, file.declaredMime);
  const added = await deps.db.transaction().execute(async (trx) => {
    const locked = await loadVisibleCase(trx, actor, c.id, true);
    return insertEvidence(
      trx,
      locked,
      actor,
      deps.now,
      stored,
      { ...file, description: file.description ?? '投诉人上传 / from the complainant' },
      { fromComplainant: true },
    );
  });
  return { id: added.id, mime: added.mime, sizeBytes: added.sizeBytes, missing: added.missing };
}
