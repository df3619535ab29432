import { signIntakeMessage } from '../../src/services/intake-sources.ts';
import type { World } from './world.ts';

let seq = 0;

/** A message as an IM/social source posts it; override what the test is about. */
export function imMessage(over: Record<string, unknown> = {}) {
  seq += 1;
  return {
    messageId: `m-${process.pid}-${seq}`,
    type: 'direct_message',
    author: { id: `u${seq}`, name: '微信用户小李', profileUrl: 'https://weibo.example.cn/u/1' },
    url: 'https://weibo.example.cn/p/1',
    text: '买的电水壶第二天就漏水了，客服一直不回消息。',
    postedAt: '2026-11-02T01:59:00Z',
    ...over,
  };
}

/** Posts `body` to the source's webhook, signed with `secret` at the world's current time (or as told). */
export function postSigned(
  w: World,
  source: { id: string; secret: string },
  body: unknown,
  opts: { timestamp?: number; signature?: string; raw?: string } = {},
) {
  const raw = opts.raw ?? JSON.stringify(body);
  const ts = String(opts.timestamp ?? Math.floor(w.now.getTime() / 1000));
  return w.req(null, 'POST', `/api/v1/intake/sources/${source.id}/messages`, raw, {
    'content-type': 'application/json',
    'x-kesu-timestamp': ts,
    'x-kesu-signature': opts.signature ?? signIntakeMessage(source.secret, ts, raw),
  });
}

export async function newSource(w: World, over: Record<string, unknown> = {}, tenant = 'merchantA') {
  const r = await w.req(w.tokens[`${tenant}:admin`]!, 'POST', '/api/v1/intake-sources', {
    kind: 'weibo',
    name: '官方微博',
    ...over,
  });
  if (r.status !== 201) throw new Error(`fixture source: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; secret: string; webhookPath: string };
}
