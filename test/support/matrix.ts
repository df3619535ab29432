import type { Role } from '../../src/domain/vocabulary.ts';
import type { World } from './world.ts';

/** Shared vocabulary of the authorization matrix: columns, rows and what each route is called with. */
export const roles = ['admin', 'supervisor', 'agent', 'auditor', 'viewer'] as const satisfies readonly Role[];
export type Column = 'anon' | 'merchantA' | 'platform' | 'opsco' | 'foreign';
export type PerRole = number | Record<Role, number>;
export type Row = Record<Column, PerRole>;

/** The listed roles get `ok`, the others `denied`. */
export const only = (allowed: Role[], ok: number, denied = 403) =>
  Object.fromEntries(roles.map((r) => [r, allowed.includes(r) ? ok : denied])) as Record<Role, number>;
/** admin, supervisor and agent get `ok`; auditor and viewer get `denied`. */
export const act = (ok: number, denied = 403) => only(['admin', 'supervisor', 'agent'], ok, denied);
/** Same answer in every organisation; no token is 401. */
export const everyone = (s: PerRole): Row => ({ anon: 401, merchantA: s, platform: s, opsco: s, foreign: s });
/** `s` for the organisations that see the fixtures, `outside` for the others; no token is 401. */
export const inside = (s: PerRole, outside: PerRole): Row => ({ ...everyone(s), foreign: outside });
/** `s` for merchantA, which owns the fixture outright (not a case), `outside` for every other organisation. */
export const own = (s: PerRole, outside: PerRole): Row => ({ ...everyone(outside), merchantA: s });
/** Public: the credential is in the URL (or there is none), whoever's bearer token comes along. */
export const open = (s: number): Row => ({ ...everyone(s), anon: s });

export type Tenant = 'merchantA' | 'platform' | 'opsco' | 'merchantB' | 'otherPlatform';
export interface Caller {
  label: string;
  column: Column;
  tenant?: Tenant;
  role?: Role;
}
export type Subject = 'merchantA case' | 'platform case';

export interface Call {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** Overrides the caller's token (null: none). */
  token?: string | null;
  /** Text of a fixture made for this call that must not reach outsiders. */
  secrets?: string[];
  /** Fixture text this call may show to anyone (the complainant's own view through a link). */
  shows?: string[];
}

export type CaseFixture = { id: string; reason: string; caseNumber: string; secrets: string[] };
export type Fixtures = Record<Subject, CaseFixture & { evidenceId: string; link: string }> & {
  order: { id: string; secrets: string[] };
};

/** What a feature's table gets to build its calls and fixtures. */
export interface MatrixEnv {
  w: World;
  fx: Fixtures;
  newCase(subject: Subject, over?: Record<string, unknown>): Promise<CaseFixture>;
  next(): number;
}

export type Requests<K extends string> = Record<K, (c: Caller, s: Subject) => Call | Promise<Call>>;

/** A feature's part of the table: one row per route, how to call it, and fixtures made once. */
export interface MatrixPart<K extends string> {
  rows: Record<K, Row>;
  requests(env: MatrixEnv): Requests<K>;
  setup?(env: MatrixEnv): Promise<void>;
}

/** Fails the fixture-building step loudly, with the answer. */
export function ok<T extends { status: number; body: any }>(res: T, status: number, what: string): T {
  if (res.status !== status) throw new Error(`fixture ${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}
