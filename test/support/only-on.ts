import { it, type TestAPI } from 'vitest';

/**
 * A test that only makes sense on one database of a `describe.each(testDatabases())` (a CLI run against the
 * server, a PDF printed once): defined there, absent on the other — not reported as skipped, so CI's
 * "nothing skipped" stays readable.
 */
export function onlyOn<T extends (...args: never[]) => unknown = TestAPI>(
  current: string,
  wanted: 'pglite' | 'postgres',
  test: T = it as unknown as T,
): T {
  return current === wanted ? test : (((..._args: unknown[]) => undefined) as unknown as T);
}
