/**
 * The new part of a reply: mail clients quote the whole history below (or above) a marker line. Cutting there
 * keeps a threaded case's timeline readable; the full raw mail is kept beside it.
 * Markers: Gmail/Apple "On … wrote:", Outlook "-----Original Message-----" and "From: … Sent:", QQ/Foxmail/163
 * "------------------ 原始邮件 ------------------", "在 … 写道：", and ">"-quoted blocks.
 */
const quoteMarkers = [
  /^-{2,}\s*(original message|原始邮件|回复的原邮件|forwarded message|转发的邮件)\s*-{2,}\s*$/i,
  /^on .{4,200} wrote:\s*$/i,
  /^在.{2,200}写道[:：]\s*$/,
  /^(from|发件人)\s*[:：].+$/i,
];

export function stripQuotedHistory(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (quoteMarkers.some((m) => m.test(line))) {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end).filter((l) => !l.startsWith('>'));
  const result = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  // A mail that is nothing but a quote keeps its text rather than becoming empty.
  return result || text.trim();
}
