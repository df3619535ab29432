/**
 * How a complainant is recognised across cases without keeping their contact in clear in flags: the SHA-256 of
 * the phone's digits (a leading 86 country code dropped) and of the lower-cased e-mail. The same normalisation is
 * applied in SQL (services/complainant-history.ts), so both must change together.
 */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length > 11 && digits.startsWith('86') ? digits.slice(2) : digits;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
