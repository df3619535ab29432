import { evidenceUpload } from './http-checks.ts';
import { ruledCase } from './sanctions.ts';
import { complaintBody, orderBody, type World } from './world.ts';

/** What a call points at: a case (awaiting the customer) and an order of merchantA, and what hangs off them. */
export interface Target {
  caseId: string;
  orderId: string;
  orderNumber: string;
  /** An upload on the case, and one on the forwarded case. */
  evidenceId: string;
  forwardedEvidenceId: string;
  /** The complainant's access link to the case. */
  linkToken: string;
  /** Offers on the case: waiting for a supervisor's approval, a draft within the agent's limit, one sent. */
  approvalOfferId: string;
  draftOfferId: string;
  sentOfferId: string;
  promiseId: string;
  escalationId: string;
  /** A resolved case and its link, for follow-ups. */
  resolvedCaseId: string;
  resolvedLinkToken: string;
  /** Cases the platform forwarded to merchantA: awaiting the reply, replied, disputed. */
  forwardedCaseId: string;
  repliedCaseId: string;
  disputedCaseId: string;
  /** An SLA policy and a department of merchantA. */
  slaPolicyId: string;
  departmentId: string;
  /** A case ruled "record_violation" against merchantA, a sanction citing it, and one already appealed. */
  violationCaseId: string;
  sanctionId: string;
  appealedSanctionId: string;
  /** A canned response of merchantA. */
  cannedResponseId: string;
  /** A bad-review case of merchantA and an open request to revise the review. */
  badReviewCaseId: string;
  revisionRequestId: string;
  /** An IM/social intake source of merchantA, and a second case to merge the first into. */
  intakeSourceId: string;
  mergeIntoCaseId: string;
  /** A member of merchantA (its viewer), for the members routes. */
  memberId: string;
}

let seq = 0;
const next = () => `${process.pid}-${++seq}`;
const day = 86_400_000;
/** A complainant of their own per case: a flag on one (POST …/flags) must not change how the others are handled. */
const complainant = () => {
  const n = String(++seq).padStart(8, '0');
  return { name: '张三', phone: `136${n}`, email: `zhang${n}@example.cn` };
};

