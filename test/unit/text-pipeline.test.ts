import { describe, expect, it } from 'vitest';
import { classifyText } from '../../src/text/classify.ts';
import { csvField, parseCsv } from '../../src/text/csv.ts';
import { textFlags } from '../../src/text/flags.ts';
import { digitsOnly, normalise, orderKey, toHalfWidth } from '../../src/text/normalise.ts';
import { parseQuery, weekTsquery } from '../../src/text/query.ts';
import { buildSearchDocument } from '../../src/text/search-doc.ts';
import { tokenize } from '../../src/text/segment.ts';
import { severitySignals, suggestedSeverity } from '../../src/text/signals.ts';
import { buildSnippet } from '../../src/text/snippet.ts';

describe('normalisation', () => {
  it('turns full-width letters and digits half-width and keeps CJK punctuation', () => {
    expect(toHalfWidth('１２３１５ＡＢＣ，。')).toBe('12315ABC,。');
  });
  it('converts traditional to simplified and sets links and emoji aside', () => {
    const n = normalise('買的奶粉是假貨😡 https://item.example.com/x?id=1 客服態度');
    expect(n.text).toBe('买的奶粉是假货 〔链接〕 客服态度');
    expect(n.urls).toEqual(['https://item.example.com/x?id=1']);
    expect(n.emoji).toEqual(['😡']);
  });
  it('normalises order numbers and phone numbers', () => {
    expect(orderKey('dd-2026 1124/0001')).toBe('DD202611240001');
    expect(digitsOnly('+86 138-1234-5678')).toBe('8613812345678');
  });
});

describe('segmentation', () => {
  it('keeps domain words whole and drops stop words but not negations', () => {
    const t = tokenize('七天无理由退货都不给，到付还要我出钱，客服态度恶劣');
    expect(t).toEqual(expect.arrayContaining(['七天无理由退货', '不', '到付', '客服']));
    expect(t).not.toContain('的');
  });
  it('treats 12315 and １２３１５ as the same word', () => {
    expect(tokenize('去１２３１５投诉')).toContain('12315');
  });
});

describe('search query parsing', () => {
  it('ANDs words, keeps quoted phrases adjacent and turns a trailing * into a prefix', () => {
    expect(parseQuery('退*').tsquery).toBe("'退':*");
    expect(parseQuery('"客服态度"').tsquery).toBe("('客服态度' | '客服' <-> '态度')");
    expect(parseQuery('奶粉 假货').tsquery).toBe("'奶粉' & '假货'");
    // No phrase of single-character pieces: 很差 is not also tried as 很 <-> 差.
    expect(parseQuery('质量 很差').tsquery).toBe("'质量' & '很差'");
    expect(parseQuery('七天无理由').tsquery).toBe("'七天无理由'");
  });
  it('recognises order and phone numbers only when the query looks like one', () => {
    expect(parseQuery('DD-2026-0001')).toMatchObject({ orderKey: 'DD20260001', phoneKey: null });
    expect(parseQuery('138 1234 5678').phoneKey).toBe('13812345678');
    expect(parseQuery('假货').orderKey).toBeNull();
  });
  it('has nothing to search in punctuation alone', () => {
    expect(parseQuery('，。！')).toMatchObject({ tsquery: null, orderKey: null, phoneKey: null });
  });
  it('asks the week-term index for every word and the scope in the same week, phrases as plain AND', () => {
    // The input is to_tsquery's output, as search-cases passes it.
    expect(weekTsquery("'客服态度' | '客服' <-> '态度'", [2968, 2967], 'r:ab-12')).toBe(
      "('2968:r:ab-12' & ('2968:客服态度' | '2968:客服' & '2968:态度')) | " +
        "('2967:r:ab-12' & ('2967:客服态度' | '2967:客服' & '2967:态度'))",
    );
    expect(weekTsquery("'退':* & '快递'", [7], 'p:1')).toBe("('7:p:1' & ('7:退':* & '7:快递'))");
    expect(weekTsquery("'a' <2> 'b'", [1], 'o:f')).toBe("('1:o:f' & ('1:a' & '1:b'))");
    expect(() => weekTsquery("'a'", [], 'r:1')).toThrow();
    expect(() => weekTsquery("'a'", [1], "r:1' | 'x")).toThrow();
  });
});

