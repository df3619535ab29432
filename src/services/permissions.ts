import { AppError } from '../domain/errors.ts';
import type { Role } from '../domain/vocabulary.ts';
import type { Actor } from './context.ts';

/** Viewers and auditors read; agents and up act. Throws FORBIDDEN for other roles. */
export function requireRole(actor: Actor, allowed: readonly Role[]): void {
  if (actor.role === 'system') return;
  if (!allowed.includes(actor.role)) throw new AppError('FORBIDDEN', { role: actor.role, allowed });
}
