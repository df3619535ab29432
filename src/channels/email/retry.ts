import { markReleased, takeQuarantined } from '../../services/mail-quarantine.ts';
import { type IngestResult, ingestRawMail, type MailIntakeDeps } from './ingest.ts';

/**
 * Runs a quarantined mail through intake again (after an inbound address was added, a limit raised or the
 * parser fixed). Success releases the entry; another failure updates its reason and attempt count.
 * `tenantId` scopes the entry to one organisation (API); null is the operator (CLI), who may name `tenantSlug`.
 */
export async function retryQuarantined(
  deps: MailIntakeDeps,
  id: string,
  scope: { tenantId: string | null; tenantSlug?: string | undefined; actorUserId: string | null },
): Promise<{ released: boolean; results: IngestResult[] }> {
  const entry = await takeQuarantined(deps.db, deps.evidenceDir, id, scope.tenantId);
  const envelopeTo = entry.envelope_to as unknown as string[];
  const results = await ingestRawMail(deps, entry.raw, {
    ...(envelopeTo.length ? { envelopeTo } : {}),
    tenantSlug: scope.tenantSlug,
    source: 'retry',
    quarantineId: entry.id,
  });
  const taken = results.find((r) => r.outcome !== 'quarantined');
  if (!taken || !('tenantId' in taken)) return { released: false, results };
  const { tenantId, ...outcome } = taken;
  await markReleased(deps.db, entry.id, tenantId, outcome, deps.clock(), scope.actorUserId);
  return { released: true, results };
}
