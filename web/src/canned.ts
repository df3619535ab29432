/** Fills the canned-response variables (文明用语) from the case; an unknown one is left visible as 【name】. */
export function fillVariables(body: string, vars: Record<string, string | null | undefined>): string {
  return body.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (_m, name: string) => vars[name] || `【${name}】`);
}
