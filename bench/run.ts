import { intakeBench } from './intake.ts';
import { queueBench } from './queue.ts';
import { slaBench } from './sla.ts';

const benches: Record<string, () => Promise<unknown>> = { intake: intakeBench, queue: queueBench, sla: slaBench };

const names = process.argv.slice(2).filter((a) => a !== '--');
if (names.length === 0 || names.some((n) => !benches[n])) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [...]`);
  process.exit(2);
}
for (const name of names) await benches[name]?.();
