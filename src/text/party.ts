import type { Category } from '../domain/vocabulary.ts';

/**
 * Who probably answers for the complaint (docs/domain.md: merchant, supplier, operations company, logistics,
 * platform, the buyer). A guess from words that name a party plus the category's usual owner; the agent decides.
 */
export const parties = ['merchant', 'logistics', 'platform', 'operations_company', 'buyer'] as const;
export type Party = (typeof parties)[number];

const cues: Record<Party, RegExp> = {
  merchant: /商家|卖家|店家|店铺|客服|供应商|厂家|店主/g,
  logistics: /快递员?|物流|驿站|派送|配送员?|揽收|中转站?|快递柜|送货师傅/g,
  platform: /平台|小二|平台客服|平台规则|入驻协议/g,
  operations_company: /代运营|运营公司|运营服务商|托管费?|服务商/g,
  buyer: /我自己|我不小心|我填错|我写错|本人原因|我搞错|我弄坏/g,
};

/** The party a category points at before any word is read. */
const categoryOwner: Partial<Record<Category, Party>> = {
  logistics_delay: 'logistics',
  platform_rules: 'platform',
  operations_service: 'operations_company',
};

export interface PartyGuess {
  party: Party;
  confidence: number;
  evidence: { feature: string; weight: number }[];
}

export function guessParty(text: string, category: Category): PartyGuess {
  const score = new Map<Party, number>(parties.map((p) => [p, p === 'merchant' ? 0.5 : 0]));
  const evidence: { feature: string; weight: number }[] = [];
  const owner = categoryOwner[category];
  if (owner) {
    score.set(owner, (score.get(owner) ?? 0) + 2);
    evidence.push({ feature: `category:${category}`, weight: 2 });
  }
  for (const p of parties) {
    for (const m of new Set(text.match(cues[p]) ?? [])) {
      score.set(p, (score.get(p) ?? 0) + 1);
      evidence.push({ feature: `${p}:${m}`, weight: 1 });
    }
  }
  const ranked = [...score].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  const total = ranked.reduce((a, [, s]) => a + s, 0) || 1;
  const party = best?.[0] ?? 'merchant';
  return {
    party,
    // Share of the evidence that points at the winner, discounted when the runner-up is close.
    confidence:
      Math.round(((best?.[1] ?? 0) / total) * (1 - 0.5 * ((second?.[1] ?? 0) / (best?.[1] || 1))) * 1000) / 1000,
    evidence: evidence.filter((e) => e.feature.startsWith(`${party}:`) || e.feature.startsWith('category:')),
  };
}
