import { type CaseKind, type Category, categories } from '../domain/vocabulary.ts';
import { categoryFeatures, featureLabel, sentimentFeatures } from './features.ts';
import { type Flag, textFlags } from './flags.ts';
import { predictLinear } from './linear.ts';
import { loadModel, loadSentimentModel } from './models.ts';
import { predictNb } from './naive-bayes.ts';
import { normalise } from './normalise.ts';
import { guessParty, type PartyGuess } from './party.ts';
import { type Signal, severitySignals, suggestedSeverity } from './signals.ts';

export interface Classification {
  modelVersion: string;
  category: {
    value: Category;
    confidence: number;
    /** the words and character pairs that decided it, with their log-likelihood weight against the runner-up */
    evidence: { term: string; weight: number }[];
    alternatives: { value: string; confidence: number }[];
  };
  severity: { suggested: number; signals: Signal[] };
  responsibleParty: PartyGuess;
  /** reviews only: P(positive) in [0,1] and the words that moved it */
  sentiment: { positive: number; label: 'positive' | 'negative'; evidence: { term: string; weight: number }[] } | null;
  flags: Flag[];
}

const isCategory = (s: string): s is Category => (categories as readonly string[]).includes(s);

/** Everything Kesu reads from one complaint or review text; pure, synchronous, well under a millisecond. */
export function classifyText(raw: string, kind: CaseKind = 'complaint', givenSeverity = 2): Classification {
  const text = normalise(raw).text;
  const catModel = loadModel('category');
  const cat = predictNb(catModel, categoryFeatures(text));
  const value = isCategory(cat.label) ? cat.label : 'other';
  const signals = severitySignals(text);
  let sentiment: Classification['sentiment'] = null;
  if (kind === 'bad_review') {
    const s = predictLinear(loadSentimentModel(), sentimentFeatures(text));
    const positive = s.p1;
    sentiment = {
      positive,
      label: positive >= 0.5 ? 'positive' : 'negative',
      evidence: s.evidence.map((e) => ({ term: e.feature, weight: e.weight })),
    };
  }
  return {
    modelVersion: catModel.version,
    category: {
      value,
      confidence: cat.confidence,
      evidence: mergeEvidence(cat.evidence),
      alternatives: Object.entries(cat.scores)
        .filter(([l]) => l !== value)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 2)
        .map(([v, confidence]) => ({ value: v, confidence })),
    },
    severity: { suggested: suggestedSeverity(signals, givenSeverity), signals },
    responsibleParty: guessParty(text, value),
    sentiment,
    flags: textFlags(text),
  };
}

/** A word and the same characters as a bigram are one piece of evidence for a reader: sum them. */
function mergeEvidence(ev: { feature: string; weight: number }[]) {
  const m = new Map<string, number>();
  for (const e of ev) m.set(featureLabel(e.feature), (m.get(featureLabel(e.feature)) ?? 0) + e.weight);
  return [...m].sort((a, b) => b[1] - a[1]).map(([term, w]) => ({ term, weight: Math.round(w * 100) / 100 }));
}
