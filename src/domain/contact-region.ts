/**
 * Where a complainant probably is, and so which clock their day runs on, from what intake knows: a phone number
 * (mainland landline area code or an international country code) or a postal address (the province).
 *
 * The area-code table holds the major cities only (the municipalities, provincial capitals and the largest
 * trade cities); an unknown mainland code still means mainland China. Mainland mobile numbers (1[3-9]…) carry no
 * region at all. Xinjiang keeps UTC+8 officially, but daily life there runs on 新疆时间 (UTC+6, IANA Asia/Urumqi),
 * which is what decides whether a call at 20:30 Beijing time is polite, so Xinjiang maps to Asia/Urumqi.
 */
export type RegionSource = 'area_code' | 'country_code' | 'address' | 'default';

export interface ContactRegion {
  source: RegionSource;
  /** Region name in Chinese (北京, 深圳, 香港, 日本 …), or null when nothing is known. */
  name: string | null;
  /** The area or country code that decided it (`0755`, `+81`), or null. */
  code: string | null;
  /** ISO 3166 country: CN decides whether the Chinese statutory calendar applies. */
  country: string | null;
  timeZone: string;
}

const SHANGHAI = 'Asia/Shanghai';
const URUMQI = 'Asia/Urumqi';

/** Major mainland area codes (区号) → city. Three-digit codes are 010 and 020–029; the rest have four digits. */
const areaCodes: Record<string, string> = {
  '010': '北京',
  '020': '广州',
  '021': '上海',
  '022': '天津',
  '023': '重庆',
  '024': '沈阳',
  '025': '南京',
  '027': '武汉',
  '028': '成都',
  '029': '西安',
  '0311': '石家庄',
  '0351': '太原',
  '0371': '郑州',
  '0431': '长春',
  '0451': '哈尔滨',
  '0471': '呼和浩特',
  '0512': '苏州',
  '0531': '济南',
  '0532': '青岛',
  '0551': '合肥',
  '0571': '杭州',
  '0574': '宁波',
  '0579': '金华',
  '0591': '福州',
  '0592': '厦门',
  '0731': '长沙',
  '0755': '深圳',
  '0757': '佛山',
  '0769': '东莞',
  '0771': '南宁',
  '0791': '南昌',
  '0851': '贵阳',
  '0871': '昆明',
  '0891': '拉萨',
  '0898': '海口',
  '0931': '兰州',
  '0951': '银川',
  '0971': '西宁',
  '0991': '乌鲁木齐',
};
const xinjiangCodes = new Set(['0991', '0990', '0992', '0993', '0994', '0995', '0996', '0997', '0998', '0999']);

/** Country calling codes → [name, country, time zone]; for countries with several zones, the most populous one. */
const countryCodes: Record<string, [string, string, string]> = {
  '852': ['香港', 'HK', 'Asia/Hong_Kong'],
  '853': ['澳门', 'MO', 'Asia/Macau'],
  '886': ['台湾', 'TW', 'Asia/Taipei'],
  '81': ['日本', 'JP', 'Asia/Tokyo'],
  '82': ['韩国', 'KR', 'Asia/Seoul'],
  '65': ['新加坡', 'SG', 'Asia/Singapore'],
  '60': ['马来西亚', 'MY', 'Asia/Kuala_Lumpur'],
  '66': ['泰国', 'TH', 'Asia/Bangkok'],
  '84': ['越南', 'VN', 'Asia/Ho_Chi_Minh'],
  '61': ['澳大利亚', 'AU', 'Australia/Sydney'],
  '64': ['新西兰', 'NZ', 'Pacific/Auckland'],
  '44': ['英国', 'GB', 'Europe/London'],
  '49': ['德国', 'DE', 'Europe/Berlin'],
  '33': ['法国', 'FR', 'Europe/Paris'],
  '7': ['俄罗斯', 'RU', 'Europe/Moscow'],
  '1': ['美国/加拿大', 'US', 'America/New_York'],
};

