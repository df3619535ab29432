import { signIntakeMessage } from '../../src/services/intake-sources.ts';
import {
  everyone,
  inside,
  type MatrixEnv,
  type MatrixPart,
  ok,
  only,
  open,
  own,
  type Requests,
  type Row,
} from './matrix.ts';
import { imMessage } from './omni.ts';

/** IM/social intake sources and their signed webhook, intake settings, duplicates and merges, the consumer page. */
const supervisors = ['admin', 'supervisor'] as const;
const rows = {
  'POST /api/v1/intake-sources': everyone(only(['admin'], 201)),
  'GET /api/v1/intake-sources': everyone(200),
  'GET /api/v1/intake-sources/{id}': own(200, 404),
  'PATCH /api/v1/intake-sources/{id}': own(only(['admin'], 200), only(['admin'], 404)),
  'GET /api/v1/intake-settings': everyone(200),
  'PUT /api/v1/intake-settings': everyone(only(['admin'], 200)),
  // The signature is the credential, whoever's bearer token comes along.
  'POST /api/v1/intake/sources/{sourceId}/messages': open(201),
  'GET /api/v1/cases/{id}/related': inside(200, 404),
  'POST /api/v1/cases/{id}/merge': inside(only([...supervisors], 200), only([...supervisors], 404)),
  'POST /api/v1/public/{tenantSlug}/phone-codes': open(201),
  'POST /api/v1/access/{token}/answers': open(201),
} satisfies Record<string, Row>;
type Key = keyof typeof rows;

const HOUR = 3_600_000;
const fixture = { sourceId: '', secret: '' };

function requests({ w, fx, newCase, next }: MatrixEnv): Requests<Key> {
  /** The public routes are rate limited per IP (all of these calls come from one); each call comes an hour later. */
  const anHourLater = () => w.setNow(new Date(w.now.getTime() + HOUR + 1000));
  return {
    'POST /api/v1/intake-sources': () => ({
      url: '/api/v1/intake-sources',
      payload: { kind: 'douyin', name: `抖音号${next()}` },
    }),
    'GET /api/v1/intake-sources': () => ({ url: '/api/v1/intake-sources' }),
    'GET /api/v1/intake-sources/{id}': () => ({ url: `/api/v1/intake-sources/${fixture.sourceId}` }),
    'PATCH /api/v1/intake-sources/{id}': () => ({
      url: `/api/v1/intake-sources/${fixture.sourceId}`,
      payload: { name: `官方微博${next()}` },
    }),
    'GET /api/v1/intake-settings': () => ({ url: '/api/v1/intake-settings' }),
    'PUT /api/v1/intake-settings': () => ({
      url: '/api/v1/intake-settings',
      payload: { duplicateWindowDays: 30, requireVerifiedPhone: false },
    }),
    'POST /api/v1/intake/sources/{sourceId}/messages': () => {
      const raw = JSON.stringify(imMessage({ author: { id: `matrix-${next()}`, name: '网友' } }));
      const ts = String(Math.floor(w.now.getTime() / 1000));
      return {
        url: `/api/v1/intake/sources/${fixture.sourceId}/messages`,
        payload: raw,
        headers: {
          'content-type': 'application/json',
          'x-kesu-timestamp': ts,
          'x-kesu-signature': signIntakeMessage(fixture.secret, ts, raw),
        },
      };
    },
    'GET /api/v1/cases/{id}/related': (_c, s) => ({ url: `/api/v1/cases/${fx[s].id}/related` }),
    'POST /api/v1/cases/{id}/merge': async (_c, s) => {
      const dup = await newCase(s);
      const into = await newCase(s);
      return {
        url: `/api/v1/cases/${dup.id}/merge`,
        payload: { intoCaseId: into.id, reason: '重复投诉' },
        secrets: [...dup.secrets, ...into.secrets],
      };
    },
    'POST /api/v1/public/{tenantSlug}/phone-codes': () => {
      anHourLater();
      return { url: '/api/v1/public/ma/phone-codes', payload: { phone: `139${String(next()).padStart(8, '0')}` } };
    },
    'POST /api/v1/access/{token}/answers': (_c, s) => {
      anHourLater();
      return { url: `/api/v1/access/${fx[s].link}/answers`, payload: { text: '补充：包裹外箱有明显压痕。' } };
    },
  };
}

async function setup({ w }: MatrixEnv) {
  const r = ok(
    await w.req(w.tokens['merchantA:admin']!, 'POST', '/api/v1/intake-sources', { kind: 'weibo', name: '官方微博' }),
    201,
    'intake source',
  );
  fixture.sourceId = r.body.id;
  fixture.secret = r.body.secret;
}

export const omniMatrix: MatrixPart<Key> = { rows, requests, setup };
