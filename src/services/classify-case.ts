import { sql } from 'kysely';
import type { CaseKind, Category } from '../domain/vocabulary.ts';
import { type Classification, classifyText } from '../text/classify.ts';
import { frequentContactFlag } from '../text/flags.ts';
import { digitsOnly } from '../text/normalise.ts';
import type { Executor, ServiceContext } from './context.ts';

/** Below this confidence the guess is stored and shown but the case's category stays empty for an agent. */
export const APPLY_CATEGORY_CONFIDENCE = 0.6;
/** Window for the "keeps contacting us" pattern (docs/domain.md: do not call too often; repeated contact). */
export const CONTACT_WINDOW_DAYS = 30;

export interface IntakeClassification {
  result: Classification;
  /** the category the case is filed under: the agent's if given, else the guess when confident enough */
  category: Category | undefined;
  categoryApplied: boolean;
  severity: number;
}

/** Reads the complaint before it is stored (pure, sub-millisecond): its category decides what intake asks for. */
export function classifyIntake(input: {
  kind: CaseKind;
  reason: string;
  category?: Category | undefined;
  severity?: number | undefined;
}): IntakeClassification {
  const result = classifyText(input.reason, input.kind, input.severity ?? 2);
  const apply = !input.category && result.category.confidence >= APPLY_CATEGORY_CONFIDENCE;
  return {
    result,
    category: input.category ?? (apply ? result.category.value : undefined),
    categoryApplied: apply,
    // An agent's explicit severity stands; otherwise the signals (12315 threat, safety, amount) raise it.
    severity: input.severity ?? result.severity.suggested,
  };
}

/**
 * Stores the reading with the new case, in the intake transaction. Returns its summary, which the intake's
 * own `created` event and `case.create` audit row carry: classification is part of taking the case in.
 */
export async function recordIntakeClassification(
  trx: Executor,
  ctx: ServiceContext,
  caseId: string,
  phone: string | undefined,
  c: IntakeClassification,
): Promise<Record<string, unknown>> {
  const r = c.result;
  const flags = [...r.flags];
  const phoneKey = phone ? digitsOnly(phone) : '';
  if (phoneKey.length >= 5) {
    const since = new Date(ctx.now.getTime() - CONTACT_WINDOW_DAYS * 86_400_000);
    const prior = await trx
      .selectFrom('case_search')
      .innerJoin('cases', 'cases.id', 'case_search.case_id')
      .select(sql<number>`count(*)`.as('n'))
      .where('case_search.tenant_id', '=', ctx.actor.tenantId)
      .where('case_search.phone_key', '=', phoneKey)
      .where('cases.created_at', '>=', since)
      .where('cases.id', '<>', caseId)
      .executeTakeFirstOrThrow();
    const f = frequentContactFlag(Number(prior.n), CONTACT_WINDOW_DAYS);
    if (f) flags.push(f);
  }
  await trx
    .insertInto('case_classifications')
    .values({
      tenant_id: ctx.actor.tenantId,
      case_id: caseId,
      model_version: r.modelVersion,
      category: r.category.value,
      confidence: r.category.confidence,
      category_applied: c.categoryApplied,
      severity_suggested: r.severity.suggested,
      responsible_party: r.responsibleParty.party,
      sentiment: r.sentiment?.positive ?? null,
      result: JSON.stringify(r),
      flags: JSON.stringify(flags),
      created_at: ctx.now,
    })
    .execute();
  return {
    category: r.category.value,
    confidence: r.category.confidence,
    categoryApplied: c.categoryApplied,
    matchedTerms: r.category.evidence.map((e) => e.term),
    severity: c.severity,
    severitySignals: r.severity.signals.map((s) => ({ code: s.code, terms: s.terms })),
    responsibleParty: r.responsibleParty.party,
    flags: flags.map((f) => f.code),
    modelVersion: r.modelVersion,
  };
}

/** Classification of any text for a signed-in user (preview in the UI, checks on exported reviews). */
export function classifyStandalone(_ctx: ServiceContext, text: string, kind: CaseKind): Classification {
  return classifyText(text, kind);
}
