/** One error's HTTP status and messages; its own file so errors-<feature>.ts files do not import errors.ts (a cycle). */
export interface ErrorEntry {
  status: number;
  zh: string;
  en: string;
}
