import { request as httpRequest } from 'node:http';

/**
 * A JSON POST on its own connection whose body is sent in two parts: the server holds the request in flight until
 * `finish()` sends the rest (for in-flight bounds and draining on shutdown).
 */
export function heldPost(port: number, path: string, token: string, body: unknown) {
  const payload = Buffer.from(JSON.stringify(body));
  const req = httpRequest({
    host: '127.0.0.1',
    port,
    path,
    method: 'POST',
    agent: false,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': String(payload.length),
    },
  });
  const response = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
  });
  req.write(payload.subarray(0, 10));
  return {
    response,
    finish: () => {
      req.end(payload.subarray(10));
      return response;
    },
  };
}
