import {
  act,
  everyone,
  inside,
  type MatrixEnv,
  type MatrixPart,
  ok,
  only,
  own,
  type Requests,
  type Row,
} from './matrix.ts';

/** Search, classification and its corrections, and the supervisor's flag list. */
const rows = {
  'GET /api/v1/search': everyone(200),
  // Classifying a text stores nothing and shows nothing of anyone's: every member may.
  'POST /api/v1/text/classify': everyone(200),
  'GET /api/v1/cases/{id}/classification': inside(200, 404),
  'POST /api/v1/cases/{id}/classification/corrections': inside(act(200), act(404)),
  // Supervisors verify flags; auditors may look over their shoulder.
  'GET /api/v1/flags': everyone(only(['admin', 'supervisor', 'auditor'], 200)),
  // Similar cases and suggested replies read the case: whoever sees it (names masked for roles without PII).
  'GET /api/v1/cases/{id}/similar': inside(200, 404),
  'GET /api/v1/cases/{id}/suggested-replies': inside(200, 404),
  // Canned responses belong to one organisation: every member reads them, admins and supervisors write them.
  'GET /api/v1/canned-responses': everyone(200),
  'GET /api/v1/canned-responses/{id}': own(200, 404),
  'POST /api/v1/canned-responses': everyone(only(['admin', 'supervisor'], 201)),
  'PATCH /api/v1/canned-responses/{id}': own(only(['admin', 'supervisor'], 200), only(['admin', 'supervisor'], 404)),
  'DELETE /api/v1/canned-responses/{id}': own(only(['admin', 'supervisor'], 200), only(['admin', 'supervisor'], 404)),
} satisfies Record<string, Row>;
type Key = keyof typeof rows;

const fixture = { cannedResponseId: '' };
const template = (n: number) => ({ title: `矩阵模板${n}`, body: '{{客户姓名}}您好，投诉{{投诉编号}}已受理。' });

function requests({ w, fx, newCase, next }: MatrixEnv): Requests<Key> {
  const newTemplate = async () =>
    ok(await w.req(w.tokens['merchantA:admin']!, 'POST', '/api/v1/canned-responses', template(next())), 201, 'template')
      .body.id as string;
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
    'GET /api/v1/cases/{id}/similar': (_c, s) => ({ url: `/api/v1/cases/${fx[s].id}/similar` }),
    'GET /api/v1/cases/{id}/suggested-replies': (_c, s) => ({ url: `/api/v1/cases/${fx[s].id}/suggested-replies` }),
    'GET /api/v1/canned-responses': () => ({ url: '/api/v1/canned-responses' }),
    'GET /api/v1/canned-responses/{id}': () => ({ url: `/api/v1/canned-responses/${fixture.cannedResponseId}` }),
    'POST /api/v1/canned-responses': () => ({ url: '/api/v1/canned-responses', payload: template(next()) }),
    'PATCH /api/v1/canned-responses/{id}': async () => ({
      url: `/api/v1/canned-responses/${await newTemplate()}`,
      payload: { title: `改名模板${next()}` },
    }),
    'DELETE /api/v1/canned-responses/{id}': async () => ({ url: `/api/v1/canned-responses/${await newTemplate()}` }),
  };
}

async function setup({ w, next }: MatrixEnv) {
  const made = await w.req(w.tokens['merchantA:admin']!, 'POST', '/api/v1/canned-responses', template(next()));
  fixture.cannedResponseId = ok(made, 201, 'canned response').body.id;
}

export const textMatrix: MatrixPart<Key> = { rows, requests, setup };
