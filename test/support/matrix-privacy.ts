import { everyone, type MatrixEnv, type MatrixPart, only, type Requests, type Row } from './matrix.ts';

/**
 * PIPL routes: the retention policy, a person's data exported or erased (admins only), and the log of full reads
 * of contact data (admins and auditors). Each organisation sees only its own; the people asked about here have
 * no cases, so erasing them leaves the fixtures alone.
 */
const rows = {
  'GET /api/v1/privacy/settings': everyone(only(['admin', 'auditor'], 200)),
  'PUT /api/v1/privacy/settings': everyone(only(['admin'], 200)),
  'POST /api/v1/privacy/exports': everyone(only(['admin'], 200)),
  'POST /api/v1/privacy/erasures': everyone(only(['admin'], 200)),
  'GET /api/v1/privacy/access-log': everyone(only(['admin', 'auditor'], 200)),
} satisfies Record<string, Row>;
type Key = keyof typeof rows;

function requests({ next }: MatrixEnv): Requests<Key> {
  const nobody = () => ({ phone: `139${String(next()).padStart(8, '0')}` });
  return {
    'GET /api/v1/privacy/settings': () => ({ url: '/api/v1/privacy/settings' }),
    // No policy: the retention job then leaves the fixtures alone.
    'PUT /api/v1/privacy/settings': () => ({ url: '/api/v1/privacy/settings', payload: { retentionMonths: null } }),
    'POST /api/v1/privacy/exports': () => ({ url: '/api/v1/privacy/exports', payload: nobody() }),
    'POST /api/v1/privacy/erasures': () => ({ url: '/api/v1/privacy/erasures', payload: nobody() }),
    'GET /api/v1/privacy/access-log': () => ({ url: '/api/v1/privacy/access-log' }),
  };
}

export const privacyMatrix: MatrixPart<Key> = { rows, requests };