describe('search documents and snippets', () => {
  const doc = buildSearchDocument({
    caseNumber: 'KS-2026-000001',
    reason: '买的奶粉是假货，客服态度很差',
    complainantName: '张三',
    complainantPhone: '138-1234-5678',
    orderNumber: 'dd-2026-0001',
    messages: ['已联系买家，补发一罐'],
  });
  it('indexes tokens, case and order numbers, and exact keys', () => {
    expect(doc.tokens.split(' ')).toEqual(expect.arrayContaining(['假货', '张三', 'ks2026000001', 'dd20260001']));
    expect(doc).toMatchObject({ orderKey: 'DD20260001', phoneKey: '13812345678' });
  });
  it('highlights whole words and prefix matches in the normalised text', () => {
    const s = buildSnippet(doc.body, { words: ['假货'], prefixes: [] });
    expect(s!.text.slice(...(s!.highlights[0] as [number, number]))).toBe('假货');
    const p = buildSnippet(doc.body, { words: [], prefixes: ['补'] });
    expect(p!.text.slice(...(p!.highlights[0] as [number, number]))).toBe('补发');
    expect(buildSnippet(doc.body, { words: ['退款'], prefixes: [] })).toBeNull();
  });
});

describe('severity signals and flags', () => {
  it('raises severity for threats, safety and large amounts, and names the words', () => {
    const s = severitySignals('孩子喝了过敏住院了，花了3千元，不处理就找媒体曝光');
    expect(s.map((x) => x.code).sort()).toEqual(['external_threat', 'large_amount', 'safety_health']);
    expect(suggestedSeverity(s)).toBe(4);
    expect(suggestedSeverity(severitySignals('我要去12315投诉'))).toBe(3);
    expect(suggestedSeverity(severitySignals('快递慢了一天'))).toBe(2);
  });
  it('flags extortion wording, punitive-damages claims and IP claims without proof', () => {
    expect(textFlags('给我两千块钱我就撤诉').map((f) => f.code)).toContain('extortion_wording');
    expect(textFlags('不赔就曝光到网上').map((f) => f.code)).toContain('extortion_wording');
    expect(textFlags('要求假一赔十').map((f) => f.code)).toEqual(['professional_claimant']);
    expect(textFlags('你们侵犯了我们的商标权').map((f) => f.code)).toEqual(['ip_claim_without_proof']);
    expect(textFlags('你们侵犯了我们的商标权，附商标注册证和授权书')).toEqual([]);
    expect(textFlags('对方说我们侵权，却拿不出授权书').map((f) => f.code)).toEqual(['ip_claim_without_proof']);
  });
});

describe('classifier', () => {
  it('reads the story complaint as counterfeit with a 12315 threat, explaining itself', () => {
    const r = classifyText('买的奶粉是假的，不退款我就去12315投诉');
    expect(r.category.value).toBe('counterfeit_ip');
    expect(r.category.evidence.map((e) => e.term).join()).toMatch(/假/);
    expect(r.severity).toMatchObject({ suggested: 3, signals: [{ code: 'external_threat', terms: ['12315'] }] });
    expect(r.sentiment).toBeNull();
  });
  it.each([
    ['快递五天了还没到，物流信息一直不更新', 'logistics_delay', 'logistics'],
    ['客服态度太差，问两句就不耐烦还把我拉黑', 'service_attitude', 'merchant'],
    ['代运营公司收了托管费，店铺一个询盘都没有', 'operations_service', 'operations_company'],
    ['平台无故扣分还封了店铺，申诉没人理', 'platform_rules', 'platform'],
  ])('%s → %s, party %s', (text, category, party) => {
    const r = classifyText(text);
    expect(r.category.value).toBe(category);
    expect(r.responsibleParty.party).toBe(party);
  });
  it('scores review sentiment', () => {
    expect(classifyText('质量很好，物流也快，下次还来', 'bad_review').sentiment?.label).toBe('positive');
    expect(classifyText('太差了，用了一天就坏，垃圾', 'bad_review').sentiment?.label).toBe('negative');
  });
});

describe('csv', () => {
  it('reads quoted fields with commas, quotes and newlines, and a BOM', () => {
    expect(parseCsv('\ufeffa,b\n"x,1","he said ""hi""\nok"\r\n')).toEqual([
      ['a', 'b'],
      ['x,1', 'he said "hi"\nok'],
    ]);
    expect(csvField('a,"b"')).toBe('"a,""b"""');
  });
});
