import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_MAX_BYTES } from '../../src/services/add-evidence.ts';
import { newTarget } from '../support/bad-input-routes.ts';
import { testDatabases } from '../support/databases.ts';
import { evidenceUpload, expectError, multipart, type Part, PNG_1X1 } from '../support/http-checks.ts';
import { buildWorld, type World } from '../support/world.ts';

/** Evidence uploads: multipart built by hand, the type decided by the bytes, never by the name or declared type. */
const boundary = 'kesu-test-boundary-7d1f';
const file = (value: string | Buffer, filename = 'photo.png', contentType = 'image/png'): Part => ({
  name: 'file',
  value,
  filename,
  contentType,
});

describe.each(testDatabases())('bad evidence uploads on $name', ({ open }) => {
  let w: World;
  let agent: string;
  let caseId: string;
  let dir: string;
  beforeAll(async () => {
    const database = await open();
    dir = database.dir;
    w = await buildWorld(database);
    agent = w.tokens['merchantA:agent']!;
    caseId = (await newTarget(w)).caseId;
  });
  afterAll(async () => w?.close());

  const upload = (payload: string | Buffer, headers: Record<string, string>, id = caseId) =>
    w.req(agent, 'POST', `/api/v1/cases/${id}/evidence`, payload, headers);
  const uploadParts = (parts: Part[]) => {
    const m = multipart(parts, boundary);
    return upload(m.payload, m.headers);
  };
  const evidenceCount = async () => (await w.req(agent, 'GET', `/api/v1/cases/${caseId}/evidence`)).body.items.length;

  it('takes a real PNG: 201, type sniffed as image/png, sha256 of the bytes, downloadable unchanged', async () => {
    const res = await uploadParts([{ name: 'description', value: '破损照片' }, file(PNG_1X1)]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      mime: 'image/png',
      sizeBytes: PNG_1X1.length,
      sha256: createHash('sha256').update(PNG_1X1).digest('hex'),
      fileName: 'photo.png',
      description: '破损照片',
    });
    const got = await w.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseId}/evidence/${res.body.id}`,
      headers: { authorization: `Bearer ${agent}` },
    });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.rawPayload.equals(PNG_1X1)).toBe(true);
  });

  it('goes by the bytes: a PNG declared as text is image/png, a path in the name is dropped', async () => {
    const res = await uploadParts([file(PNG_1X1, '../../../etc/passwd', 'text/plain')]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mime: 'image/png', fileName: 'passwd' });
    expect(readdirSync(dir)).not.toContain('etc');
  });

  it('refuses a text file declared as image/png with 415 UNSUPPORTED_EVIDENCE_TYPE', async () => {
    const before = await evidenceCount();
    expectError(await uploadParts([file('just some text, not an image')]), 415, 'UNSUPPORTED_EVIDENCE_TYPE');
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    expectError(await uploadParts([file(svg, 'a.svg', 'image/svg+xml')]), 415, 'UNSUPPORTED_EVIDENCE_TYPE');
    const html = '<!doctype html><script>alert(1)</script>';
    expectError(await uploadParts([file(html, 'a.html', 'text/html')]), 415, 'UNSUPPORTED_EVIDENCE_TYPE');
    expect(await evidenceCount()).toBe(before);
  });

  it('refuses an empty file with 400 VALIDATION_FAILED', async () => {
    const res = await uploadParts([file(Buffer.alloc(0))]);
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.details).toMatchObject({ field: 'file', problem: 'empty' });
  });

  it('refuses a file over 10 MB with 413 EVIDENCE_TOO_LARGE', async () => {
    const big = Buffer.concat([PNG_1X1, Buffer.alloc(EVIDENCE_MAX_BYTES + 1 - PNG_1X1.length, 0x41)]);
    const before = await evidenceCount();
    expectError(await uploadParts([file(big)]), 413, 'EVIDENCE_TOO_LARGE');
    expect(await evidenceCount()).toBe(before);
  });

  it('refuses requests that are not multipart with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    expectError(
      await upload(JSON.stringify({ file: PNG_1X1.toString('base64') }), { 'content-type': 'application/json' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(await upload(PNG_1X1, { 'content-type': 'image/png' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(
      await upload('file=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(await upload('hello', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await w.req(agent, 'POST', `/api/v1/cases/${caseId}/evidence`), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses multipart without a file part, or that cannot be read, with 400 VALIDATION_FAILED', async () => {
    const mp = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    const attempts: [string, () => ReturnType<World['req']>][] = [
      ['only a description', () => uploadParts([{ name: 'description', value: 'no file' }])],
      ['file under another name', () => uploadParts([{ ...file(PNG_1X1), name: 'photo' }])],
      ['no parts', () => upload(`--${boundary}--\r\n`, mp)],
      ['garbage', () => upload('hello', mp)],
      [
        'no boundary',
        () => upload(multipart([file(PNG_1X1)], boundary).payload, { 'content-type': 'multipart/form-data' }),
      ],
      ['cut short', () => upload(multipart([file(PNG_1X1)], boundary).payload.subarray(0, 150), mp)],
      ['malformed part header', () => upload(`--${boundary}\r\ngarbage\r\n\r\nabc\r\n--${boundary}--\r\n`, mp)],
    ];
    for (const [label, send] of attempts) {
      const res = await send();
      expect({ label, status: res.status, code: res.body?.error?.code }).toEqual({
        label,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expectError(res, 400, 'VALIDATION_FAILED');
    }
  });

  it('refuses too many parts with 413 PAYLOAD_TOO_LARGE', async () => {
    const fields = Array.from({ length: 8 }, (_, i) => ({ name: `f${i}`, value: 'v' }));
    expectError(await uploadParts([...fields, file(PNG_1X1)]), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses NUL bytes in the description or file name with 400; odd names and fields never 500', async () => {
    expectError(
      await uploadParts([{ name: 'description', value: 'a\u0000b' }, file(PNG_1X1)]),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await uploadParts([file(PNG_1X1, 'a\u0000b.png')]), 400, 'VALIDATION_FAILED');
    const odd = [
      [{ name: '__proto__', value: '{"polluted":"yes"}' }, file(PNG_1X1)],
      [{ name: 'constructor', value: 'x' }, file(PNG_1X1)],
      [file(PNG_1X1, '__proto__')],
      [file(PNG_1X1, Buffer.from([0x61, 0xff, 0xfe, 0x2e, 0x70, 0x6e, 0x67]).toString('latin1'))],
      [{ name: 'description', value: Buffer.from([0x41, 0xff, 0xfe, 0x42]) }, file(PNG_1X1)],
      [{ name: 'description', value: 'd'.repeat(5000) }, file(PNG_1X1)],
    ];
    for (const parts of odd) {
      const res = await uploadParts(parts);
      expect(res.status).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers 404 CASE_NOT_FOUND for a case id that names nothing, after reading a valid upload', async () => {
    const { payload, headers } = evidenceUpload();
    for (const id of ['not-a-uuid', '00000000-0000-0000-0000-000000000000']) {
      expectError(await upload(payload, headers, id), 404, 'CASE_NOT_FOUND');
    }
  });
});
