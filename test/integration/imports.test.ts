import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { multipart } from '../support/http-checks.ts';
import { csvFile, importUpload, orderHeader, type Row, xlsxFile } from '../support/import-files.ts';
import { buildWorld, type World } from '../support/world.ts';

describe.each(testDatabases())('bulk import and bad reviews on $name', ({ open }) => {
  let w: World;
  let agent: string;
  beforeAll(async () => {
    w = await buildWorld(await open());
    agent = w.tokens['merchantA:agent']!;
  });
  afterAll(async () => w?.close());

  const upload = async (token: string, kind: string, file: Buffer, name: string, mapping?: Record<string, string>) => {
    const { payload, headers } = importUpload(file, name, mapping);
    return w.req(token, 'POST', `/api/v1/imports/${kind}`, payload, headers);
  };
  const errorsOf = async (id: string) => (await w.req(agent, 'GET', `/api/v1/imports/${id}/errors`)).body.items;

  const shopOrders: Row[] = [
    orderHeader,
    [
      'DD1001',
      '张三',
      '138-1234-5678',
      '¥1,299.00',
      '交易成功',
      '2026-10-28 10:15:00',
      '2026-10-30 18:00:00',
      '北欧实木餐桌',
    ],
    ['DD1002', '李四', '13900001111', '89.5', '卖家已发货', '2026/10/31 09:00', '', '抱枕'],
    ['DD1003', '王五', '13700002222', '一百元', '已完成', '2026-10-01', '', '台灯'],
    ['DD1004', '', '13700003333', '12', '火星状态', '昨天', '', '拖鞋'],
    ['DD1005', '赵六', '13600004444', '0.10', '退款中', '2026-10-29 12:00', '', '水杯'],
    ['DD1001', '张三', '13812345678', '1299', '交易成功', '2026-10-28 10:15:00', '', '重复行'],
  ];

  it('imports a shop XLSX export: good rows in, bad rows kept with row number, field and reason in zh/en', async () => {
    const res = await upload(agent, 'orders', await xlsxFile(shopOrders), 'orders.xlsx');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'orders',
      format: 'xlsx',
      status: 'finished',
      counts: { total: 6, processed: 6, created: 3, updated: 0, unchanged: 0, failed: 3 },
    });
    expect(res.body.columns).toMatchObject({ orderNumber: '订单编号', amount: '买家实付金额', state: '订单状态' });
    const errors = await errorsOf(res.body.id);
    const brief = errors.map((e: any) => [e.rowNumber, e.field, e.code]);
    expect(brief).toEqual([
      [4, 'amount', 'BAD_AMOUNT'],
      [5, 'buyerName', 'REQUIRED'],
      [5, 'state', 'BAD_STATE'],
      [5, 'placedAt', 'BAD_DATE'],
      [7, 'orderNumber', 'DUPLICATE_IN_FILE'],
    ]);
    expect(errors[0]).toMatchObject({ messageZh: expect.stringContaining('金额'), raw: { 订单编号: 'DD1003' } });
    const orders = (await w.req(agent, 'GET', '/api/v1/orders?orderNumber=DD1001')).body.items;
    expect(orders[0]).toMatchObject({
      amountFen: 129_900,
      state: 'completed',
      buyerPhone: '13812345678',
      // Beijing wall-clock times in the file → UTC
      placedAt: '2026-10-28T02:15:00.000Z',
      completedAt: '2026-10-30T10:00:00.000Z',
      afterSalesDeadline: '2026-11-14T10:00:00.000Z',
      items: [{ name: '北欧实木餐桌', quantity: 1, priceFen: 129_900 }],
    });
    const small = (await w.req(agent, 'GET', '/api/v1/orders?orderNumber=DD1005')).body.items[0];
    expect(small).toMatchObject({ amountFen: 10, state: 'refunding' });
  });

  it('re-importing the same file creates nothing; a changed row is updated and a refund moves its case', async () => {
    const again = await upload(agent, 'orders', await xlsxFile(shopOrders), 'orders.xlsx');
    expect(again.body.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 3 });

    const order = (await w.req(agent, 'GET', '/api/v1/orders?orderNumber=DD1002')).body.items[0];
    const complaint = await w.req(agent, 'POST', '/api/v1/cases', {
      kind: 'complaint',
      channel: 'hotline',
      orderNumber: 'DD1002',
      complainant: { name: '李四', phone: '13900001111' },
      reason: '抱枕有异味，要求退款。',
      expectedResolution: 'refund',
      category: 'product_quality',
    });
    expect(complaint.status).toBe(201);
    const changed = shopOrders.slice(0, 3).map((r) => [...r]);
    changed[2]![4] = '退款中';
    const res = await upload(agent, 'orders', await xlsxFile(changed), 'orders-2.xlsx');
    expect(res.body.counts).toMatchObject({ created: 0, updated: 1, unchanged: 1, failed: 0 });
    expect((await w.req(agent, 'GET', `/api/v1/orders/${order.id}`)).body.state).toBe('refunding');
    const c = await w.req(agent, 'GET', `/api/v1/cases/${complaint.body.id}`);
    expect(c.body.status).toBe('pending_refund');
  });

  it('reads CSV in GBK (as Excel in China saves it) and UTF-8 with a BOM', async () => {
    const rows: Row[] = [
      ['订单号', '收货人', '手机', '金额', '订单状态', '下单时间'],
      ['GBK001', '钱七', '13500005555', '￥2,000.00', '已签收', '2026年10月20日 08:30'],
      ['GBK002', '孙八', '13500006666', '-5', '已发货', '2026-10-21'],
    ];
    const gbk = await upload(agent, 'orders', csvFile(rows, 'gbk'), 'orders-gbk.csv');
    expect(gbk.body).toMatchObject({ format: 'csv', encoding: 'gb18030', counts: { created: 1, failed: 1 } });
    expect((await errorsOf(gbk.body.id))[0]).toMatchObject({ rowNumber: 3, field: 'amount', code: 'BAD_AMOUNT' });
    const o = (await w.req(agent, 'GET', '/api/v1/orders?orderNumber=GBK001')).body.items[0];
    expect(o).toMatchObject({
      buyerName: '钱七',
      amountFen: 200_000,
      state: 'delivered',
      placedAt: '2026-10-20T00:30:00.000Z',
    });

    const utf = await upload(
      agent,
      'orders',
      csvFile([rows[0]!, ['UTF001', '周九', '', '5', '待发货', '']], 'utf-8-bom'),
      'o.csv',
    );
    expect(utf.body).toMatchObject({ encoding: 'utf-8', counts: { created: 1, failed: 0 } });
  });

  it('a saved column mapping reads a file with unusual headers; a file without required columns is refused', async () => {
    const rows: Row[] = [
      ['单号', '客户', '钱', '进度'],
      ['MAP001', '吴十', '10', '已付款'],
    ];
    const missing = await upload(agent, 'orders', csvFile(rows), 'm.csv');
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: 'IMPORT_COLUMNS_MISSING' });
    expect(missing.body.error.details.missing).toEqual(['orderNumber', 'buyerName', 'amount', 'state']);

    const columns = { orderNumber: '单号', buyerName: '客户', amount: '钱', state: '进度' };
    expect((await w.req(agent, 'PUT', '/api/v1/imports/mappings/orders', { columns })).status).toBe(403);
    const sup = w.tokens['merchantA:supervisor']!;
    const saved = await w.req(sup, 'PUT', '/api/v1/imports/mappings/orders', { columns });
    expect(saved.status).toBe(200);
    const unknown = await w.req(sup, 'PUT', '/api/v1/imports/mappings/orders', { columns: { nonsense: 'x' } });
    expect(unknown.body.error.code).toBe('VALIDATION_FAILED');
    // A field of another kind (reviews have a rating, orders do not).
    const bad = await w.req(sup, 'PUT', '/api/v1/imports/mappings/orders', { columns: { rating: '星级' } });
    expect(bad.body.error).toMatchObject({ code: 'IMPORT_MAPPING_INVALID', details: { unknownFields: ['rating'] } });
    const got = await w.req(agent, 'GET', '/api/v1/imports/mappings/orders');
    expect(got.body.columns).toEqual(columns);
    expect(got.body.fields.find((f: any) => f.field === 'amount')).toMatchObject({ required: true, column: '钱' });
    expect((await w.req(w.tokens['merchantB:agent']!, 'GET', '/api/v1/imports/mappings/orders')).body.columns).toEqual(
      {},
    );

    const ok = await upload(agent, 'orders', csvFile(rows), 'm.csv');
    expect(ok.body.counts).toMatchObject({ created: 1, failed: 0 });
    await w.req(sup, 'PUT', '/api/v1/imports/mappings/orders', { columns: {} });
  });

  it('imports complaints through intake, idempotent by external id', async () => {
    const rows: Row[] = [
      ['工单号', '订单号', '投诉人', '联系电话', '投诉内容', '诉求', '来源'],
      ['T-1', 'DD1001', '张三', '13812345678', '餐桌桌面开裂，要求退货退款。', '退货退款', '电话'],
      ['T-2', 'NOPE', '李四', '13900001111', '一直没有发货。', '退款', '在线客服'],
      ['T-3', '', '', '', '', '随便', '飞鸽'],
    ];
    const res = await upload(agent, 'complaints', csvFile(rows), 'complaints.csv');
    expect(res.body.counts).toMatchObject({ total: 3, created: 1, failed: 2 });
    const codes = (await errorsOf(res.body.id)).map((e: any) => [e.rowNumber, e.field, e.code]);
    expect(codes).toEqual([
      [3, 'orderNumber', 'ORDER_NOT_FOUND'],
      [4, 'complainantName', 'REQUIRED'],
      [4, 'reason', 'REQUIRED'],
      [4, 'expectedResolution', 'BAD_CHOICE'],
      [4, 'channel', 'BAD_CHOICE'],
    ]);
    const again = await upload(agent, 'complaints', csvFile(rows.slice(0, 2)), 'complaints.csv');
    expect(again.body.counts).toMatchObject({ created: 0, unchanged: 1 });
    const list = await w.req(agent, 'GET', '/api/v1/cases?kind=complaint');
    expect(list.body.items.filter((c: any) => c.reason.startsWith('餐桌桌面开裂'))).toHaveLength(1);
  });

  const reviewHeader: Row = [
    '评价编号',
    '订单编号',
    '宝贝标题',
    '买家昵称',
    '评分',
    '评价内容',
    '商家回复',
    '是否修改',
    '评价时间',
  ];
  const reviews: Row[] = [
    reviewHeader,
    [
      'R1',
      'DD1001',
      '北欧实木餐桌',
      'z***3',
      1,
      '桌面裂了，客服不理人，差评！',
      '亲，非常抱歉，已安排补发',
      '否',
      '2026-11-01 20:00',
    ],
    ['R2', 'DD1002', '抱枕', 'w***5', '★★', '灯罩有划痕', '', '', ''],
    ['R3', 'DD1005', '水杯', 'z***6', '5星', '很好用，物流快', '谢谢亲', '', ''],
    ['R4', '', '抱枕', 'l***4', '', '质量太差了，退货还不给退，垃圾商家', '', '', ''],
    ['R5', 'DD1001', '北欧实木餐桌', 'x', '七星', '', '', '', ''],
  ];

  it('finds the 1–2 star reviews of an XLSX export as bad_review cases linked to order and product', async () => {
    const res = await upload(agent, 'reviews', await xlsxFile(reviews), 'reviews.xlsx');
    expect(res.body.counts).toMatchObject({ total: 5, created: 4, failed: 1 });
    expect((await errorsOf(res.body.id))[0]).toMatchObject({ rowNumber: 6, field: 'rating', code: 'BAD_RATING' });
    const cases = (await w.req(agent, 'GET', '/api/v1/cases?kind=bad_review')).body.items;
    expect(cases).toHaveLength(3);
    const r1 = cases.find((c: any) => c.reason.startsWith('桌面裂了'));
    expect(r1).toMatchObject({
      channel: 'review',
      reviewRating: 1,
      orderNumber: 'DD1001',
      complainant: { name: '张三', phone: '13812345678' },
      // The order completed 2026-10-30: past the complaint window, yet a bad review is still the shop's to handle.
      status: 'submitted',
      missing: [],
    });
    const review = await w.req(agent, 'GET', `/api/v1/cases/${r1.id}/review`);
    expect(review.body.review).toMatchObject({
      externalId: 'R1',
      productName: '北欧实木餐桌',
      rating: 1,
      shopReply: '亲，非常抱歉，已安排补发',
      revised: false,
      postedAt: '2026-11-01T12:00:00.000Z',
    });
    expect(cases.find((c: any) => c.reason === '灯罩有划痕')).toMatchObject({ reviewRating: 2 });
    // No rating: the negative text made it a case (missing the order and rating to chase).
    expect(cases.find((c: any) => c.reason.startsWith('质量太差'))).toMatchObject({ reviewRating: null });

    const again = await upload(agent, 'reviews', await xlsxFile(reviews), 'reviews.xlsx');
    expect(again.body.counts).toMatchObject({ created: 0, updated: 0, unchanged: 4, failed: 1 });
    expect((await w.req(agent, 'GET', '/api/v1/cases?kind=bad_review')).body.items).toHaveLength(3);
  });

  it('asks the reviewer to revise (never with money), records the outcome, and a re-import with 是否修改 updates the case', async () => {
    const cases = (await w.req(agent, 'GET', '/api/v1/cases?kind=bad_review')).body.items;
    const r1 = cases.find((c: any) => c.reason.startsWith('桌面裂了'));
    const r2 = cases.find((c: any) => c.reason === '灯罩有划痕');
    const url = `/api/v1/cases/${r1.id}/revision-requests`;
    const bribe = await w.req(agent, 'POST', url, { channel: 'im', message: '亲，删掉差评返现20元红包' });
    expect(bribe.status).toBe(422);
    expect(bribe.body.error.code).toBe('REVISION_INDUCEMENT_FORBIDDEN');
    const asked = await w.req(agent, 'POST', url, {
      channel: 'im',
      message: '您好，新桌面已补发。如果问题已解决，方便时可以考虑更新一下评价，谢谢！',
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ channel: 'im', outcome: null });
    const answer = await w.req(agent, 'PATCH', `${url}/${asked.body.id}`, { outcome: 'declined' });
    expect(answer.body).toMatchObject({ outcome: 'declined' });
    expect((await w.req(agent, 'PATCH', `${url}/${asked.body.id}`, { outcome: 'revised' })).status).toBe(409);
    const timeline = (await w.req(agent, 'GET', `/api/v1/cases/${r1.id}/timeline`)).body.items.map((e: any) => e.type);
    expect(timeline).toEqual(expect.arrayContaining(['revision_requested', 'revision_answered']));

    // A second request on R2 stays open until the buyer's revision arrives in the next export.
    const open2 = await w.req(agent, 'POST', `/api/v1/cases/${r2.id}/revision-requests`, {
      channel: 'sms',
      message: '您好，可以换新',
    });
    const revised = reviews.map((r) => [...r]);
    revised[2]![4] = 4;
    revised[2]![7] = '是';
    const res = await upload(agent, 'reviews', await xlsxFile(revised), 'reviews-2.xlsx');
    expect(res.body.counts).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    const events = (await w.req(agent, 'GET', `/api/v1/cases/${r2.id}/timeline`)).body.items;
    expect(events.find((e: any) => e.type === 'review_revised')?.data).toMatchObject({
      before: { rating: 2, revised: false },
      after: { rating: 4, revised: true },
    });
    const view = await w.req(agent, 'GET', `/api/v1/cases/${r2.id}/review`);
    expect(view.body.review).toMatchObject({ rating: 4, revised: true });
    expect(view.body.revisionRequests[0]).toMatchObject({ id: open2.body.id, outcome: 'revised' });

    const complaint = (await w.req(agent, 'GET', '/api/v1/cases?kind=complaint')).body.items[0];
    const refused = await w.req(agent, 'POST', `/api/v1/cases/${complaint.id}/revision-requests`, {
      channel: 'im',
      message: '您好',
    });
    expect(refused.body.error.code).toBe('REVISION_REQUEST_NOT_ALLOWED');
  });

  it('another organisation gets 404 for an import and its errors; nonsense ids and kinds are 404', async () => {
    const res = await upload(agent, 'orders', csvFile([orderHeader, ['X1', '', '', '', '', '', '', '']]), 'x.csv');
    const id = res.body.id;
    for (const token of [w.tokens['merchantB:admin']!, w.tokens['platform:admin']!, w.tokens['opsco:admin']!]) {
      expect((await w.req(token, 'GET', `/api/v1/imports/${id}`)).body.error.code).toBe('IMPORT_NOT_FOUND');
      expect((await w.req(token, 'GET', `/api/v1/imports/${id}/errors`)).status).toBe(404);
    }
    expect((await w.req(agent, 'GET', `/api/v1/imports/${id}`)).status).toBe(200);
    expect((await w.req(agent, 'GET', '/api/v1/imports/not-a-uuid')).body.error.code).toBe('IMPORT_NOT_FOUND');
    expect((await w.req(agent, 'GET', '/api/v1/imports/mappings/invoices')).body.error.code).toBe(
      'IMPORT_KIND_UNKNOWN',
    );
    const foreignCase = (await w.req(agent, 'GET', '/api/v1/cases?kind=bad_review')).body.items[0];
    const b = await w.req(w.tokens['merchantB:agent']!, 'POST', `/api/v1/cases/${foreignCase.id}/revision-requests`, {
      channel: 'im',
      message: '您好',
    });
    expect(b.status).toBe(404);
    const viewer = await upload(w.tokens['merchantA:viewer']!, 'orders', csvFile([orderHeader]), 'x.csv');
    expect(viewer.status).toBe(403);
    const junk = await upload(agent, 'orders', Buffer.from([0, 1, 2, 3, 0, 0, 0, 0, 9]), 'x.xls');
    expect(junk.body.error.code).toBe('IMPORT_FILE_UNREADABLE');
    const json = await w.req(agent, 'POST', '/api/v1/imports/orders', { file: 'orders.csv' });
    expect(json.status).toBe(415);
    const { payload, headers } = multipart([{ name: 'mapping', value: '{}' }]);
    expect((await w.req(agent, 'POST', '/api/v1/imports/orders', payload, headers)).body.error.code).toBe(
      'VALIDATION_FAILED',
    );
    const badMapping = importUpload(csvFile([orderHeader]), 'x.csv', ['nope'] as never);
    const refused = await w.req(agent, 'POST', '/api/v1/imports/orders', badMapping.payload, badMapping.headers);
    expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'mapping' } });
  });
});
