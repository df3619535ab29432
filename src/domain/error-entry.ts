/** One entry of an error catalogue: HTTP status and the message in Chinese and English. */
export interface ErrorEntry {
  status: number;
  zh: string;
  en: string;
}
