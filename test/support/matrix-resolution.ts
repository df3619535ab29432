import {
  act,
  type CaseFixture,
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
  type Subject,
} from './matrix.ts';

/** Routing, offers, promises, follow-ups, forwarding, side notes, escalations, dossier and complainant flags. */
const rows = {
  'GET /api/v1/resolution-policy': everyone(200),
  'PATCH /api/v1/resolution-policy': everyone(only(['admin'], 200)),
  'GET /api/v1/departments': everyone(200),
  'POST /api/v1/departments': everyone(only(['admin', 'supervisor'], 201)),
  'GET /api/v1/routing-rules': everyone(200),
  'POST /api/v1/routing-rules': everyone(only(['admin', 'supervisor'], 201)),
  // Departments and routing rules are each organisation's own: another's rule does not exist for you.
  'DELETE /api/v1/routing-rules/{id}': own(only(['admin', 'supervisor'], 204), only(['admin', 'supervisor'], 404)),
  'GET /api/v1/cases/{id}/collaborators': inside(200, 404),
  'POST /api/v1/cases/{id}/collaborators': inside(act(201), act(404)),
  // Supervisors and admins lead; an agent writes only as the assignee or a collaborator (NOT_A_COLLABORATOR).
  'POST /api/v1/cases/{id}/investigation-notes': inside(only(['admin', 'supervisor'], 201), act(404)),
  'GET /api/v1/root-causes/systemic': everyone(200),
  'GET /api/v1/cases/{id}/offers': inside(200, 404),
  'POST /api/v1/cases/{id}/offers': inside(act(201), act(404)),
  // Only the organisation that made the offer moves it (OFFER_NOT_FOUND for the others who see the case).
  'POST /api/v1/cases/{id}/offers/{offerId}/approve': own(
    only(['admin', 'supervisor'], 200),
    only(['admin', 'supervisor'], 404),
  ),
  'POST /api/v1/cases/{id}/offers/{offerId}/decline': own(
    only(['admin', 'supervisor'], 200),
    only(['admin', 'supervisor'], 404),
  ),
  'POST /api/v1/cases/{id}/offers/{offerId}/send': own(act(200), act(404)),
  'POST /api/v1/cases/{id}/offers/{offerId}/withdraw': own(act(200), act(404)),
  'POST /api/v1/cases/{id}/offers/{offerId}/answer': inside(act(200), act(404)),
  'GET /api/v1/access/{token}/offers': open(200),
  'POST /api/v1/access/{token}/offers/{offerId}/answer': open(200),
  'GET /api/v1/cases/{id}/promises': inside(200, 404),
  'POST /api/v1/cases/{id}/promises': inside(act(201), act(404)),
  // A promise is settled by the organisation that owns it.
  'POST /api/v1/cases/{id}/promises/{promiseId}/settle': own(act(200), act(404)),
  'GET /api/v1/promises/overdue': everyone(200),
  'GET /api/v1/cases/{id}/follow-ups': inside(200, 404),
  'POST /api/v1/cases/{id}/follow-up': inside(act(200), act(404)),
  'GET /api/v1/follow-ups/due': everyone(200),
  'POST /api/v1/access/{token}/follow-up': open(200),
  // Only the platform the case was filed with forwards it; anyone else who sees the case: FORWARD_NOT_ALLOWED.
  'POST /api/v1/cases/{id}/forward': { ...inside(act(409), act(404)), platform: act(201) },
  // Only the respondent organisation itself replies (NOT_THE_RESPONDENT for the platform and the operations company).
  'POST /api/v1/cases/{id}/forward/reply': { ...inside(403, act(404)), merchantA: act(200) },
  'POST /api/v1/cases/{id}/forward/disagreement': { ...inside(403, act(404)), platform: act(200) },
  // Disagreement and ruling are the platform's (PLATFORM_ONLY for the parties).
  'POST /api/v1/cases/{id}/forward/ruling': {
    ...inside(403, only(['admin', 'supervisor'], 404)),
    platform: only(['admin', 'supervisor'], 200),
  },
  'GET /api/v1/cases/{id}/forwards': inside(200, 404),
  'POST /api/v1/cases/{id}/side-notes': inside(act(201), act(404)),
  'GET /api/v1/cases/{id}/side-notes': inside(200, 404),
  'POST /api/v1/cases/{id}/escalations': inside(act(201), act(404)),
  'GET /api/v1/cases/{id}/escalations': inside(200, 404),
  'PATCH /api/v1/cases/{id}/escalations/{escalationId}': inside(act(200), act(404)),
  'GET /api/v1/cases/{id}/dossier': inside(200, 404),
  'POST /api/v1/cases/{id}/flags': inside(only(['admin', 'supervisor'], 201), only(['admin', 'supervisor'], 404)),
  'GET /api/v1/cases/{id}/complainant-history': inside(200, 404),
} satisfies Record<string, Row>;
type Key = keyof typeof rows;

