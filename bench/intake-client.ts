import { randomUUID } from 'node:crypto';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type LoopResult, runLoops } from './loops.ts';

export interface ClientJob {
  base: string;
  token: string;
  clients: number;
  seconds: number;
  warmupSeconds: number;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '婷'];
const REASONS = [
  '客服态度恶劣，多次来电询问退款进度均被敷衍挂断，要求商家书面道歉并尽快处理。',
  '在线客服回复极其不耐烦，问题没有解决就直接结束会话，希望平台介入督促改进。',
  '门店售后人员言语粗鲁，拒绝登记我的问题，还让我自己找快递公司，服务态度很差。',
  '客服承诺二十四小时内回电，三天过去了仍然没有任何回复，感觉被敷衍，请尽快答复。',
];

/** One realistic hotline complaint about service attitude: nothing is missing, so it is filed as submitted. */
export function complaint(loop: number, i: number) {
  return {
    kind: 'complaint',
    channel: 'hotline',
    complainant: {
      name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i + loop) % GIVEN.length]}`,
      phone: `139${String((loop * 1_000_003 + i) % 100_000_000).padStart(8, '0')}`,
    },
    reason: REASONS[i % REASONS.length] ?? '',
    expectedResolution: 'apology',
    category: 'service_attitude',
    severity: 2,
  } as const;
}

/** `clients` concurrent keep-alive fetch loops POSTing /api/v1/cases, each with a fresh Idempotency-Key. */
export function postCases(job: ClientJob): Promise<LoopResult> {
  const url = `${job.base}/api/v1/cases`;
  return runLoops(job.clients, job.seconds, job.warmupSeconds, async (loop, i) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${job.token}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(complaint(loop, i)),
    });
    const text = await res.text();
    return res.status === 201 ? null : `HTTP ${res.status}: ${text.slice(0, 200)}`;
  });
}

/** Runs the clients in a worker thread so their CPU is not charged to the server's event loop. */
export function postCasesInWorker(job: ClientJob): Promise<LoopResult> {
  return new Promise((resolve, reject) => {
    // Node 20 does not apply tsx's --import hooks to a worker's entry module; register them from a small shim.
    const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const shim = `import(${api}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const w = new Worker(shim, { eval: true, workerData: job });
    w.once('message', (r: LoopResult) => resolve(r));
    w.once('error', reject);
    w.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`client worker exited with ${code}`))));
  });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  postCases(workerData as ClientJob).then((r) => port.postMessage(r));
}
