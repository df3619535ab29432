import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { consoleTexts } from './console.ts';
import { coreTexts } from './core.ts';
import { type VocabGroup, vocab } from './vocab.ts';

export type Lang = 'zh' | 'en';
const texts = { ...coreTexts, ...consoleTexts };
export type TextKey = keyof typeof texts;

const LANG_KEY = 'kesu.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** A text by key with `{name}` placeholders filled. */
  t: (key: TextKey, vars?: Record<string, string | number>) => string;
  /** A vocabulary label (status, category …); an unknown value is shown as it is. */
  v: (group: VocabGroup, value: string | number | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    return l;
  });
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(LANG_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  }, []);
  const value = useMemo<I18n>(() => {
    const i = lang === 'zh' ? 0 : 1;
    return {
      lang,
      setLang,
      t: (key, vars) => {
        const pair = texts[key] as readonly [string, string] | undefined;
        let s = pair ? pair[i] : key;
        if (vars) for (const [k, val] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(val));
        return s;
      },
      v: (group, value) => {
        if (value === null || value === undefined || value === '') return '—';
        const pairs = vocab[group] as Record<string, readonly [string, string]>;
        return pairs[String(value)]?.[i] ?? String(value);
      },
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
