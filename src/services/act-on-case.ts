import { AppError } from '../domain/errors.ts';
import type { ActionInput, CaseAction } from '../domain/lifecycle.ts';
import { loadVisibleCase } from './case-queries.ts';
import { presentCase } from './case-view.ts';
import type { ServiceContext } from './context.ts';
import { moveCase } from './move-case.ts';
import { requireRole } from './permissions.ts';

/** Takes a lifecycle action on a visible case; `expectedVersion` guards against acting on a stale view. */
export async function actOnCase(
  ctx: ServiceContext,
  caseId: string,
  action: CaseAction,
  input: ActionInput,
  expectedVersion?: number,
) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  await ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    if (expectedVersion !== undefined && c.version !== expectedVersion) {
      throw new AppError('CONCURRENT_UPDATE', { caseId, expectedVersion, version: c.version });
    }
    await moveCase(trx, c, action, ctx.actor, ctx.now, input);
  });
  return presentCase(await loadVisibleCase(ctx.db, ctx.actor, caseId), ctx.actor, ctx.now);
}
