import { everyone, type MatrixEnv, type MatrixPart, ok, only, open, type Requests, type Row } from './matrix.ts';
import { ruledCase } from './sanctions.ts';

/**
 * Platform sanctions, the public notice board and the responsibility ledger. The fixture sanction is the
 * platform's against merchantA: the two of them see it, everyone else is told it does not exist.
 */
const leads = ['admin', 'supervisor'] as const;
const rows = {
  // Only a platform's admin or supervisor sanctions (SANCTION_PLATFORM_ONLY for members; another platform:
  // SANCTION_TARGET_INVALID, merchantA is not its member).
  'POST /api/v1/sanctions': { ...everyone(403), platform: only([...leads], 201) },
  'GET /api/v1/sanctions': everyone(200),
  'GET /api/v1/sanctions/{id}': { ...everyone(404), merchantA: 200, platform: 200 },
  // The sanctioned member appeals (NOT_THE_SANCTIONED_PARTY for the platform); outsiders: SANCTION_NOT_FOUND.
  'POST /api/v1/sanctions/{id}/appeal': {
    ...everyone(only([...leads], 404)),
    merchantA: only([...leads], 200),
    platform: 403,
  },
  'POST /api/v1/sanctions/{id}/appeal/decision': {
    ...everyone(only([...leads], 404)),
    merchantA: 403,
    platform: only([...leads], 200),
  },
  'GET /api/v1/public/notices': open(200),
  'GET /api/v1/responsibility/people': everyone(only(['admin', 'supervisor', 'auditor'], 200)),
  'GET /api/v1/responsibility/departments': everyone(only(['admin', 'supervisor', 'auditor'], 200)),
} satisfies Record<string, Row>;
type Key = keyof typeof rows;

const fixture = { violationCaseId: '', sanctionId: '' };

function requests({ w, next }: MatrixEnv): Requests<Key> {
  const sanctionBody = () => ({
    memberTenantId: w.tenants.merchantA,
    type: 'warning',
    reason: `矩阵处罚理由第${next()}号`,
    caseIds: [fixture.violationCaseId],
  });
  const newSanction = async () => {
    const body = sanctionBody();
    const s = ok(await w.req(w.tokens['platform:supervisor']!, 'POST', '/api/v1/sanctions', body), 201, 'sanction');
    return { id: s.body.id as string, secrets: [body.reason] };
  };
  return {
    'POST /api/v1/sanctions': () => ({ url: '/api/v1/sanctions', payload: sanctionBody() }),
    'GET /api/v1/sanctions': () => ({ url: '/api/v1/sanctions' }),
    'GET /api/v1/sanctions/{id}': () => ({ url: `/api/v1/sanctions/${fixture.sanctionId}` }),
    'POST /api/v1/sanctions/{id}/appeal': async () => {
      const s = await newSanction();
      return { url: `/api/v1/sanctions/${s.id}/appeal`, payload: { reason: '非我方原因' }, secrets: s.secrets };
    },
    'POST /api/v1/sanctions/{id}/appeal/decision': async () => {
      const s = await newSanction();
      ok(
        await w.req(w.tokens['merchantA:admin']!, 'POST', `/api/v1/sanctions/${s.id}/appeal`, { reason: '申诉' }),
        200,
        'appeal',
      );
      return {
        url: `/api/v1/sanctions/${s.id}/appeal/decision`,
        payload: { decision: 'upheld', reason: '维持处罚' },
        secrets: s.secrets,
      };
    },
    'GET /api/v1/public/notices': () => ({ url: '/api/v1/public/notices' }),
    'GET /api/v1/responsibility/people': () => ({ url: '/api/v1/responsibility/people' }),
    'GET /api/v1/responsibility/departments': () => ({ url: '/api/v1/responsibility/departments' }),
  };
}

async function setup({ w }: MatrixEnv) {
  fixture.violationCaseId = (await ruledCase(w)).id;
  const s = await w.req(w.tokens['platform:supervisor']!, 'POST', '/api/v1/sanctions', {
    memberTenantId: w.tenants.merchantA,
    type: 'listing_restriction',
    reason: '矩阵固定处罚',
    caseIds: [fixture.violationCaseId],
  });
  fixture.sanctionId = ok(s, 201, 'sanction').body.id;
}

export const sanctionsMatrix: MatrixPart<Key> = { rows, requests, setup };
