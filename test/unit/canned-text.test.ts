import { describe, expect, it } from 'vitest';
import { fillTemplate, maskName, unknownVariables, variablesOf } from '../../src/domain/canned-text.ts';
import { overlap, similarityTerms } from '../../src/text/similarity.ts';

describe('canned-response templates', () => {
  it('lists the variables a body uses, once each, and the ones Kesu cannot fill', () => {
    const body = '{{客户姓名}}您好，订单{{ 订单号 }}，{{客户姓名}}，{{快递单号}}';
    expect(variablesOf(body)).toEqual(['客户姓名', '订单号', '快递单号']);
    expect(unknownVariables(body)).toEqual(['快递单号']);
  });

  it('fills the variables and leaves a visible marker where the case has no value', () => {
    expect(
      fillTemplate('{{客户姓名}}您好，订单{{订单号}}（{{投诉编号}}）', {
        客户姓名: '张三',
        订单号: null,
        投诉编号: 'KS-1',
      }),
    ).toBe('张三您好，订单【订单号】（KS-1）');
  });

  it('masks a name to the surname', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('*');
  });
});

describe('similarity terms', () => {
  it('keeps the content words of a complaint, drops stop words, single characters and plain numbers', () => {
    const terms = similarityTerms('买的奶粉是假的，不退款我就去12315投诉，订单 2026');
    expect(terms).toEqual(expect.arrayContaining(['奶粉', '退款', '12315']));
    expect(terms).not.toContain('的');
    expect(terms).not.toContain('2026');
  });

  it('scores the share of the terms another document contains', () => {
    expect(overlap(['奶粉', '退款', '12315', '投诉'], ['退款', '奶粉', '假货'])).toEqual({
      score: 0.5,
      shared: ['奶粉', '退款'],
    });
    expect(overlap([], ['x']).score).toBe(0);
  });
});
