import { backfillCaseHours } from '../services/case-hours.ts';
import type { Executor } from '../services/context.ts';
import { sendPendingMail } from '../services/mail-outbox.ts';
import type { Mailer } from '../services/mailer.ts';
import { mailMonthlyReports } from '../services/monthly-report-mail.ts';
import { runRetention } from '../services/privacy-retention.ts';
import { runSlaSweep } from '../services/sla-sweep.ts';
import { deliverWebhooks, dispatchOutbox } from '../services/webhook-delivery.ts';

/** The job bodies, each idempotent and bounded; the pg-boss worker runs them, tests call them with a pinned clock. */
export const jobs = {
  'kesu-sla-sweep': (db: Executor, _mailer: Mailer, now: Date) => runSlaSweep(db, now, { budgetMs: 5_000 }),
  'kesu-outbox': (db: Executor, _mailer: Mailer, now: Date) => dispatchOutbox(db, now),
  'kesu-webhooks': (db: Executor, _mailer: Mailer, now: Date) => deliverWebhooks(db, now),
  'kesu-mail': (db: Executor, mailer: Mailer, now: Date) => sendPendingMail(db, mailer, now),
  'kesu-monthly-report': (db: Executor, mailer: Mailer, now: Date) => mailMonthlyReports(db, mailer, now),
  // Daily per organisation (the job skips those done in the last 24 h); asked for on every tick like the others.
  'kesu-privacy-retention': (db: Executor, _mailer: Mailer, now: Date) => runRetention(db, now, { budgetMs: 10_000 }),
  // Stores the working hours of cases marked stale (rows from before 0017, raw imports): 10 × 2,000 per tick.
  'kesu-case-hours': (db: Executor) => backfillCaseHours(db, 2_000, 10),
} as const;
export type JobName = keyof typeof jobs;
export const jobNames = Object.keys(jobs) as JobName[];

/** One pass of every job in order: sweep → outbox → webhooks → mail → monthly report → privacy retention → hours. */
export async function runJobsOnce(db: Executor, mailer: Mailer, now: Date) {
  const out: Record<string, unknown> = {};
  for (const name of jobNames) out[name] = await jobs[name](db, mailer, now);
  return out;
}
