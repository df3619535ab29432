/**
 * The fields each import kind reads and the column headers recognised for them without a saved mapping:
 * what Taobao/Tmall, JD and Pinduoduo seller exports and hand-made spreadsheets call them.
 */
export const importKinds = ['orders', 'complaints', 'reviews'] as const;
export type ImportKind = (typeof importKinds)[number];
export const isImportKind = (s: string): s is ImportKind => (importKinds as readonly string[]).includes(s);

interface FieldSpec {
  required: boolean;
  aliases: readonly string[];
}

export const importFields = {
  orders: {
    orderNumber: {
      required: true,
      aliases: ['订单号', '订单编号', '订单id', '主订单编号', '子订单编号', 'order number', 'order_no', 'orderNumber'],
    },
    buyerName: {
      required: true,
      aliases: ['买家', '买家昵称', '买家会员名', '收货人', '收货人姓名', '客户姓名', 'buyer', 'buyerName'],
    },
    buyerPhone: {
      required: false,
      aliases: ['手机', '手机号', '联系电话', '联系手机', '收货人手机', '电话', 'phone', 'buyerPhone'],
    },
    amount: {
      required: true,
      aliases: ['实付金额', '买家实付金额', '实收款', '金额', '订单金额', '总金额', 'amount', 'amountYuan'],
    },
    state: { required: true, aliases: ['订单状态', '交易状态', '状态', 'state', 'status'] },
    placedAt: {
      required: false,
      aliases: ['下单时间', '订单创建时间', '创建时间', '付款时间', 'placed at', 'placedAt'],
    },
    completedAt: {
      required: false,
      aliases: ['完成时间', '交易完成时间', '确认收货时间', '成交时间', 'completed at', 'completedAt'],
    },
    productName: { required: false, aliases: ['商品名称', '宝贝标题', '商品标题', '商品', 'product', 'productName'] },
    sku: { required: false, aliases: ['商品编码', '商家编码', 'sku', 'SKU编码', '货号'] },
    quantity: { required: false, aliases: ['数量', '购买数量', '宝贝总数量', '商品数量', 'quantity', 'qty'] },
  },
  complaints: {
    externalId: {
      required: true,
      aliases: ['投诉编号', '工单号', '工单编号', '投诉单号', '编号', 'external id', 'externalId', 'id'],
    },
    orderNumber: { required: false, aliases: ['订单号', '订单编号', 'order number', 'orderNumber'] },
    complainantName: {
      required: true,
      aliases: ['投诉人', '买家', '客户姓名', '姓名', '联系人', 'name', 'complainant'],
    },
    phone: { required: false, aliases: ['手机', '手机号', '联系电话', '电话', 'phone'] },
    email: { required: false, aliases: ['邮箱', '电子邮件', 'email', 'e-mail'] },
    reason: { required: true, aliases: ['投诉内容', '问题描述', '投诉原因', '内容', '描述', 'reason', 'description'] },
    expectedResolution: {
      required: false,
      aliases: ['诉求', '期望处理方式', '期望解决方式', '要求', 'expectedResolution'],
    },
    channel: { required: false, aliases: ['来源', '渠道', '投诉渠道', 'channel'] },
  },
  reviews: {
    externalId: { required: true, aliases: ['评价编号', '评价id', '评论id', '编号', 'review id', 'externalId', 'id'] },
    orderNumber: { required: false, aliases: ['订单号', '订单编号', 'order number', 'orderNumber'] },
    productName: { required: false, aliases: ['商品名称', '宝贝标题', '商品', 'product', 'productName'] },
    sku: { required: false, aliases: ['商品编码', '商家编码', 'sku', 'SKU编码'] },
    reviewerName: { required: false, aliases: ['买家', '买家昵称', '评价人', '用户名', 'reviewer', 'buyer'] },
    rating: { required: false, aliases: ['评分', '星级', '评价星级', '商品评分', '评价等级', 'rating', 'stars'] },
    text: { required: false, aliases: ['评价内容', '评论内容', '初评内容', '内容', 'text', 'review'] },
    shopReply: { required: false, aliases: ['商家回复', '卖家回复', '掌柜回复', '回复内容', 'reply', 'shopReply'] },
    revised: {
      required: false,
      aliases: ['是否修改', '已修改', '是否改评', '修改评价', '追评', '追评内容', 'revised'],
    },
    postedAt: { required: false, aliases: ['评价时间', '评论时间', '发布时间', 'posted at', 'postedAt'] },
  },
} as const satisfies Record<ImportKind, Record<string, FieldSpec>>;

export type ImportField<K extends ImportKind> = keyof (typeof importFields)[K] & string;

/** Header text compared loosely: case, spaces, full-width brackets and a trailing unit like "(元)" do not matter. */
export function headerKey(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[（(][^)）]*[)）]\s*$/u, '')
    .replace(/[\s_:：*]/gu, '');
}

export interface ColumnResolution {
  /** field → index of the column it is read from */
  columns: Record<string, number>;
  /** field → header text, for the report */
  headers: Record<string, string>;
  missing: string[];
  unknownFields: string[];
}

/**
 * Which column each field comes from: the mapping the tenant saved (or passed) first, then the recognised headers.
 * A required field without a column is reported; the file cannot be imported then.
 */
export function resolveColumns(
  kind: ImportKind,
  fileHeaders: readonly string[],
  mapping: Readonly<Record<string, string>> = {},
): ColumnResolution {
  const specs = importFields[kind] as Record<string, FieldSpec>;
  const byKey = new Map<string, number>();
  fileHeaders.forEach((h, i) => {
    const k = headerKey(h);
    if (k && !byKey.has(k)) byKey.set(k, i);
  });
  const columns: Record<string, number> = {};
  const headers: Record<string, string> = {};
  const unknownFields = Object.keys(mapping).filter((f) => !(f in specs));
  for (const [field, spec] of Object.entries(specs)) {
    const wanted = mapping[field] !== undefined ? [mapping[field]] : spec.aliases;
    for (const alias of wanted) {
      const i = byKey.get(headerKey(alias ?? ''));
      if (i !== undefined) {
        columns[field] = i;
        headers[field] = fileHeaders[i] ?? '';
        break;
      }
    }
  }
  const missing = Object.entries(specs)
    .filter(([f, s]) => s.required && columns[f] === undefined)
    .map(([f]) => f);
  return { columns, headers, missing, unknownFields };
}
