import { act, everyone, inside, type MatrixEnv, type MatrixPart, only, type Requests, type Row } from './matrix.ts';

/** Search, classification and its corrections, and the supervisor's flag list. */
const rows = {
  'GET /api/v1/search': everyone(200),
  // Classifying a text stores nothing and shows nothing of anyone's: every member may.
  'POST /api/v1/text/classify': everyone(200),
  'GET /api/v1/cases/{id}/classification': inside(200, 404),
  'POST /api/v1/cases/{id}/classification/corrections': inside(act(200), act(404)),
  // Supervisors verify flags; auditors may look over their shoulder.
  'GET /api/v1/flags': everyone(only(['admin', 'supervisor', 'auditor'], 200)),
} satisfies Record<string, Row>;
type Key = keyof typeof rows;

function requests({ fx, newCase }: MatrixEnv): Requests<Key> {
  return {
    'GET /api/v1/search': () => ({ url: `/api/v1/search?q=${encodeURIComponent('餐桌')}` }),
    'POST /api/v1/text/classify': () => ({ url: '/api/v1/text/classify', payload: { text: '快递一直不到，要求退款' } }),
    'GET /api/v1/cases/{id}/classification': (_c, s) => ({ url: `/api/v1/cases/${fx[s].id}/classification` }),
    'POST /api/v1/cases/{id}/classification/corrections': async (_c, s) => {
      const k = await newCase(s);
      return {
        url: `/api/v1/cases/${k.id}/classification/corrections`,
        payload: { category: 'product_quality', severity: 3 },
        secrets: k.secrets,
      };
    },
    'GET /api/v1/flags': () => ({ url: '/api/v1/flags' }),
  };
}

export const textMatrix: MatrixPart<Key> = { rows, requests };
