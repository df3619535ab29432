import type { Category, ExpectedResolution } from '../domain/vocabulary.ts';

/** Realistic complaint wording for the demo data set, by category, with what the buyer usually asks for. */
export const demoComplaints: { category: Category; reason: string; expected: ExpectedResolution }[] = [
  {
    category: 'product_quality',
    reason: '收到的实木餐桌桌面有明显裂纹，桌腿也有晃动，拍了照片，要求退货退款。',
    expected: 'return_refund',
  },
  {
    category: 'product_quality',
    reason: '买的电热水壶用了三天就不加热了，插上电指示灯都不亮，担心安全问题。',
    expected: 'exchange',
  },
  {
    category: 'product_quality',
    reason: '芒果收到一半都烂了，箱子里全是汁水，根本没法吃，要求赔偿。',
    expected: 'compensation',
  },
  {
    category: 'logistics_delay',
    reason: '下单时说48小时发货，现在已经过去5天了物流还没有更新，客服也不回复。',
    expected: 'refund',
  },
  {
    category: 'logistics_delay',
    reason: '快递显示已签收，但我根本没有收到包裹，小区驿站也查不到，请尽快处理。',
    expected: 'reshipment',
  },
  {
    category: 'service_attitude',
    reason: '咨询尺码问题时客服态度非常差，直接说“爱买不买”，要求商家道歉。',
    expected: 'apology',
  },
  {
    category: 'service_attitude',
    reason: '打了三次电话客服都说会回电，结果一直没人联系我，问题拖了一周。',
    expected: 'apology',
  },
  {
    category: 'after_sales_refund',
    reason: '七天无理由退货，商品已经寄回并且商家签收了，退款却一直没有到账。',
    expected: 'refund',
  },
  {
    category: 'after_sales_refund',
    reason: '申请售后被商家无故拒绝，理由是“已拆封不退”，但商品本身就有质量问题。',
    expected: 'return_refund',
  },
  {
    category: 'description_mismatch',
    reason: '页面写的是纯棉四件套，收到后标签是涤纶，和描述严重不符，属于虚假宣传。',
    expected: 'return_refund',
  },
  {
    category: 'description_mismatch',
    reason: '宣传图上的手机壳是磨砂材质，实物是亮面塑料，颜色也差很多。',
    expected: 'exchange',
  },
  { category: 'price', reason: '下单后第二天同款降价80元，商家承诺保价却不给补差价。', expected: 'compensation' },
  { category: 'price', reason: '结算时多收了运费，页面明明写着包邮，要求退还多收的12元运费。', expected: 'refund' },
  {
    category: 'counterfeit_ip',
    reason: '怀疑买到的蓝牙耳机是假货，序列号在官网查不到，包装印刷也很粗糙。',
    expected: 'refund',
  },
  {
    category: 'operations_service',
    reason: '代运营公司半个月没有更新商品信息，活动报名也错过了，店铺流量下降一半。',
    expected: 'other',
  },
  {
    category: 'operations_service',
    reason: '运营公司投放的推广关键词和我们的产品完全不相关，花了钱却没有转化。',
    expected: 'compensation',
  },
  {
    category: 'platform_rules',
    reason: '平台规则变更没有提前通知，店铺突然被限流，申诉后也没有明确答复。',
    expected: 'other',
  },
];

export const demoBadReviews: string[] = [
  '东西一般，包装破损，客服回复慢，给差评。',
  '颜色和图片差太多了，退货还要自己出运费，不会再买了。',
  '水果不新鲜，有好几个是坏的，差评！',
  '用了两天就坏了，质量太差，客服还推卸责任。',
  '物流太慢了，等了一个星期才到，差评。',
  '尺码偏小，描述不准确，体验很差。',
];

export const demoNames = [
  '张伟',
  '王芳',
  '李娜',
  '刘洋',
  '陈静',
  '杨磊',
  '赵敏',
  '黄强',
  '周婷',
  '吴昊',
  '徐丽',
  '孙涛',
  '马超',
  '朱琳',
  '胡斌',
  '郭燕',
];

export const demoProducts: Record<string, { name: string; priceFen: number }[]> = {
  merchant1: [
    { name: '北欧实木餐桌 1.4米', priceFen: 129_900 },
    { name: '纯棉四件套 1.8米床', priceFen: 29_900 },
    { name: '记忆棉枕头', priceFen: 8_900 },
  ],
  merchant2: [
    { name: '海南贵妃芒 5斤装', priceFen: 4_990 },
    { name: '赣南脐橙 10斤', priceFen: 6_980 },
    { name: '智利车厘子 2斤 JJ级', priceFen: 15_800 },
  ],
  merchant3: [
    { name: '无线蓝牙耳机 降噪版', priceFen: 39_900 },
    { name: '磨砂手机壳', priceFen: 2_990 },
    { name: '智能电热水壶 1.7L', priceFen: 15_900 },
  ],
};
