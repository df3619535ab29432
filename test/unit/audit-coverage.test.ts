import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every service that changes stored state writes an audit row (so the hash chain covers it), or is listed here
 * with the reason it does not. A new service that writes without auditing fails this test until it does one.
 */
const notAudited: Record<string, string> = {
  'auth.ts': 'sessions and API tokens: credentials, not records (the token hash is stored, never the token)',
  'case-hours.ts':
    'working-hour durations derived from the audited first response and resolution, stored for analytics (0017)',
  'case-read-marks.ts':
    'per-user read marks (when each user last opened a case, for the unread-reply mark): UI state, like notification reads',
  'case-missing.ts':
    'recomputes the derived “missing information” list inside audited changes (add-evidence, update-case, access-answers)',
  'case-sla.ts': 'SLA clocks derived from the case; their breaches are audited by sla-sweep',
  'classify-case.ts':
    'the classifier’s suggestion stored beside an audited intake; corrections are audited (correct-classification)',
  'import-orders.ts': 'order rows of an import batch; the import itself is audited by import-jobs',
  'mail-outbox.ts': 'delivery bookkeeping of mail whose sending was audited when queued',
  'monthly-report-mail.ts':
    'claims one send per organisation and month (bookkeeping); the report is built from audited records and queued as mail',
  'pii-access.ts': 'the log of full reads of contact data: itself the record of who read what; reads change no case',
  'seed-demo-analytics.ts': 'demo data for an empty installation',
  'notifications.ts': 'per-user notices (read/unread), derived from audited events',
  'responsibility-ledger.ts': 'statistics derived from audited moves and follow-ups',
  'search-doc.ts': 'the search index, rebuilt from the cases',
  'seed-demo.ts': 'demo data for an empty installation',
  'webhook-delivery.ts': 'delivery bookkeeping (attempts, status) of outbox events recorded with their audited change',
};

const servicesDir = join(import.meta.dirname, '..', '..', 'src', 'services');
const writes =
  /insertInto\(|updateTable\(|deleteFrom\(|\binsert into\b|\bupdate [a-z_]+ (?:[a-z]+ )?set\b|\bdelete from\b/i;
const audits = /recordCaseChange|writeAudit|audit_log/;

describe('audit coverage of state changes', () => {
  const files = readdirSync(servicesDir).filter((f) => f.endsWith('.ts'));
  const writers = files.filter((f) => writes.test(readFileSync(join(servicesDir, f), 'utf8')));

  it('finds the services that write (the scan itself works)', () => {
    expect(writers.length).toBeGreaterThan(40);
    expect(writers).toContain('intake-case.ts');
  });

  it('every service that writes state also writes the audit trail, or says why not', () => {
    const unaudited = writers.filter((f) => !audits.test(readFileSync(join(servicesDir, f), 'utf8')));
    expect(unaudited.filter((f) => !(f in notAudited))).toEqual([]);
  });

  it('the exceptions list holds no stale entry', () => {
    for (const f of Object.keys(notAudited)) {
      expect(files, `${f} no longer exists`).toContain(f);
      expect(audits.test(readFileSync(join(servicesDir, f), 'utf8')), `${f} audits now: drop it from the list`).toBe(
        false,
      );
    }
  });
});
