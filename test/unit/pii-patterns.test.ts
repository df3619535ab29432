import { describe, expect, it } from 'vitest';
import { phoneDigits, REDACTED, redactJson, redactPii } from '../../src/domain/pii-patterns.ts';

describe('PII in free text', () => {
  it('redacts mobile numbers written the usual ways, resident IDs and e-mail addresses', () => {
    const text = '电话13812345678或+86 138-1234-5678，身份证11010519491231002X，邮箱zhang.san@example.com。';
    expect(redactPii(text)).toBe(`电话${REDACTED}或${REDACTED}，身份证${REDACTED}，邮箱${REDACTED}。`);
  });

  it('leaves order numbers, amounts and dates alone', () => {
    const text = '订单DD20261120001金额1299元，2026-11-20下单，快递单号SF1234567890123';
    expect(redactPii(text)).toBe(text);
  });

  it('redacts the known values of the person, longest first, and every string in a JSON value', () => {
    expect(redactPii('张三住在深圳市南山区张三路', ['张三', '深圳市南山区张三路'])).toBe(`${REDACTED}住在${REDACTED}`);
    expect(redactJson({ text: '张三来电', n: 13812345678, list: ['13812345678'] }, ['张三'])).toEqual({
      text: `${REDACTED}来电`,
      n: 13812345678,
      list: [REDACTED],
    });
  });

  it('matches phone numbers by digits, with or without the country code', () => {
    expect(phoneDigits('+86 138 1234 5678')).toBe('13812345678');
    expect(phoneDigits('138-1234-5678')).toBe('13812345678');
  });
});
