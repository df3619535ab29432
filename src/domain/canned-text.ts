/**
 * Canned responses (文明用语 templates): the variables a template may use and how they are filled from a case.
 * Pure: no I/O, no clock.
 */
export const templateVariables = ['客户姓名', '订单号', '投诉编号', '商家名称', '坐席姓名'] as const;
export type TemplateVariable = (typeof templateVariables)[number];

const VARIABLE = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** The variables a body uses, in order of first use. */
export function variablesOf(body: string): string[] {
  return [...new Set([...body.matchAll(VARIABLE)].map((m) => m[1] as string))];
}

/** Variables a body uses that Kesu cannot fill; a template with any of them is refused. */
export function unknownVariables(body: string): string[] {
  return variablesOf(body).filter((v) => !(templateVariables as readonly string[]).includes(v));
}

/**
 * Fills the variables; one without a value (a case without an order) stays visible as 【订单号】, so the agent sees
 * what to complete before sending rather than a silent gap.
 */
export function fillTemplate(body: string, values: Partial<Record<TemplateVariable, string | null>>): string {
  return body.replace(VARIABLE, (_, name: string) => {
    const v = values[name as TemplateVariable];
    return v ? v : `【${name}】`;
  });
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: the surname and a star per remaining character, for roles without personal data. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
