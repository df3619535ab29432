import type { World } from './world.ts';
import { complaintBody } from './world.ts';

async function must(res: Promise<{ status: number; body: any }>, status: number, what: string) {
  const r = await res;
  if (r.status !== status) throw new Error(`fixture ${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * A case the platform filed against `respondent`, forwarded, disputed and ruled on. The ruling
 * "record_violation" is what lets the platform sanction the respondent for it.
 */
export async function ruledCase(
  w: World,
  ruling: 'record_violation' | 'dismiss' = 'record_violation',
  respondent: 'merchantA' | 'merchantB' = 'merchantA',
  over: Record<string, unknown> = {},
): Promise<{ id: string; caseNumber: string }> {
  const plat = w.tokens['platform:agent']!;
  const c = await must(
    w.req(plat, 'POST', '/api/v1/cases', complaintBody({ respondentTenantId: w.tenants[respondent], ...over })),
    201,
    'case',
  );
  const url = `/api/v1/cases/${c.id}`;
  await must(w.req(plat, 'POST', `${url}/forward`, {}), 201, 'forward');
  await must(
    w.req(w.tokens[`${respondent}:agent`]!, 'POST', `${url}/forward/reply`, {
      kind: 'dispute',
      text: '我方已按时发货',
    }),
    200,
    'dispute',
  );
  await must(
    w.req(w.tokens['platform:supervisor']!, 'POST', `${url}/forward/ruling`, { ruling, text: '经核实商家未发货' }),
    200,
    'ruling',
  );
  return { id: c.id, caseNumber: c.caseNumber };
}

/** A public notice by the platform against merchantA for one ruled case. */
export async function publicNotice(w: World, caseIds: string[], over: Record<string, unknown> = {}) {
  return must(
    w.req(w.tokens['platform:supervisor']!, 'POST', '/api/v1/sanctions', {
      memberTenantId: w.tenants.merchantA,
      type: 'public_notice',
      reason: '多次未按承诺发货',
      publicText: '商家甲多次未按时发货，平台予以公示。',
      caseIds,
      ...over,
    }),
    201,
    'sanction',
  );
}
