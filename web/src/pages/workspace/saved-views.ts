/** Saved queue views: named filter sets kept in this browser (localStorage). */
export interface QueueFilters {
  status?: string[];
  kind?: string;
  category?: string;
  channel?: string;
  respondentTenantId?: string;
  departmentId?: string;
  personId?: string;
  createdFrom?: string;
  createdTo?: string;
  severity?: number;
  overdue?: boolean;
  open?: boolean;
  mine?: boolean;
  /** Cases the complainant wrote on since you last opened them. */
  unread?: boolean;
}

export interface SavedView {
  name: string;
  filters: QueueFilters;
}

const KEY = 'kesu.queue.views';

export function loadViews(): SavedView[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as SavedView[]).filter((x) => typeof x?.name === 'string') : [];
  } catch {
    return [];
  }
}

export function storeViews(views: SavedView[]) {
  localStorage.setItem(KEY, JSON.stringify(views));
}
