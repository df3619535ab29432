import { everyone, type MatrixEnv, type MatrixPart, only, type Requests, type Row } from './matrix.ts';

/**
 * Analytics, reward/penalty decisions and the monthly report (issue 9): supervisors, admins and auditors of any
 * organisation read their own figures; only merchantA's leads can record a decision about merchantA's agent —
 * anyone else is told the person does not exist.
 */
const readers = ['admin', 'supervisor', 'auditor'] as const;
const leads = ['admin', 'supervisor'] as const;
const read = everyone(only([...readers], 200));
const rows = {
  'GET /api/v1/analytics/overview': read,
  'GET /api/v1/analytics/complaint-rate': read,
  'GET /api/v1/analytics/breakdown': read,
  'GET /api/v1/analytics/sla': read,
  'GET /api/v1/analytics/root-causes': read,
  'GET /api/v1/analytics/responsibility': read,
  'POST /api/v1/analytics/responsibility/decisions': {
    ...everyone(only([...leads], 404)),
    merchantA: only([...leads], 201),
  },
  'GET /api/v1/analytics/responsibility/decisions': read,
  'GET /api/v1/reports/monthly': read,
} satisfies Record<string, Row>;
type Key = keyof typeof rows;

function requests({ w, next }: MatrixEnv): Requests<Key> {
  const q = 'from=2026-10-01&to=2026-10-31';
  return {
    'GET /api/v1/analytics/overview': () => ({ url: `/api/v1/analytics/overview?${q}` }),
    'GET /api/v1/analytics/complaint-rate': () => ({ url: `/api/v1/analytics/complaint-rate?${q}&granularity=month` }),
    'GET /api/v1/analytics/breakdown': () => ({ url: `/api/v1/analytics/breakdown?${q}&by=category` }),
    'GET /api/v1/analytics/sla': () => ({ url: `/api/v1/analytics/sla?${q}` }),
    'GET /api/v1/analytics/root-causes': () => ({ url: `/api/v1/analytics/root-causes?${q}` }),
    'GET /api/v1/analytics/responsibility': () => ({ url: `/api/v1/analytics/responsibility?${q}&by=person` }),
    'POST /api/v1/analytics/responsibility/decisions': () => {
      const reason = `矩阵奖惩理由第${next()}号`;
      return {
        url: '/api/v1/analytics/responsibility/decisions',
        payload: {
          subjectType: 'person',
          subjectId: w.userIds['merchantA:agent'],
          kind: 'reward',
          period: '2026-10',
          amountFen: 10000,
          reason,
        },
        secrets: [reason],
      };
    },
    'GET /api/v1/analytics/responsibility/decisions': () => ({ url: '/api/v1/analytics/responsibility/decisions' }),
    'GET /api/v1/reports/monthly': () => ({ url: '/api/v1/reports/monthly?month=2026-10&format=xlsx' }),
  };
}

export const analyticsMatrix: MatrixPart<Key> = { rows, requests };
