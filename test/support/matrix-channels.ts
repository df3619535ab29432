import { ingestRawMail } from '../../src/channels/email/ingest.ts';
import { evidenceUpload } from './http-checks.ts';
import { buildMail } from './mail-fixtures.ts';
import {
  act,
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

/** Replies by e-mail, inbound addresses, the quarantine, the public complaint form and evidence through the link. */
const rows = {
  'POST /api/v1/cases/{id}/replies': inside(act(201), act(404)),
  'GET /api/v1/mail/inbound-addresses': everyone(200),
  'POST /api/v1/mail/inbound-addresses': everyone(only(['admin'], 201)),
  'GET /api/v1/mail/quarantine': everyone(act(200)),
  'POST /api/v1/mail/quarantine/{id}/retry': own(act(200), act(404)),
  'POST /api/v1/public/{tenantSlug}/complaints': open(201),
  'POST /api/v1/access/{token}/evidence': open(201),
} satisfies Record<string, Row>;
type Key = keyof typeof rows;

const HOUR = 3_600_000;
const INBOUND = 'service@ma.test';

function requests({ w, fx, newCase, next }: MatrixEnv): Requests<Key> {
  /** The public routes are rate limited per IP (all of these calls come from one); each call comes an hour later. */
  const anHourLater = () => w.setNow(new Date(w.now.getTime() + HOUR + 1000));
  return {
    'POST /api/v1/cases/{id}/replies': async (_c, s) => {
      const k = await newCase(s, {
        complainant: { name: `回复对象${next()}`, phone: '13899995678', email: 'buyer@example.cn' },
      });
      return { url: `/api/v1/cases/${k.id}/replies`, payload: { text: '您好，已为您安排退款。' }, secrets: k.secrets };
    },
    'GET /api/v1/mail/inbound-addresses': () => ({ url: '/api/v1/mail/inbound-addresses' }),
    'POST /api/v1/mail/inbound-addresses': () => ({
      url: '/api/v1/mail/inbound-addresses',
      payload: { address: `kefu-${next()}@matrix.test` },
    }),
    'GET /api/v1/mail/quarantine': () => ({ url: '/api/v1/mail/quarantine' }),
    'POST /api/v1/mail/quarantine/{id}/retry': async () => {
      const deps = { db: w.database.db, evidenceDir: w.app.deps.config.evidenceDir, clock: () => w.now };
      const [r] = await ingestRawMail({ ...deps, maxBytes: 200 }, buildMail({ to: INBOUND, body: '长'.repeat(300) }), {
        source: 'import',
      });
      if (r?.outcome !== 'quarantined') throw new Error(`fixture quarantine: ${JSON.stringify(r)}`);
      return { url: `/api/v1/mail/quarantine/${r.quarantineId}/retry` };
    },
    'POST /api/v1/public/{tenantSlug}/complaints': () => {
      anHourLater();
      return {
        url: '/api/v1/public/ma/complaints',
        payload: { name: '王五', phone: `139${String(next()).padStart(8, '0')}`, reason: '买的台灯一开就跳闸。' },
      };
    },
    'POST /api/v1/access/{token}/evidence': (_c, s) => {
      anHourLater();
      const { payload, headers } = evidenceUpload();
      return { url: `/api/v1/access/${fx[s].link}/evidence`, payload, headers };
    },
  };
}

async function setup({ w }: MatrixEnv) {
  ok(
    await w.req(w.tokens['merchantA:admin']!, 'POST', '/api/v1/mail/inbound-addresses', { address: INBOUND }),
    201,
    'inbound',
  );
}

export const channelsMatrix: MatrixPart<Key> = { rows, requests, setup };
