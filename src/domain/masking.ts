import type { Role } from './vocabulary.ts';

/** Roles that handle the complainant directly and so see full contact data; others see masked values (PIPL). */
export function seesPersonalData(role: Role | 'system'): boolean {
  return role === 'admin' || role === 'supervisor' || role === 'agent' || role === 'system';
}

/** 13812345678 → 138****5678; +86 138 1234 5678 → +86 138****5678; short values are masked whole. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(phone.length);
  const local = digits.length > 11 && digits.startsWith('86') ? digits.slice(2) : digits;
  const prefix = local === digits ? '' : '+86 ';
  return `${prefix}${local.slice(0, 3)}${'*'.repeat(Math.max(4, local.length - 7))}${local.slice(-4)}`;
}

/** Resident ID (18 chars) → 110***********123X: keep region prefix digits 1–3 and the last 4. */
export function maskIdNumber(id: string | null): string | null {
  if (id === null) return null;
  if (id.length < 8) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

export function maskEmail(email: string | null): string | null {
  if (email === null) return null;
  const at = email.indexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
