import { describe, expect, it } from 'vitest';
import { splitMbox } from '../../src/channels/email/mail-files.ts';
import {
  automatedMailReason,
  bareSubject,
  caseNumberInSubject,
  headerSafe,
  subjectWithCaseNumber,
  threadIds,
} from '../../src/domain/mail-rules.ts';
import { stripQuotedHistory } from '../../src/domain/mail-text.ts';

describe('automatic mail is recognised (RFC 3834, 3464, 2919)', () => {
  it.each([
    [{ autoSubmitted: 'auto-replied' }, 'auto_submitted'],
    [{ autoSubmitted: 'auto-generated' }, 'auto_submitted'],
    [{ contentType: 'multipart/report; report-type=delivery-status' }, 'delivery_report'],
    [{ xAutoreply: 'yes' }, 'autoreply_header'],
    [{ precedence: 'Bulk' }, 'bulk_precedence'],
    [{ precedence: 'junk' }, 'bulk_precedence'],
    [{ listId: '<shop.lists.example.cn>' }, 'mailing_list'],
    [{ fromAddress: 'MAILER-DAEMON@mx.example.cn' }, 'mailer_daemon'],
  ] as const)('%o → %s', (signals, reason) => {
    expect(automatedMailReason(signals)).toBe(reason);
  });
  it('lets a person’s mail through, including Auto-Submitted: no', () => {
    expect(automatedMailReason({ autoSubmitted: 'no', contentType: 'text/plain', fromAddress: 'a@b.cn' })).toBeNull();
  });
});

describe('subjects and threading', () => {
  it('finds the case number in a reply subject', () => {
    expect(caseNumberInSubject('回复：[ks-2026-000123] 已收到')).toBe('KS-2026-000123');
    expect(caseNumberInSubject('KS-2026-000123 without brackets')).toBeNull();
  });
  it('never lets a decoded subject break into a second header line', () => {
    expect(headerSafe('投诉\r\nBcc: x@y.z\u2028X: 1')).toBe('投诉 Bcc: x@y.z X: 1');
  });
  it('writes the case number once and drops stacked Re:', () => {
    expect(bareSubject('Re: 回复： RE:桌子')).toBe('桌子');
    expect(subjectWithCaseNumber('KS-2026-000001', 'Re: [KS-2026-000001] 桌子')).toBe('[KS-2026-000001] 桌子');
  });
  it('collects Message-IDs from References and In-Reply-To without duplicates', () => {
    expect(threadIds('<b@x>', ['<a@x>', '<b@x>'])).toEqual(['<a@x>', '<b@x>']);
    expect(threadIds(undefined, 'garbage <c@x> more')).toEqual(['<c@x>']);
  });
});

describe('quoted history', () => {
  it('cuts Gmail, Outlook and QQ mail quotes', () => {
    expect(stripQuotedHistory('好的\n\nOn Mon, 2 Nov 2026 someone wrote:\n> old')).toBe('好的');
    expect(stripQuotedHistory('收到\n-----Original Message-----\nFrom: x')).toBe('收到');
    expect(stripQuotedHistory('谢谢\n------------------ 原始邮件 ------------------\n发件人: x')).toBe('谢谢');
  });
  it('keeps a mail that is nothing but a quote', () => {
    expect(stripQuotedHistory('> only quoted')).toBe('> only quoted');
  });
});

describe('mbox', () => {
  it('splits at From lines and unescapes >From', () => {
    const parts = splitMbox(
      Buffer.from('From a@b Mon\nSubject: 1\n\n>From here\n\nFrom c@d Tue\nSubject: 2\n\nbody\n'),
    );
    expect(parts.map((p) => p.toString())).toEqual(['Subject: 1\n\nFrom here\n\n', 'Subject: 2\n\nbody\n']);
  });
});