/** Provinces and regions as they begin a Chinese address. */
const provinces: [string, string][] = [
  ['北京', SHANGHAI],
  ['上海', SHANGHAI],
  ['天津', SHANGHAI],
  ['重庆', SHANGHAI],
  ['河北', SHANGHAI],
  ['山西', SHANGHAI],
  ['辽宁', SHANGHAI],
  ['吉林', SHANGHAI],
  ['黑龙江', SHANGHAI],
  ['江苏', SHANGHAI],
  ['浙江', SHANGHAI],
  ['安徽', SHANGHAI],
  ['福建', SHANGHAI],
  ['江西', SHANGHAI],
  ['山东', SHANGHAI],
  ['河南', SHANGHAI],
  ['湖北', SHANGHAI],
  ['湖南', SHANGHAI],
  ['广东', SHANGHAI],
  ['海南', SHANGHAI],
  ['四川', SHANGHAI],
  ['贵州', SHANGHAI],
  ['云南', SHANGHAI],
  ['陕西', SHANGHAI],
  ['甘肃', SHANGHAI],
  ['青海', SHANGHAI],
  ['内蒙古', SHANGHAI],
  ['广西', SHANGHAI],
  ['西藏', SHANGHAI],
  ['宁夏', SHANGHAI],
  ['新疆', URUMQI],
];
const specialRegions: [string, string, string][] = [
  ['香港', 'HK', 'Asia/Hong_Kong'],
  ['澳门', 'MO', 'Asia/Macau'],
  ['台湾', 'TW', 'Asia/Taipei'],
];

const digitsOf = (phone: string) => phone.replace(/[\s()-]/g, '');

function mainlandNumber(national: string, viaCountryCode: boolean): ContactRegion | null {
  // A national number: 0 + area code + subscriber; after +86 the leading 0 is dropped.
  const n = viaCountryCode ? `0${national}` : national;
  if (/^01[3-9]\d{9}$/.test(n)) return null; // +86 mobile: no region
  const code = /^0(10|2\d)/.test(n) ? n.slice(0, 3) : n.slice(0, 4);
  if (!/^0\d{2,3}$/.test(code)) return null;
  const xinjiang = xinjiangCodes.has(code);
  return {
    source: 'area_code',
    name: areaCodes[code] ?? (xinjiang ? '新疆' : null),
    code,
    country: 'CN',
    timeZone: xinjiang ? URUMQI : SHANGHAI,
  };
}

/** The region a phone number tells, or null (mainland mobile, too short, unknown code). */
export function regionOfPhone(phone: string | null | undefined): ContactRegion | null {
  if (!phone) return null;
  let d = digitsOf(phone);
  if (d.startsWith('00')) d = `+${d.slice(2)}`;
  if (d.startsWith('+')) {
    const rest = d.slice(1);
    if (rest.startsWith('86')) return mainlandNumber(rest.slice(2), true);
    for (const len of [3, 2, 1]) {
      const hit = countryCodes[rest.slice(0, len)];
      if (hit)
        return {
          source: 'country_code',
          name: hit[0],
          code: `+${rest.slice(0, len)}`,
          country: hit[1],
          timeZone: hit[2],
        };
    }
    return null;
  }
  if (/^1[3-9]\d{9}$/.test(d)) return null;
  if (/^0[1-9]\d{8,10}$/.test(d)) return mainlandNumber(d, false);
  return null;
}

/** The region an address begins with (广东省深圳市… → 广东), or null. */
export function regionOfAddress(address: string | null | undefined): ContactRegion | null {
  const a = address?.replace(/^\s*(中国|中华人民共和国)\s*/, '').trim();
  if (!a) return null;
  for (const [name, country, timeZone] of specialRegions)
    if (a.startsWith(name)) return { source: 'address', name, code: null, country, timeZone };
  for (const [name, timeZone] of provinces)
    if (a.startsWith(name)) return { source: 'address', name, code: null, country: 'CN', timeZone };
  return null;
}

/** Phone first (it is where the phone rings), then the address, then the tenant's default time zone. */
export function contactRegion(
  phone: string | null | undefined,
  address: string | null | undefined,
  defaultTimeZone: string,
): ContactRegion {
  return (
    regionOfPhone(phone) ??
    regionOfAddress(address) ?? {
      source: 'default',
      name: null,
      code: null,
      country: defaultTimeZone === SHANGHAI ? 'CN' : null,
      timeZone: defaultTimeZone,
    }
  );
}
