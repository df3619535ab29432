/** Small helpers shared by the admin and platform pages. */
import { App } from 'antd';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';

/** Page title: one h1 per page (axe), as the skeleton's pages do. */
export function PageTitle({ children }: { children: ReactNode }) {
  return <h1 style={{ fontSize: 18, margin: 0 }}>{children}</h1>;
}

/** A section title under the page's h1. */
export function SectionTitle({ children }: { children: ReactNode }) {
  return <h2 style={{ fontSize: 16, margin: 0 }}>{children}</h2>;
}

/** Shows an API error in the UI's language. */
export function useFail() {
  const { message } = App.useApp();
  const { lang } = useI18n();
  return useCallback(
    (e: unknown) => {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    },
    [message, lang],
  );
}

/** Loads once (and again on reload()); errors go to a toast. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []) {
  const fail = useFail();
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: callers pass the inputs of `load` as deps
  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then((d) => live && setData(d))
      .catch(fail)
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [tick, fail, ...deps]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, loading, reload };
}

/** Yuan typed in a form ↔ fen the API stores. */
export const yuanToFen = (yuan: number | null | undefined) =>
  yuan === null || yuan === undefined ? undefined : Math.round(yuan * 100);
export const fenToYuan = (fen: number | null | undefined) =>
  fen === null || fen === undefined ? undefined : fen / 100;
