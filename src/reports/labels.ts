/** Chinese labels for the report and the dashboard (the API keeps the English keys). */
export const categoryLabels: Record<string, string> = {
  product_quality: '商品质量',
  logistics_delay: '物流延误',
  service_attitude: '服务态度',
  after_sales_refund: '售后退款',
  description_mismatch: '描述不符',
  price: '价格',
  counterfeit_ip: '假冒/知识产权',
  platform_rules: '平台规则',
  operations_service: '代运营服务',
  other: '其他',
};
export const channelLabels: Record<string, string> = {
  hotline: '热线电话',
  im: '在线客服',
  email: '电子邮件',
  social_dm: '社交私信',
  social_post: '社交媒体公开帖',
  web_form: '网页表单',
  review: '商品评价',
  forum: '论坛',
  api: '接口',
  other: '其他',
};
export const rootCauseLabels: Record<string, string> = {
  packing: '包装问题',
  carrier: '承运商/快递',
  stock_data: '库存数据',
  description: '商品描述',
  staff_attitude: '员工态度',
  supplier_quality: '供应商质量',
  other: '其他',
};
export const offerTypeLabels: Record<string, string> = {
  refund: '退款',
  return_refund: '退货退款',
  exchange: '换货',
  reshipment: '补发',
  compensation: '赔偿',
  coupon: '优惠券',
  free_shipping: '免运费',
  membership_upgrade: '会员升级',
  apology: '致歉',
};
export const escalationTargetLabels: Record<string, string> = {
  supervisor: '主管',
  platform: '平台',
  consumer_association: '消费者协会',
  market_regulator_12315: '市场监管 12315',
  arbitration: '仲裁',
  court: '法院',
};
export const label = (map: Record<string, string>, key: string | null, none = '未分类') =>
  key === null ? none : (map[key] ?? key);
