import { describe, expect, it } from 'vitest';
import { fillVariables } from '../../web/src/canned.ts';
import { formatDate, formatDateTime, formatFen, formatMinutes } from '../../web/src/format.ts';
import { currentTarget, slaLevel } from '../../web/src/sla.ts';

const reading = (over: Partial<Parameters<typeof slaLevel>[0] & object> = {}) => ({
  dueAt: '2026-12-01T10:00:00Z',
  usedMinutes: 10,
  leftMinutes: 90,
  paused: false,
  breached: false,
  warned: false,
  met: false,
  ...over,
});

describe('web formatting', () => {
  it('shows instants in Beijing time whatever the process zone', () => {
    expect(formatDateTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30');
    expect(formatDateTime('2026-06-01T03:05:00Z')).toBe('2026-06-01 11:05');
    expect(formatDate('2026-12-31T16:30:00Z')).toBe('2027-01-01');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('shows fen as yuan with the ¥ sign and thousands separators', () => {
    expect(formatFen(129900)).toBe('¥1,299.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(-250)).toBe('-¥2.50');
    expect(formatFen(100_000_000)).toBe('¥1,000,000.00');
  });

  it('writes durations in Chinese and English', () => {
    expect(formatMinutes(0, 'zh')).toBe('0分钟');
    expect(formatMinutes(125, 'zh')).toBe('2小时5分钟');
    expect(formatMinutes(2 * 1440 + 5, 'zh')).toBe('2天');
    expect(formatMinutes(45, 'zh')).toBe('45分钟');
    expect(formatMinutes(3 * 1440 + 60, 'en')).toBe('3d 1h');
    expect(formatMinutes(-45, 'en')).toBe('45m');
  });
});

describe('SLA tag colour', () => {
  it('is green with time left, amber from 80 % used or once warned, red when late or breached', () => {
    expect(slaLevel(reading())).toBe('green');
    expect(slaLevel(reading({ usedMinutes: 80, leftMinutes: 20 }))).toBe('amber');
    expect(slaLevel(reading({ warned: true }))).toBe('amber');
    expect(slaLevel(reading({ leftMinutes: -1 }))).toBe('red');
    expect(slaLevel(reading({ breached: true, leftMinutes: 5 }))).toBe('red');
    // The countdown moves between fetches: 90 minutes left, 91 minutes later it is late.
    expect(slaLevel(reading(), 91)).toBe('red');
    expect(slaLevel(reading(), 60)).toBe('green');
    expect(slaLevel(reading(), 71)).toBe('amber');
    expect(slaLevel(reading({ paused: true, leftMinutes: -10 }))).toBe('paused');
    expect(slaLevel(reading({ met: true }))).toBe('met');
    expect(slaLevel(null)).toBe('none');
  });

  it('follows the running clock due first', () => {
    const sla = {
      targets: {
        acceptance: reading({ met: true, dueAt: '2026-12-01T01:00:00Z' }),
        resolution: reading({ dueAt: '2026-12-05T10:00:00Z' }),
        first_response: reading({ dueAt: '2026-12-01T12:00:00Z' }),
      },
    };
    expect(currentTarget({ sla })?.[0]).toBe('first_response');
    expect(currentTarget({ sla: null })).toBeNull();
  });
});

describe('canned response variables', () => {
  it('fills the known variables and leaves a visible marker for a missing one', () => {
    const body = '{{客户姓名}}您好，关于订单{{订单号}}（{{ 投诉编号 }}），{{商家名称}}{{坐席姓名}}为您服务。';
    expect(
      fillVariables(body, {
        客户姓名: '张三',
        订单号: 'DD1',
        投诉编号: 'KS-2026-000001',
        商家名称: '优品',
        坐席姓名: null,
      }),
    ).toBe('张三您好，关于订单DD1（KS-2026-000001），优品【坐席姓名】为您服务。');
  });
});
