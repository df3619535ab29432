import { csvFile, importUpload, orderHeader } from './import-files.ts';
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

/** Bulk import (per organisation, like its mappings) and the revision requests on bad-review cases. */
const rows = {
  'GET /api/v1/imports/mappings/{kind}': everyone(200),
  'PUT /api/v1/imports/mappings/{kind}': everyone(only(['admin', 'supervisor'], 200)),
  'POST /api/v1/imports/{kind}': everyone(act(201)),
  // An import belongs to the organisation that ran it: nobody else, not its platform, sees it.
  'GET /api/v1/imports/{id}': own(200, 404),
  'GET /api/v1/imports/{id}/errors': own(200, 404),
  'GET /api/v1/cases/{id}/review': inside(200, 404),
  'POST /api/v1/cases/{id}/revision-requests': inside(act(201), act(404)),
  'PATCH /api/v1/cases/{id}/revision-requests/{requestId}': inside(act(200), act(404)),
} satisfies Record<string, Row>;
type Key = keyof typeof rows;

const fixture = { importId: '' };
const orderFile = (n: number) =>
  csvFile([
    orderHeader,
    [`IM${n}`, '保密买家', '13812345678', '¥99.00', '已发货', '2026-10-30 10:00', '', '台灯'],
    ['IMBAD', '', '', 'x', '?', '', '', ''],
  ]);

function requests({ w, newCase, next }: MatrixEnv): Requests<Key> {
  const badReview = (s: Parameters<typeof newCase>[0]) =>
    newCase(s, {
      kind: 'bad_review',
      channel: 'review',
      reviewRating: 1,
      expectedResolution: undefined,
      category: undefined,
    });
  return {
    'GET /api/v1/imports/mappings/{kind}': () => ({ url: '/api/v1/imports/mappings/orders' }),
    'PUT /api/v1/imports/mappings/{kind}': () => ({
      url: '/api/v1/imports/mappings/reviews',
      payload: { columns: { rating: '星级' } },
    }),
    'POST /api/v1/imports/{kind}': () => {
      const { payload, headers } = importUpload(orderFile(next()), 'orders.csv');
      return { url: '/api/v1/imports/orders', payload, headers };
    },
    'GET /api/v1/imports/{id}': () => ({ url: `/api/v1/imports/${fixture.importId}` }),
    'GET /api/v1/imports/{id}/errors': () => ({ url: `/api/v1/imports/${fixture.importId}/errors` }),
    'GET /api/v1/cases/{id}/review': async (_c, s) => {
      const k = await badReview(s);
      return { url: `/api/v1/cases/${k.id}/review`, secrets: k.secrets };
    },
    'POST /api/v1/cases/{id}/revision-requests': async (_c, s) => {
      const k = await badReview(s);
      return {
        url: `/api/v1/cases/${k.id}/revision-requests`,
        payload: { channel: 'im', message: '您好，问题已处理，方便时可以更新一下评价吗？' },
        secrets: k.secrets,
      };
    },
    'PATCH /api/v1/cases/{id}/revision-requests/{requestId}': async (_c, s) => {
      const k = await badReview(s);
      const asked = ok(
        await w.req(w.tokens['merchantA:agent']!, 'POST', `/api/v1/cases/${k.id}/revision-requests`, {
          channel: 'phone',
          message: '您好，已为您换新',
        }),
        201,
        'revision request',
      );
      return {
        url: `/api/v1/cases/${k.id}/revision-requests/${asked.body.id}`,
        payload: { outcome: 'no_answer' },
        secrets: k.secrets,
      };
    },
  };
}

async function setup({ w, next }: MatrixEnv) {
  const { payload, headers } = importUpload(orderFile(next()), 'orders.csv');
  const res = ok(
    await w.req(w.tokens['merchantA:agent']!, 'POST', '/api/v1/imports/orders', payload, headers),
    201,
    'import',
  );
  fixture.importId = res.body.id;
}

export const importMatrix: MatrixPart<Key> = { rows, requests, setup };
