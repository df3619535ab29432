/**
 * Signals for a supervisor, never a verdict: docs/domain.md — "a complainant who keeps calling and offers to
 * withdraw for money is an extortion pattern; an IP complaint may come from someone who is not the brand
 * owner. Verify identity and reasonableness before paying anyone." A flag asks for that verification; it does
 * not change the case's status or the complainant's treatment.
 */
export interface Flag {
  code: 'extortion_wording' | 'ip_claim_without_proof' | 'professional_claimant' | 'frequent_contact';
  terms: string[];
  note: string;
}

const EXTORTION =
  /撤诉.{0,8}(?:钱|赔|给我)|(?:给|赔|拿).{0,6}钱.{0,8}(?:撤诉|撤销投诉|不投诉|删差评|删评|改好评)|不赔.{0,8}(?:就|我就)?.{0,4}(?:曝光|发网上|找媒体|发微博|发抖音)|封口费|私了.{0,8}(?:钱|元|万)|(?:给我|赔我).{0,4}\d+.{0,4}(?:就|我就).{0,4}(?:撤|删|不投诉|改)|精神损失费/g;
const PROFESSIONAL = /假一赔十|十倍赔偿|退一赔三|三倍赔偿|职业打假|惩罚性赔偿/g;
const IP_CLAIM =
  /侵权|侵犯.{0,6}(?:商标|专利|著作权|版权)|盗图|盗用.{0,4}(?:图|视频)|仿冒.{0,4}(?:商标|品牌)|商标权|专利权|著作权|品牌方|权利人/g;
const PROOF = /商标注册证|注册号|专利证书|专利号|著作权登记|登记证书|授权书|授权证明|权利证明|判决书|鉴定报告/g;
const PROOF_NEGATED =
  /(?:没有|无|不提供|拿不出|未提供|缺少|提供不了|过期).{0,6}(?:商标注册证|注册号|专利证书|专利号|著作权登记|登记证书|授权书|授权证明|权利证明)|(?:授权书|证书|权利证明).{0,4}(?:已经)?过期/g;

const uniq = (xs: string[]) => [...new Set(xs)];

export function textFlags(text: string): Flag[] {
  const flags: Flag[] = [];
  const extortion = uniq(text.match(EXTORTION) ?? []);
  if (extortion.length)
    flags.push({
      code: 'extortion_wording',
      terms: extortion,
      note: '以撤诉/删评/不曝光换取金钱的说法，赔付前请核实诉求合理性',
    });
  const pro = uniq(text.match(PROFESSIONAL) ?? []);
  if (pro.length)
    flags.push({
      code: 'professional_claimant',
      terms: pro,
      note: '提出惩罚性赔偿，可能是依法维权，也可能是职业索赔；请按法规核实',
    });
  const ip = uniq(text.match(IP_CLAIM) ?? []);
  if (ip.length) {
    const proof = text.match(PROOF) ?? [];
    const negated = text.match(PROOF_NEGATED) ?? [];
    if (proof.length === 0 || negated.length > 0)
      flags.push({
        code: 'ip_claim_without_proof',
        terms: uniq([...ip, ...negated]),
        note: '知识产权投诉未附权利证明（商标注册证、专利证书、授权书等），处理前请核实投诉人身份与权利',
      });
  }
  return flags;
}

/** Cases from the same phone in the window this many times or more: the "keeps calling" pattern. */
export const FREQUENT_CONTACT_CASES = 3;

export function frequentContactFlag(priorCases: number, windowDays: number): Flag | null {
  if (priorCases + 1 < FREQUENT_CONTACT_CASES) return null;
  return {
    code: 'frequent_contact',
    terms: [],
    note: `同一联系电话${windowDays}天内已提交${priorCases + 1}次投诉，请主管关注`,
  };
}