const tenantsWithDepartments = ['merchantA', 'platform', 'opsco', 'merchantB', 'otherPlatform'] as const;
const departments: Record<string, string> = {};

function requests(env: MatrixEnv) {
  const { w, fx, newCase, next } = env;
  const agent = () => w.tokens['merchantA:agent']!;
  const supervisor = () => w.tokens['merchantA:supervisor']!;
  const caseUrl = (k: CaseFixture) => `/api/v1/cases/${k.id}`;
  async function offerOn(s: Subject, amountFen: number, sent = false) {
    const k = await newCase(s);
    const o = ok(
      await w.req(agent(), 'POST', `${caseUrl(k)}/offers`, { type: 'refund', amountFen, description: '退款补偿' }),
      201,
      'offer',
    ).body;
    if (sent) ok(await w.req(agent(), 'POST', `${caseUrl(k)}/offers/${o.id}/send`, {}), 200, 'send offer');
    return { k, offerId: o.id as string };
  }
  async function linkTo(k: CaseFixture) {
    return ok(await w.req(agent(), 'POST', `${caseUrl(k)}/access-links`, { days: 30 }), 201, 'link').body
      .token as string;
  }
  async function resolvedCase(s: Subject) {
    const k = await newCase(s);
    const url = caseUrl(k);
    ok(await w.req(agent(), 'POST', `${url}/assign`, { assigneeId: w.userIds['merchantA:agent'] }), 200, 'assign');
    const next: Record<string, Record<string, string>> = {
      awaiting_customer: { action: 'customer_replied' },
      submitted: { action: 'accept' },
      accepted: { action: 'start' },
      in_progress: { action: 'resolve', resolution: '已退款' },
    };
    let status = ok(await w.req(agent(), 'GET', url), 200, 'case').body.status as string;
    for (let i = 0; i < 5 && status !== 'resolved'; i++) {
      const step = next[status];
      if (!step) throw new Error(`fixture resolved case: stuck in ${status}`);
      status = ok(await w.req(agent(), 'POST', `${url}/actions`, step), 200, step.action!).body.status;
    }
    return k;
  }
  /** A case the platform forwarded to merchantA, optionally answered by merchantA (`reply` or `dispute`). */
  async function forwarded(s: Subject, answer?: 'reply' | 'dispute') {
    const k = await newCase(s);
    ok(await w.req(w.tokens['platform:agent']!, 'POST', `${caseUrl(k)}/forward`, {}), 201, 'forward');
    if (answer)
      ok(await w.req(agent(), 'POST', `${caseUrl(k)}/forward/reply`, { kind: answer, text: '已核实' }), 200, 'reply');
    return k;
  }
  const r: Requests<Key> = {
    'GET /api/v1/resolution-policy': () => ({ url: '/api/v1/resolution-policy' }),
    'PATCH /api/v1/resolution-policy': () => ({ url: '/api/v1/resolution-policy', payload: { followUpDays: 3 } }),
    'GET /api/v1/departments': () => ({ url: '/api/v1/departments' }),
    'POST /api/v1/departments': () => ({ url: '/api/v1/departments', payload: { code: `d${next()}`, name: '售后部' } }),
    'GET /api/v1/routing-rules': () => ({ url: '/api/v1/routing-rules' }),
    'POST /api/v1/routing-rules': (c) => ({
      url: '/api/v1/routing-rules',
      payload: {
        priority: 10_000 + next(),
        category: 'price',
        severity: 4,
        departmentId: departments[c.tenant ?? 'merchantA'],
      },
    }),
    'DELETE /api/v1/routing-rules/{id}': async () => {
      const rule = ok(
        await w.req(supervisor(), 'POST', '/api/v1/routing-rules', {
          priority: 20_000 + next(),
          category: 'price',
          severity: 4,
          departmentId: departments.merchantA,
        }),
        201,
        'rule',
      ).body;
      return { url: `/api/v1/routing-rules/${rule.id}` };
    },
    'GET /api/v1/cases/{id}/collaborators': (_c, s) => ({ url: `${caseUrl(fx[s])}/collaborators` }),
    // The colleague and the department are the caller's own (a foreign caller's never get that far).
    'POST /api/v1/cases/{id}/collaborators': async (c, s) => {
      const k = await newCase(s);
      const t = c.tenant ?? 'merchantA';
      return {
        url: `${caseUrl(k)}/collaborators`,
        payload: { userId: w.userIds[`${t}:supervisor`], departmentId: departments[t] },
        secrets: k.secrets,
      };
    },
    'POST /api/v1/cases/{id}/investigation-notes': async (_c, s) => {
      const k = await newCase(s);
      return { url: `${caseUrl(k)}/investigation-notes`, payload: { findings: '仓库漏检' }, secrets: k.secrets };
    },
    'GET /api/v1/root-causes/systemic': () => ({ url: '/api/v1/root-causes/systemic' }),
    'GET /api/v1/cases/{id}/offers': (_c, s) => ({ url: `${caseUrl(fx[s])}/offers` }),
    'POST /api/v1/cases/{id}/offers': async (_c, s) => {
      const k = await newCase(s);
      return {
        url: `${caseUrl(k)}/offers`,
        payload: { type: 'coupon', amountFen: 1000, description: '10元券' },
        secrets: k.secrets,
      };
    },
    'POST /api/v1/cases/{id}/offers/{offerId}/approve': async (_c, s) => {
      const { k, offerId } = await offerOn(s, 20_000);
      return { url: `${caseUrl(k)}/offers/${offerId}/approve`, payload: {}, secrets: k.secrets };
    },
    'POST /api/v1/cases/{id}/offers/{offerId}/decline': async (_c, s) => {
      const { k, offerId } = await offerOn(s, 20_000);
      return { url: `${caseUrl(k)}/offers/${offerId}/decline`, payload: { note: '金额过高' }, secrets: k.secrets };
    },
    'POST /api/v1/cases/{id}/offers/{offerId}/send': async (_c, s) => {
      const { k, offerId } = await offerOn(s, 1000);
      return { url: `${caseUrl(k)}/offers/${offerId}/send`, payload: {}, secrets: k.secrets };
    },
    'POST /api/v1/cases/{id}/offers/{offerId}/withdraw': async (_c, s) => {
      const { k, offerId } = await offerOn(s, 1000);
      return { url: `${caseUrl(k)}/offers/${offerId}/withdraw`, payload: {}, secrets: k.secrets };
    },
    'POST /api/v1/cases/{id}/offers/{offerId}/answer': async (_c, s) => {
      const { k, offerId } = await offerOn(s, 1000, true);
      return { url: `${caseUrl(k)}/offers/${offerId}/answer`, payload: { answer: 'accept' }, secrets: k.secrets };
    },
    'GET /api/v1/access/{token}/offers': (_c, s) => ({ url: `/api/v1/access/${fx[s].link}/offers` }),
    'POST /api/v1/access/{token}/offers/{offerId}/answer': async (_c, s) => {
      const { k, offerId } = await offerOn(s, 1000, true);
      const token = await linkTo(k);
      return {
        url: `/api/v1/access/${token}/offers/${offerId}/answer`,
        payload: { answer: 'accept' },
        secrets: k.secrets,
        shows: k.secrets,
      };
    },
    'GET /api/v1/cases/{id}/promises': (_c, s) => ({ url: `${caseUrl(fx[s])}/promises` }),
    'POST /api/v1/cases/{id}/promises': async (_c, s) => {
      const k = await newCase(s);
      return {
        url: `${caseUrl(k)}/promises`,
        payload: {
          kind: 'callback',
          description: '明天回电',
          dueAt: new Date(w.now.getTime() + 86_400_000).toISOString(),
        },
        secrets: k.secrets,
      };
    },
    'POST /api/v1/cases/{id}/promises/{promiseId}/settle': async (_c, s) => {
      const k = await newCase(s);
      const p = ok(
        await w.req(agent(), 'POST', `${caseUrl(k)}/promises`, {
          kind: 'callback',
          description: '明天回电',
          dueAt: new Date(w.now.getTime() + 86_400_000).toISOString(),
        }),
        201,
        'promise',
      ).body;
      return {
        url: `${caseUrl(k)}/promises/${p.id}/settle`,
        payload: { outcome: 'kept', note: '已回电' },
        secrets: k.secrets,
      };
    },
    'GET /api/v1/promises/overdue': () => ({ url: '/api/v1/promises/overdue' }),
    'GET /api/v1/cases/{id}/follow-ups': (_c, s) => ({ url: `${caseUrl(fx[s])}/follow-ups` }),
    'POST /api/v1/cases/{id}/follow-up': async (_c, s) => {
      const k = await resolvedCase(s);
      return { url: `${caseUrl(k)}/follow-up`, payload: { rating: 5, comment: '满意' }, secrets: k.secrets };
    },
    'GET /api/v1/follow-ups/due': () => ({ url: '/api/v1/follow-ups/due' }),
    'POST /api/v1/access/{token}/follow-up': async (_c, s) => {
      const k = await resolvedCase(s);
      const token = await linkTo(k);
      return { url: `/api/v1/access/${token}/follow-up`, payload: { rating: 5 }, secrets: k.secrets, shows: k.secrets };
    },
    'POST /api/v1/cases/{id}/forward': async (_c, s) => {
      const k = await newCase(s);
      return { url: `${caseUrl(k)}/forward`, payload: { replyHours: 48, note: '请48小时内答复' }, secrets: k.secrets };
    },
    'POST /api/v1/cases/{id}/forward/reply': async (_c, s) => {
      const k = await forwarded(s);
      return { url: `${caseUrl(k)}/forward/reply`, payload: { kind: 'reply', text: '已补发' }, secrets: k.secrets };
    },
    'POST /api/v1/cases/{id}/forward/disagreement': async (_c, s) => {
      const k = await forwarded(s, 'reply');
      return { url: `${caseUrl(k)}/forward/disagreement`, payload: { text: '双方各执一词' }, secrets: k.secrets };
    },
    'POST /api/v1/cases/{id}/forward/ruling': async (_c, s) => {
      const k = await forwarded(s, 'dispute');
      return {
        url: `${caseUrl(k)}/forward/ruling`,
        payload: { ruling: 'dismiss', text: '证据不足' },
        secrets: k.secrets,
      };
    },
    'GET /api/v1/cases/{id}/forwards': (_c, s) => ({ url: `${caseUrl(fx[s])}/forwards` }),
    'POST /api/v1/cases/{id}/side-notes': async (_c, s) => {
      const k = await newCase(s);
      return { url: `${caseUrl(k)}/side-notes`, payload: { body: '内部备注' }, secrets: k.secrets };
    },
    'GET /api/v1/cases/{id}/side-notes': (_c, s) => ({ url: `${caseUrl(fx[s])}/side-notes` }),
    'POST /api/v1/cases/{id}/escalations': async (_c, s) => {
      const k = await newCase(s);
      return {
        url: `${caseUrl(k)}/escalations`,
        payload: { target: 'supervisor', note: '升级主管' },
        secrets: k.secrets,
      };
    },
    'GET /api/v1/cases/{id}/escalations': (_c, s) => ({ url: `${caseUrl(fx[s])}/escalations` }),
    'PATCH /api/v1/cases/{id}/escalations/{escalationId}': async (_c, s) => {
      const k = await newCase(s);
      const e = ok(
        await w.req(agent(), 'POST', `${caseUrl(k)}/escalations`, { target: 'supervisor' }),
        201,
        'escalation',
      ).body;
      return {
        url: `${caseUrl(k)}/escalations/${e.id}`,
        payload: { outcome: '主管已处理' },
        secrets: k.secrets,
      };
    },
    'GET /api/v1/cases/{id}/dossier': (_c, s) => ({ url: `${caseUrl(fx[s])}/dossier` }),
    'POST /api/v1/cases/{id}/flags': async (_c, s) => {
      const k = await newCase(s);
      return {
        url: `${caseUrl(k)}/flags`,
        payload: { kind: 'false_claim', note: '照片与订单不符' },
        secrets: k.secrets,
      };
    },
    'GET /api/v1/cases/{id}/complainant-history': (_c, s) => ({ url: `${caseUrl(fx[s])}/complainant-history` }),
  };
  return r;
}

async function setup({ w, next }: MatrixEnv) {
  for (const t of tenantsWithDepartments) {
    const d = ok(
      await w.req(w.tokens[`${t}:admin`]!, 'POST', '/api/v1/departments', { code: `m${next()}`, name: '客服部' }),
      201,
      'department',
    ).body;
    departments[t] = d.id;
  }
}

export const resolutionMatrix: MatrixPart<Key> = { rows, requests, setup };
