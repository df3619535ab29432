import { digitsOnly, normalise, orderKey } from './normalise.ts';
import { tokenizeForSearch } from './segment.ts';

export interface SearchSource {
  caseNumber: string;
  reason: string;
  complainantName: string;
  complainantPhone: string | null;
  orderNumber: string | null;
  /** notes and messages from the timeline, oldest first */
  messages: string[];
}

export interface SearchDocument {
  /** jieba tokens separated by spaces: the input of to_tsvector('simple', …) */
  tokens: string;
  /** normalised reason, notes and messages: what snippets are cut from */
  body: string;
  orderKey: string | null;
  phoneKey: string | null;
}

/** Keeps letters and digits only, so PostgreSQL's parser sees exactly one word per jieba token. */
export const lexeme = (t: string) => t.replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();

/** Separates the parts of `body`; snippets never run across it. */
export const BODY_SEPARATOR = '\n';

export function buildSearchDocument(s: SearchSource): SearchDocument {
  const texts = [s.reason, ...s.messages].map((t) => normalise(t).text).filter(Boolean);
  const words = [s.complainantName, ...texts].flatMap((t) => tokenizeForSearch(t));
  const ok = s.orderNumber ? orderKey(s.orderNumber) : null;
  const extra = [lexeme(s.caseNumber), ok?.toLowerCase() ?? ''];
  const tokens = [...words.map(lexeme), ...extra].filter(Boolean).join(' ');
  const phone = s.complainantPhone ? digitsOnly(s.complainantPhone) : '';
  return {
    tokens,
    body: texts.join(BODY_SEPARATOR).slice(0, 20_000),
    orderKey: ok || null,
    phoneKey: phone.length >= 5 ? phone : null,
  };
}

const WEEK_MS = 7 * 86_400_000;

/** Weeks since 1970-01-01 (UTC): case_search.created_week, the same as floor(epoch / 604800) in migration 0016. */
export const weekOf = (at: Date) => Math.floor(at.getTime() / WEEK_MS);
