/**
 * Severity signals, read from the normalised text with patterns rather than the statistical model: each is a
 * fact the agent must see (a threat to go to 12315 is the same threat in any category), and each names the
 * words that triggered it.
 * Sources: docs/domain.md (complainants turn to consumer associations, 12315, media, courts; safety first),
 * 《消费者权益保护法》 art. 39 (the outside bodies a consumer may turn to).
 */
export interface Signal {
  code: 'external_threat' | 'safety_health' | 'large_amount' | 'repeated_contact';
  terms: string[];
  /** how many severity levels this signal asks for on top of the default (2) */
  raise: number;
  detail?: Record<string, unknown>;
}

interface Rule {
  code: Signal['code'];
  re: RegExp;
  raise: number;
}

const rules: Rule[] = [
  {
    code: 'external_threat',
    re: /12315|12345|消协|消费者协会|市场监管(?:局|部门)?|工商局?|黑猫投诉|媒体|记者|曝光|报社|电视台|律师|起诉|法院|仲裁|报警|公安|微博上|发到网上|抖音上/g,
    raise: 1,
  },
  {
    code: 'safety_health',
    re: /过敏|中毒|食物中毒|拉肚子|腹泻|呕吐|住院|就医|医院|受伤|烫伤|割伤|划伤|漏电|触电|爆炸|起火|着火|冒烟|自燃|窒息|异物|致癌|甲醛超标/g,
    raise: 2,
  },
  {
    code: 'repeated_contact',
    re: /第[二三四五六七八九十两几]次|多次|好几次|反复|一直打|天天打|无数次|又一次|再次投诉|投诉了[\d一二三四五六七八九十两几]+次/g,
    raise: 1,
  },
];

const AMOUNT = /(\d+(?:\.\d+)?)\s*(万|千)?\s*(?:元|块钱|块|rmb|人民币)/gi;
/** Amounts from this many yuan up raise severity: a loss most merchants' front line cannot settle alone. */
export const LARGE_AMOUNT_YUAN = 2000;

export function severitySignals(text: string): Signal[] {
  const out: Signal[] = [];
  for (const r of rules) {
    const terms = [...new Set(text.match(r.re) ?? [])];
    if (terms.length) out.push({ code: r.code, terms, raise: r.raise });
  }
  let max = 0;
  let maxTerm = '';
  for (const m of text.matchAll(AMOUNT)) {
    const yuan = Number(m[1]) * (m[2] === '万' ? 10_000 : m[2] === '千' ? 1000 : 1);
    if (yuan > max) [max, maxTerm] = [yuan, m[0]];
  }
  if (max >= LARGE_AMOUNT_YUAN) out.push({ code: 'large_amount', terms: [maxTerm], raise: 1, detail: { yuan: max } });
  return out;
}

/** Default severity 2; safety alone reaches 4, any other signal 3; never above 4 nor below what was given. */
export function suggestedSeverity(signals: Signal[], given = 2): number {
  const raise = signals.reduce((a, s) => a + s.raise, 0);
  return Math.min(4, Math.max(given, 2 + raise));
}
