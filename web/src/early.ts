/**
 * Runs before the application's code has loaded (main.tsx imports it first): asks for the signed-in user
 * and, on the queue, for its first page, so both answers are on their way while React and antd load and start.
 * The page's own requests for the same URLs take these answers (api/client.ts).
 */
import { buildUrl, fetchEarly, tokenStore } from './api/client.ts';
import { casesQuery, filtersFromSearch } from './pages/workspace/queue-url.ts';

if (tokenStore.get()) {
  fetchEarly('/api/v1/me');
  if (location.pathname === '/queue' || location.pathname === '/') {
    const filters = filtersFromSearch(new URLSearchParams(location.search));
    // "mine" needs the user's id, which /me has not answered yet.
    if (!filters.mine) fetchEarly(buildUrl('/api/v1/cases', undefined, casesQuery(filters, undefined)));
  }
}
