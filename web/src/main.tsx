/**
 * The entry is tiny on purpose: it starts the first API requests (early.ts), then loads the application, whose
 * chunks index.html already preloads (web/vite.config.ts), so the requests and the code arrive side by side.
 */
import './early.ts';

void import('./boot.tsx');
