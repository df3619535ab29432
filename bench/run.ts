import { analyticsBench } from './analytics.ts';
import { classifyBench } from './classify.ts';
import { importBench } from './import.ts';
import { intakeBench } from './intake.ts';
import { mailBench } from './mail.ts';
import { queueBench } from './queue.ts';
import { searchBench } from './search.ts';
import { webBench } from './web.ts';

const benches: Record<string, () => Promise<unknown>> = {
  intake: intakeBench,
  queue: queueBench,
  search: searchBench,
  classify: classifyBench,
  sla: slaBench,
  import: importBench,
  mail: mailBench,
  analytics: analyticsBench,
  web: webBench,
};

import { slaBench } from './sla.ts';

const names = process.argv.slice(2).filter((a) => a !== '--');
if (names.length === 0 || names.some((n) => !benches[n])) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [...]`);
  process.exit(2);
}
for (const name of names) await benches[name]?.();