/** Fails fixture building loudly. */
async function must(res: Promise<{ status: number; body: any }>, status: number, what: string) {
  const r = await res;
  if (r.status !== status) throw new Error(`fixture ${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Makes a fresh case and order as merchantA's agent, and everything the routes below point at. */
export async function newTarget(w: World): Promise<Target> {
  const agent = w.tokens['merchantA:agent']!;
  const admin = w.tokens['merchantA:admin']!;
  const platform = w.tokens['platform:agent']!;
  const order = await w.req(agent, 'POST', '/api/v1/orders', orderBody());
  const c = await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ complainant: complainant() }));
  if (order.status !== 201 || c.status !== 201)
    throw new Error(`fixture failed: ${order.status} ${c.status} ${JSON.stringify(c.body)}`);
  const caseId = c.body.id as string;
  const url = `/api/v1/cases/${caseId}`;
  const newCase = async () =>
    (await must(w.req(agent, 'POST', '/api/v1/cases', complaintBody({ complainant: complainant() })), 201, 'case')).id;
  const offer = (amountFen: number) =>
    must(w.req(agent, 'POST', `${url}/offers`, { type: 'refund', amountFen, description: '退款' }), 201, 'offer');
  const approvalOfferId = (await offer(20_000)).id;
  const draftOfferId = (await offer(1000)).id;
  const sentOfferId = (await offer(1000)).id;
  await must(w.req(agent, 'POST', `${url}/offers/${sentOfferId}/send`, {}), 200, 'send');
  const link = await must(w.req(agent, 'POST', `${url}/access-links`, { days: 30 }), 201, 'link');
  const promise = await must(
    w.req(agent, 'POST', `${url}/promises`, {
      kind: 'callback',
      description: '明天回电',
      dueAt: new Date(w.now.getTime() + day).toISOString(),
    }),
    201,
    'promise',
  );
  const escalation = await must(
    w.req(agent, 'POST', `${url}/escalations`, { target: 'supervisor' }),
    201,
    'escalation',
  );
  // A resolved case: assigned, then moved along until it is.
  const resolvedCaseId = await newCase();
  const r = `/api/v1/cases/${resolvedCaseId}`;
  await must(w.req(agent, 'POST', `${r}/assign`, { assigneeId: w.userIds['merchantA:agent'] }), 200, 'assign');
  const steps: Record<string, Record<string, string>> = {
    awaiting_customer: { action: 'customer_replied' },
    submitted: { action: 'accept' },
    accepted: { action: 'start' },
    in_progress: { action: 'resolve', resolution: '已退款' },
  };
  let status = (await must(w.req(agent, 'GET', r), 200, 'case')).status as string;
  while (status !== 'resolved') {
    if (!steps[status]) throw new Error(`fixture resolved case: stuck in ${status}`);
    status = (await must(w.req(agent, 'POST', `${r}/actions`, steps[status]), 200, 'action')).status;
  }
  const resolvedLink = await must(w.req(agent, 'POST', `${r}/access-links`, { days: 30 }), 201, 'link');
  const upload = async (id: string) => {
    const { payload, headers } = evidenceUpload();
    return (await must(w.req(agent, 'POST', `/api/v1/cases/${id}/evidence`, payload, headers), 201, 'evidence')).id;
  };
  const forwardedTo = async (answer?: 'reply' | 'dispute') => {
    const id = await newCase();
    await must(w.req(platform, 'POST', `/api/v1/cases/${id}/forward`, {}), 201, 'forward');
    if (answer)
      await must(
        w.req(agent, 'POST', `/api/v1/cases/${id}/forward/reply`, { kind: answer, text: '已核实' }),
        200,
        'reply',
      );
    return id as string;
  };
  const forwardedCaseId = await forwardedTo();
  const policy = await must(
    w.req(admin, 'POST', '/api/v1/sla/policies', {
      name: `坏输入${next()}`,
      targets: { resolution: { amount: 3, unit: 'working_days' } },
      active: false,
    }),
    201,
    'sla policy',
  );
  const department = await must(
    w.req(admin, 'POST', '/api/v1/departments', { code: `t${next().replace(/\D/g, '')}`, name: '仓库' }),
    201,
    'department',
  );
  return {
    caseId,
    orderId: order.body.id,
    orderNumber: order.body.orderNumber,
    linkToken: link.token,
    approvalOfferId,
    draftOfferId,
    sentOfferId,
    promiseId: promise.id,
    escalationId: escalation.id,
    resolvedCaseId,
    resolvedLinkToken: resolvedLink.token,
    evidenceId: await upload(caseId),
    forwardedEvidenceId: await upload(forwardedCaseId),
    forwardedCaseId,
    repliedCaseId: await forwardedTo('reply'),
    disputedCaseId: await forwardedTo('dispute'),
    slaPolicyId: policy.id,
    departmentId: department.id,
    ...(await sanctionFixtures(w)),
    cannedResponseId: (
      await must(
        w.req(admin, 'POST', '/api/v1/canned-responses', { title: `模板${next()}`, body: '{{客户姓名}}您好' }),
        201,
        'canned response',
      )
    ).id,
    ...(await badReviewWithRequest(w, agent)),
    intakeSourceId: (
      await must(w.req(admin, 'POST', '/api/v1/intake-sources', { kind: 'weibo', name: '官方微博' }), 201, 'source')
    ).id,
    mergeIntoCaseId: await newCase(),
    memberId: w.userIds['merchantA:viewer']!,
  };
}

async function sanctionFixtures(w: World) {
  const violationCaseId = (await ruledCase(w)).id;
  const sanction = () =>
    must(
      w.req(w.tokens['platform:supervisor']!, 'POST', '/api/v1/sanctions', {
        memberTenantId: w.tenants.merchantA,
        type: 'warning',
        reason: '未按时发货',
        caseIds: [violationCaseId],
      }),
      201,
      'sanction',
    );
  const sanctionId = (await sanction()).id as string;
  const appealedSanctionId = (await sanction()).id as string;
  await must(
    w.req(w.tokens['merchantA:admin']!, 'POST', `/api/v1/sanctions/${appealedSanctionId}/appeal`, { reason: '申诉' }),
    200,
    'appeal',
  );
  return { violationCaseId, sanctionId, appealedSanctionId };
}

async function badReviewWithRequest(w: World, agent: string) {
  const review = await must(
    w.req(agent, 'POST', '/api/v1/cases', {
      kind: 'bad_review',
      channel: 'review',
      complainant: complainant(),
      reason: '一星差评：桌子有裂纹',
      reviewRating: 1,
    }),
    201,
    'bad review',
  );
  const asked = await must(
    w.req(agent, 'POST', `/api/v1/cases/${review.id}/revision-requests`, { channel: 'im', message: '您好，已补发' }),
    201,
    'revision request',
  );
  return { badReviewCaseId: review.id as string, revisionRequestId: asked.id as string };
}

export interface JsonRoute {
  /** Whose token (a key of world.tokens), or null for a public route. */
  caller: string | null;
  url(t: Target): string;
  /** A body the route accepts, with every optional field filled in: each bad body changes one thing in it. */
  body(w: World, t: Target): Record<string, unknown>;
  /** What the good body gets. */
  ok: number;
  /** The free-text field to corrupt with bad bytes (a JSON pointer). */
  text?: string;
  /** Fields where a NUL byte is never stored as text, so it is not a 400, and what the route answers instead. */
  nulAnswers?: Record<string, number>;
}

/** Every route taking a JSON body, keyed like the OpenAPI document ("METHOD /path/{param}"). */
/** The targets of an SLA policy made or changed by the routes below. */
const policyTargets = {
  acceptance: { amount: 1, unit: 'working_days' },
  first_response: { amount: 4, unit: 'working_hours' },
  respondent_reply: { amount: 48, unit: 'calendar_hours' },
  resolution: { amount: 3, unit: 'working_days' },
};

export const jsonRoutes: Record<string, JsonRoute> = {
  'POST /api/v1/auth/login': {
    caller: null,
    url: () => '/api/v1/auth/login',
    body: () => ({ email: 'agent@merchanta.test', password: 'correct horse battery', tenant: 'ma' }),
    ok: 200,
    nulAnswers: { '/password': 401, '/tenant': 403 },
  },
  'PATCH /api/v1/tenants/current': {
    caller: 'merchantA:admin',
    url: () => '/api/v1/tenants/current',
    body: () => ({
      name: '商家甲',
      afterSalesDays: 15,
      contactTiming: {
        windowStart: '09:00',
        windowEnd: '21:00',
        maxCallsPerDay: 3,
        workingDaysOnly: false,
        defaultTimeZone: 'Asia/Shanghai',
      },
    }),
    ok: 200,
  },
  'POST /api/v1/members': {
    caller: 'merchantA:admin',
    url: () => '/api/v1/members',
    body: () => ({
      email: `m${next()}@bad-input.test`,
      displayName: '新同事',
      password: 'a long enough password',
      role: 'viewer',
    }),
    ok: 201,
    text: '/displayName',
    nulAnswers: { '/password': 201 },
  },
  // The viewer keeps the role they have: a good body changes nothing the other suites rely on.
  'PATCH /api/v1/members/{id}': {
    caller: 'merchantA:admin',
    url: (t) => `/api/v1/members/${t.memberId}`,
    body: () => ({ role: 'viewer' }),
    ok: 200,
  },
  'POST /api/v1/orders': {
    caller: 'merchantA:agent',
    url: () => '/api/v1/orders',
    body: (w) =>
      orderBody({
        orderNumber: `BI${next()}`,
        sellerTenantId: w.tenants.merchantA,
        items: [{ sku: 'SKU-1', name: '实木餐桌', quantity: 1, priceFen: 129900 }],
        state: 'completed',
        placedAt: '2026-10-20T08:00:00Z',
        completedAt: '2026-10-25T08:00:00+08:00',
      }),
    ok: 201,
    text: '/buyerName',
  },
  'POST /api/v1/orders/{id}/state': {
    caller: 'merchantA:agent',
    url: (t) => `/api/v1/orders/${t.orderId}/state`,
    body: () => ({ state: 'completed', completedAt: '2026-10-30T08:00:00Z' }),
    ok: 200,
  },
  'POST /api/v1/cases': {
    caller: 'merchantA:agent',
    url: () => '/api/v1/cases',
    body: (w, t) =>
      complaintBody({
        respondentTenantId: w.tenants.merchantA,
        orderNumber: t.orderNumber,
        complainant: { name: '张三', phone: '13812345678', email: 'zhang@example.com', idNumber: '11010519491231002X' },
        severity: 2,
        reviewRating: 1,
      }),
    ok: 201,
    text: '/reason',
  },
  'PATCH /api/v1/cases/{id}': {
    caller: 'merchantA:agent',
    url: (t) => `/api/v1/cases/${t.caseId}`,
    body: (_w, t) => ({
      complainant: { name: '张三丰', phone: '+86 138 1234 5678', email: 'zsf@example.com', idNumber: 'A1234567' },
      orderNumber: t.orderNumber,
      reason: '补充：桌面有划痕',
      expectedResolution: 'exchange',
      category: 'product_quality',
      severity: 3,
      reviewRating: 2,
    }),
    ok: 200,
    text: '/reason',
  },
  'POST /api/v1/cases/{id}/actions': {
    caller: 'merchantA:agent',
    url: (t) => `/api/v1/cases/${t.caseId}/actions`,
    body: () => ({
      action: 'escalate',
      reason: '顾客要求主管处理',
      resolution: '先行赔付',
      rootCause: { type: 'accidental', text: '仓库漏检' },
      expectedVersion: 1,
    }),
    ok: 200,
    text: '/reason',
  },
  'POST /api/v1/cases/{id}/assign': {
    caller: 'merchantA:agent',
    url: (t) => `/api/v1/cases/${t.caseId}/assign`,
    body: (w) => ({ assigneeId: w.userIds['merchantA:supervisor'], reason: '交接给值班主管' }),
    ok: 200,
    text: '/reason',
  },
  'POST /api/v1/cases/{id}/notes': {
    caller: 'merchantA:agent',
    url: (t) => `/api/v1/cases/${t.caseId}/notes`,
    body: () => ({ body: '已致电顾客，约定明天上门取件', visibility: 'customer' }),
    ok: 201,
    text: '/body',
  },
  'POST /api/v1/cases/{id}/access-links': {
    caller: 'merchantA:agent',
    url: (t) => `/api/v1/cases/${t.caseId}/access-links`,
    body: () => ({ days: 30 }),
    ok: 201,
  },
  ...resolutionRoutes(),
  ...textSlaAndChannelRoutes(),
  'POST /api/v1/calls': {
    caller: 'merchantA:agent',
    url: () => '/api/v1/calls',
    // A new hotline case (caseId and createCase exclude each other; a wrong /caseId is refused by the schema first).
    body: (w, t) => ({
      createCase: {
        kind: 'complaint',
        reason: '来电反映餐桌桌面开裂，要求退货退款。',
        respondentTenantId: w.tenants.merchantA,
        orderNumber: t.orderNumber,
        expectedResolution: 'return_refund',
        category: 'logistics_delay',
        severity: 2,
      },
      direction: 'inbound',
      caller: { name: '张三', phone: '13812345678', address: '广东省深圳市南山区' },
      startedAt: new Date(w.now.getTime() - 3_600_000).toISOString(),
      durationSeconds: 120,
      recordingRef: 'pbx://rec/bad-input',
      summary: '回电说明补发安排',
    }),
    ok: 201,
    text: '/summary',
  },
  ...privacyRoutes(),
};

/** PIPL: the retention policy and requests about a person (nobody the fixtures know: erasing changes nothing). */
function privacyRoutes(): Record<string, JsonRoute> {
  const subject = () => ({
    phone: '+86 139 0000 0001',
    email: 'nobody@bad-input.test',
    idNumber: '44030519800101123X',
  });
  return {
    'PUT /api/v1/privacy/settings': {
      caller: 'merchantA:admin',
      url: () => '/api/v1/privacy/settings',
      body: () => ({ retentionMonths: 36 }),
      ok: 200,
    },
    'POST /api/v1/privacy/exports': {
      caller: 'merchantA:admin',
      url: () => '/api/v1/privacy/exports',
      body: subject,
      ok: 200,
    },
    'POST /api/v1/privacy/erasures': {
      caller: 'merchantA:admin',
      url: () => '/api/v1/privacy/erasures',
      body: subject,
      ok: 200,
    },
  };
}

/**
 * Routes that change something but take no JSON body: logout and the uploads are tested by hand
 * (bad-input-raw, bad-input-uploads); the others take nothing but their path parameter (bad-input-paths).
 */
export const otherMutatingRoutes = [
  'POST /api/v1/auth/logout',
  'POST /api/v1/cases/{id}/evidence',
  'POST /api/v1/access/{token}/evidence',
  'DELETE /api/v1/routing-rules/{id}',
  'DELETE /api/v1/sla/policies/{id}',
  'POST /api/v1/notifications/{id}/read',
  'POST /api/v1/notifications/read-all',
  'DELETE /api/v1/webhooks/endpoints/{id}',
  'POST /api/v1/webhooks/deliveries/{id}/redeliver',
  'POST /api/v1/mail/quarantine/{id}/retry',
  'DELETE /api/v1/canned-responses/{id}',
  'DELETE /api/v1/members/{id}',
  // Multipart upload: its refusals (not multipart, no file, bad mapping, unreadable file) are in imports.test.ts.
  'POST /api/v1/imports/{kind}',
];

const inDays = (w: World, days: number) => new Date(w.now.getTime() + days * day).toISOString();

/** Routing, offers, promises, follow-ups, forwarding, side notes, escalations and flags. */
function resolutionRoutes(): Record<string, JsonRoute> {
  const decision = (name: string, caller: string, offer: (t: Target) => string): [string, JsonRoute] => [
    `POST /api/v1/cases/{id}/offers/{offerId}/${name}`,
    {
      caller,
      url: (t) => `/api/v1/cases/${t.caseId}/offers/${offer(t)}/${name}`,
      body: () => ({ note: '按政策处理' }),
      ok: 200,
      text: '/note',
    },
  ];
  return {
    'PATCH /api/v1/resolution-policy': {
      caller: 'merchantA:admin',
      url: () => '/api/v1/resolution-policy',
      body: () => ({
        agentLimitFen: 5_000,
        supervisorLimitFen: 50_000,
        followUpDays: 3,
        reopenWindowDays: 7,
        replyHours: 48,
      }),
      ok: 200,
    },
    'POST /api/v1/departments': {
      caller: 'merchantA:admin',
      url: () => '/api/v1/departments',
      body: () => ({ code: `d${next().replace(/\D/g, '')}`, name: '仓储部' }),
      ok: 201,
      text: '/name',
    },
    'POST /api/v1/routing-rules': {
      caller: 'merchantA:supervisor',
      url: () => '/api/v1/routing-rules',
      body: (w, t) => ({
        priority: 1000 + ++seq,
        category: 'price',
        kind: 'inquiry',
        channel: 'forum',
        respondentTenantId: w.tenants.merchantA,
        severity: 4,
        departmentId: t.departmentId,
        assigneeId: w.userIds['merchantA:agent'],
      }),
      ok: 201,
    },
    'POST /api/v1/cases/{id}/collaborators': {
      caller: 'merchantA:agent',
      url: (t) => `/api/v1/cases/${t.caseId}/collaborators`,
      body: (w, t) => ({ userId: w.userIds['merchantA:supervisor'], departmentId: t.departmentId }),
      ok: 201,
    },
    'POST /api/v1/cases/{id}/investigation-notes': {
      caller: 'merchantA:supervisor',
      url: (t) => `/api/v1/cases/${t.caseId}/investigation-notes`,
      body: (_w, t) => ({ findings: '仓库出库前未做开箱检查', departmentId: t.departmentId }),
      ok: 201,
      text: '/findings',
    },
    'POST /api/v1/cases/{id}/offers': {
      caller: 'merchantA:agent',
      url: (t) => `/api/v1/cases/${t.caseId}/offers`,
      body: (w) => ({ type: 'refund', amountFen: 1000, description: '退款10元', promiseDueAt: inDays(w, 2) }),
      ok: 201,
      text: '/description',
    },
    ...Object.fromEntries([
      decision('approve', 'merchantA:admin', (t) => t.approvalOfferId),
      decision('decline', 'merchantA:admin', (t) => t.approvalOfferId),
      decision('send', 'merchantA:agent', (t) => t.draftOfferId),
      decision('withdraw', 'merchantA:agent', (t) => t.draftOfferId),
    ]),
    'POST /api/v1/cases/{id}/offers/{offerId}/answer': {
      caller: 'merchantA:agent',
      url: (t) => `/api/v1/cases/${t.caseId}/offers/${t.sentOfferId}/answer`,
      body: () => ({ answer: 'counter', note: '顾客希望多退一些', counterAmountFen: 1500 }),
      ok: 200,
      text: '/note',
    },
    'POST /api/v1/access/{token}/offers/{offerId}/answer': {
      caller: null,
      url: (t) => `/api/v1/access/${t.linkToken}/offers/${t.sentOfferId}/answer`,
      body: () => ({ answer: 'counter', note: '希望多退一些', counterAmountFen: 1500 }),
      ok: 200,
      text: '/note',
    },
    'POST /api/v1/cases/{id}/promises': {
      caller: 'merchantA:agent',
      url: (t) => `/api/v1/cases/${t.caseId}/promises`,
      body: (w) => ({
        kind: 'reshipment',
        description: '明天补发',
        dueAt: inDays(w, 1),
        ownerId: w.userIds['merchantA:agent'],
      }),
      ok: 201,
      text: '/description',
    },
    'POST /api/v1/cases/{id}/promises/{promiseId}/settle': {
      caller: 'merchantA:agent',
      url: (t) => `/api/v1/cases/${t.caseId}/promises/${t.promiseId}/settle`,
      body: (_w, t) => ({ outcome: 'kept', note: '已回电', evidenceId: t.evidenceId }),
      ok: 200,
      text: '/note',
    },
    'POST /api/v1/cases/{id}/follow-up': {
      caller: 'merchantA:agent',
      url: (t) => `/api/v1/cases/${t.resolvedCaseId}/follow-up`,
      body: () => ({ rating: 5, comment: '满意' }),
      ok: 200,
      text: '/comment',
    },
    'POST /api/v1/access/{token}/follow-up': {
      caller: null,
      url: (t) => `/api/v1/access/${t.resolvedLinkToken}/follow-up`,
      body: () => ({ rating: 4, comment: '处理得还行' }),
      ok: 200,
      text: '/comment',
    },
    'POST /api/v1/cases/{id}/forward': {
      caller: 'platform:agent',
      url: (t) => `/api/v1/cases/${t.caseId}/forward`,
      body: () => ({ replyHours: 48, note: '请48小时内答复' }),
      ok: 201,
      text: '/note',
    },
    'POST /api/v1/cases/{id}/forward/reply': {
      caller: 'merchantA:agent',
      url: (t) => `/api/v1/cases/${t.forwardedCaseId}/forward/reply`,
      body: (_w, t) => ({ kind: 'proposal', text: '愿意补偿50元', evidenceIds: [t.forwardedEvidenceId] }),
      ok: 200,
      text: '/text',
    },
    'POST /api/v1/cases/{id}/forward/disagreement': {
      caller: 'platform:agent',
      url: (t) => `/api/v1/cases/${t.repliedCaseId}/forward/disagreement`,
      body: () => ({ text: '双方各执一词' }),
      ok: 200,
      text: '/text',
    },
    'POST /api/v1/cases/{id}/forward/ruling': {
      caller: 'platform:supervisor',
      url: (t) => `/api/v1/cases/${t.disputedCaseId}/forward/ruling`,
      body: () => ({ ruling: 'order_compensation', text: '商家补偿50元', amountFen: 5000 }),
      ok: 200,
      text: '/text',
    },
    'POST /api/v1/cases/{id}/side-notes': {
      caller: 'merchantA:agent',
      url: (t) => `/api/v1/cases/${t.caseId}/side-notes`,
      body: () => ({ body: '顾客情绪激动，注意措辞' }),
      ok: 201,
      text: '/body',
    },
    'POST /api/v1/cases/{id}/escalations': {
      caller: 'merchantA:agent',
      url: (t) => `/api/v1/cases/${t.caseId}/escalations`,
      body: (w) => ({
        target: 'consumer_association',
        bodyName: '北京市消费者协会',
        referenceNumber: 'XF-2026-001',
        submittedAt: inDays(w, -1),
        note: '顾客已向消协投诉',
      }),
      ok: 201,
      text: '/note',
    },
    'PATCH /api/v1/cases/{id}/escalations/{escalationId}': {
      caller: 'merchantA:agent',
      url: (t) => `/api/v1/cases/${t.caseId}/escalations/${t.escalationId}`,
      body: (w) => ({ referenceNumber: 'XF-2026-002', decidedAt: inDays(w, 0), outcome: '调解成功' }),
      ok: 200,
      text: '/outcome',
    },
    'POST /api/v1/cases/{id}/flags': {
      caller: 'merchantA:supervisor',
      url: (t) => `/api/v1/cases/${t.caseId}/flags`,
      body: (_w, t) => ({ kind: 'extortion', note: '以差评要挟索要高额赔偿', evidenceIds: [t.evidenceId] }),
      ok: 201,
      text: '/note',
    },
  };
}

/** Classification, SLA policies and hours, webhooks, replies by mail, inbound addresses, the public form. */
function textSlaAndChannelRoutes(): Record<string, JsonRoute> {
  return {
    'POST /api/v1/text/classify': {
      caller: 'merchantA:viewer',
      url: () => '/api/v1/text/classify',
      body: () => ({ text: '快递一直不到，要求退款', kind: 'complaint' }),
      ok: 200,
      text: '/text',
      // Classified and forgotten: the text is never stored, so a NUL byte in it is just another character.
      nulAnswers: { '/text': 200 },
    },
    'POST /api/v1/cases/{id}/classification/corrections': {
      caller: 'merchantA:agent',
      url: (t) => `/api/v1/cases/${t.caseId}/classification/corrections`,
      body: () => ({ category: 'product_quality', responsibleParty: 'logistics', severity: 3 }),
      ok: 200,
    },
    'POST /api/v1/sla/policies': {
      caller: 'merchantA:admin',
      url: () => '/api/v1/sla/policies',
      body: (w) => ({
        name: `坏输入规则${next()}`,
        preset: 'platform_merchant_reply_48h',
        match: { kind: 'complaint', channel: 'forum', severity: 4, respondentTenantId: w.tenants.merchantA },
        priority: 5,
        targets: policyTargets,
        onBreach: ['notify_supervisor'],
        active: false,
      }),
      ok: 201,
      text: '/name',
      // A preset is looked up by its key, never stored: a NUL byte in it names no preset.
      nulAnswers: { '/preset': 404 },
    },
    'PATCH /api/v1/sla/policies/{id}': {
      caller: 'merchantA:admin',
      url: (t) => `/api/v1/sla/policies/${t.slaPolicyId}`,
      body: (w) => ({
        name: `改名${next()}`,
        match: { kind: 'complaint', channel: 'forum', severity: 4, respondentTenantId: w.tenants.merchantA },
        priority: 6,
        targets: policyTargets,
        onBreach: ['raise_severity'],
        active: false,
      }),
      ok: 200,
      text: '/name',
    },
    'PUT /api/v1/sla/settings': {
      caller: 'merchantA:admin',
      url: () => '/api/v1/sla/settings',
      body: () => ({
        workStart: '09:00',
        workEnd: '18:00',
        lunch: { start: '12:00', end: '13:30' },
        closedDates: ['2026-12-31'],
      }),
      ok: 200,
    },
    'POST /api/v1/webhooks/endpoints': {
      caller: 'merchantA:admin',
      url: () => '/api/v1/webhooks/endpoints',
      body: () => ({ url: 'https://hooks.example.com/kesu', description: '工单系统', eventTypes: ['case.created'] }),
      ok: 201,
      text: '/description',
    },
    'POST /api/v1/cases/{id}/replies': {
      caller: 'merchantA:agent',
      url: (t) => `/api/v1/cases/${t.caseId}/replies`,
      body: (_w, t) => ({ text: '您好，已为您安排退款。', cannedResponseId: t.cannedResponseId }),
      ok: 201,
      text: '/text',
    },
    'POST /api/v1/mail/inbound-addresses': {
      caller: 'merchantA:admin',
      url: () => '/api/v1/mail/inbound-addresses',
      body: () => ({ address: `kefu-${next()}@bad-input.test` }),
      ok: 201,
    },
    'POST /api/v1/public/{tenantSlug}/complaints': {
      caller: null,
      url: () => '/api/v1/public/ma/complaints',
      // A new phone number each time: the form takes 3 a day per number.
      body: (_w, t) => ({
        orderNumber: t.orderNumber,
        name: '王五',
        phone: `137${String(++seq).padStart(8, '0')}`,
        email: 'wangwu@example.cn',
        reason: '买的台灯一开就跳闸。',
        expectedResolution: 'refund',
      }),
      ok: 201,
      text: '/reason',
    },
    'POST /api/v1/sanctions': {
      caller: 'platform:supervisor',
      url: () => '/api/v1/sanctions',
      body: (w, t) => ({
        memberTenantId: w.tenants.merchantA,
        type: 'public_notice',
        reason: '多次未按时发货',
        publicText: '商家甲多次未按时发货，予以公示。',
        startsAt: w.now.toISOString(),
        endsAt: new Date(w.now.getTime() + 7 * day).toISOString(),
        caseIds: [t.violationCaseId],
      }),
      ok: 201,
      text: '/reason',
    },
    'POST /api/v1/sanctions/{id}/appeal': {
      caller: 'merchantA:admin',
      url: (t) => `/api/v1/sanctions/${t.sanctionId}/appeal`,
      body: () => ({ reason: '物流延误，非我方原因', evidence: '物流单号 SF123456' }),
      ok: 200,
      text: '/reason',
    },
    'POST /api/v1/sanctions/{id}/appeal/decision': {
      caller: 'platform:supervisor',
      url: (t) => `/api/v1/sanctions/${t.appealedSanctionId}/appeal/decision`,
      body: () => ({ decision: 'revoked', reason: '核实为物流原因' }),
      ok: 200,
      text: '/reason',
    },
    'POST /api/v1/canned-responses': {
      caller: 'merchantA:admin',
      url: () => '/api/v1/canned-responses',
      body: () => ({ title: `致歉模板${next()}`, body: '{{客户姓名}}您好，订单{{订单号}}已处理。', category: 'price' }),
      ok: 201,
      text: '/body',
    },
    'PATCH /api/v1/canned-responses/{id}': {
      caller: 'merchantA:admin',
      url: (t) => `/api/v1/canned-responses/${t.cannedResponseId}`,
      body: () => ({ title: `改名${next()}`, body: '{{投诉编号}}已受理', category: null }),
      ok: 200,
      text: '/title',
    },
    'PUT /api/v1/imports/mappings/{kind}': {
      caller: 'merchantA:supervisor',
      url: () => '/api/v1/imports/mappings/reviews',
      body: () => ({ columns: { rating: '星级', text: '评价内容' } }),
      ok: 200,
    },
    'POST /api/v1/cases/{id}/revision-requests': {
      caller: 'merchantA:agent',
      url: (t) => `/api/v1/cases/${t.badReviewCaseId}/revision-requests`,
      body: () => ({ channel: 'im', message: '您好，问题已处理，方便时可以更新评价吗？' }),
      ok: 201,
      text: '/message',
    },
    'PATCH /api/v1/cases/{id}/revision-requests/{requestId}': {
      caller: 'merchantA:agent',
      url: (t) => `/api/v1/cases/${t.badReviewCaseId}/revision-requests/${t.revisionRequestId}`,
      body: () => ({ outcome: 'declined' }),
      ok: 200,
    },
    'POST /api/v1/analytics/responsibility/decisions': {
      caller: 'merchantA:supervisor',
      url: () => '/api/v1/analytics/responsibility/decisions',
      body: (w) => ({
        subjectType: 'person',
        subjectId: w.userIds['merchantA:agent'],
        kind: 'penalty',
        period: '2026-10',
        amountFen: 5000,
        reason: '承诺补发未兑现',
      }),
      ok: 201,
      text: '/reason',
    },
    'POST /api/v1/intake-sources': {
      caller: 'merchantA:admin',
      url: () => '/api/v1/intake-sources',
      body: () => ({ kind: 'xiaohongshu', name: '小红书官方号', raisePublicSeverity: false }),
      ok: 201,
      text: '/name',
    },
    'PATCH /api/v1/intake-sources/{id}': {
      caller: 'merchantA:admin',
      url: (t) => `/api/v1/intake-sources/${t.intakeSourceId}`,
      body: () => ({ name: '官方微博（新）', raisePublicSeverity: true, active: true, rotateSecret: false }),
      ok: 200,
      text: '/name',
    },
    'PUT /api/v1/intake-settings': {
      caller: 'merchantA:admin',
      url: () => '/api/v1/intake-settings',
      body: () => ({ duplicateWindowDays: 30, requireVerifiedPhone: false }),
      ok: 200,
    },
    // Validation comes before the signature check: a good but unsigned body is refused with 401, a bad one with 400.
    'POST /api/v1/intake/sources/{sourceId}/messages': {
      caller: null,
      url: (t) => `/api/v1/intake/sources/${t.intakeSourceId}/messages`,
      body: (_w, t) => ({
        messageId: `bad-input-${next()}`,
        type: 'public_post',
        author: { id: 'u-1', name: '网友小张', profileUrl: 'https://weibo.example.cn/u/1' },
        url: 'https://weibo.example.cn/p/1',
        text: '买的台灯一开就跳闸。',
        postedAt: '2026-11-02T01:00:00Z',
        orderNumber: t.orderNumber,
        phone: '13700000009',
        attachments: [{ url: 'https://img.example.cn/1.jpg', mime: 'image/jpeg' }],
      }),
      ok: 401,
      text: '/text',
      nulAnswers: { '/author/id': 401, '/author/name': 401, '/text': 401 },
    },
    'POST /api/v1/cases/{id}/merge': {
      caller: 'merchantA:supervisor',
      url: (t) => `/api/v1/cases/${t.caseId}/merge`,
      body: (_w, t) => ({ intoCaseId: t.mergeIntoCaseId, reason: '重复投诉' }),
      ok: 200,
    },
    'POST /api/v1/public/{tenantSlug}/phone-codes': {
      caller: null,
      url: () => '/api/v1/public/ma/phone-codes',
      // A new phone number each time: one code a minute per number.
      body: () => ({ phone: `138${String(++seq).padStart(8, '0')}` }),
      ok: 201,
    },
    'POST /api/v1/access/{token}/answers': {
      caller: null,
      url: (t) => `/api/v1/access/${t.linkToken}/answers`,
      body: (_w, t) => ({
        text: '包裹外箱有明显压痕。',
        orderNumber: t.orderNumber,
        expectedResolution: 'refund',
        phone: '13700000010',
        email: 'answer@example.cn',
      }),
      ok: 201,
      text: '/text',
    },
  };
}
