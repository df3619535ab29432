/**
 * Personal data inside free text (PIPL): mainland mobile numbers (with spaces or dashes, +86 or not), resident ID
 * numbers (18 characters, the last may be X) and e-mail addresses. Used when a complainant's data is anonymised.
 */
const patterns = [
  /(?<![0-9])(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])/g,
  /(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])/g,
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
];

export const REDACTED = '[已删除]';
export const ANONYMOUS_NAME = '匿名用户';

/** The text with every PII pattern and every given value (a name, an address) replaced. */
export function redactPii(text: string, known: (string | null | undefined)[] = []): string {
  let out = text;
  // Longest first, so that a name contained in an address does not leave half the address behind.
  const values = [...new Set(known.filter((v): v is string => !!v && v.trim().length >= 2))].sort(
    (a, b) => b.length - a.length,
  );
  for (const v of values) out = out.split(v).join(REDACTED);
  for (const p of patterns) out = out.replace(p, REDACTED);
  return out;
}

/** Every string inside a JSON value redacted the same way; numbers, booleans and keys are kept. */
export function redactJson(value: unknown, known: (string | null | undefined)[] = []): unknown {
  if (typeof value === 'string') return redactPii(value, known);
  if (Array.isArray(value)) return value.map((v) => redactJson(v, known));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactJson(v, known)]));
  return value;
}

/** A phone number as digits only, without the +86 country code: how people are matched across cases. */
export function phoneDigits(phone: string): string {
  const d = phone.replace(/\D/g, '');
  return d.length === 13 && d.startsWith('86') ? d.slice(2) : d;
}
