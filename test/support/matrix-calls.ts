import { act, inside, type MatrixEnv, type MatrixPart, type Requests, type Row } from './matrix.ts';

/** Hotline calls and contact timing: anyone who sees the case reads them; handlers log calls. */
const rows = {
  'POST /api/v1/calls': inside(act(201), act(404)),
  'GET /api/v1/cases/{id}/calls': inside(200, 404),
  'GET /api/v1/cases/{id}/contact-timing': inside(200, 404),
} satisfies Record<string, Row>;
type Key = keyof typeof rows;

function requests({ w, fx, newCase }: MatrixEnv): Requests<Key> {
  return {
    'POST /api/v1/calls': async (_c, s) => {
      const k = await newCase(s);
      return {
        url: '/api/v1/calls',
        payload: {
          caseId: k.id,
          direction: 'outbound',
          caller: { name: '张三', phone: '13812345678' },
          startedAt: new Date(w.now.getTime() - 600_000).toISOString(),
          durationSeconds: 90,
          summary: '回电确认补发地址',
        },
        secrets: k.secrets,
      };
    },
    'GET /api/v1/cases/{id}/calls': (_c, s) => ({ url: `/api/v1/cases/${fx[s].id}/calls` }),
    'GET /api/v1/cases/{id}/contact-timing': (_c, s) => ({ url: `/api/v1/cases/${fx[s].id}/contact-timing` }),
  };
}

export const callsMatrix: MatrixPart<Key> = { rows, requests };
