import { chmodSync, existsSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import type { Database } from '../db/database.ts';
import { AppError, errorCatalog } from '../domain/errors.ts';
import { type CommandName, commands } from './commands.ts';

/**
 * The embedded database belongs to one process. While `kesu serve` runs, other `kesu` commands on the same
 * data dir reach it through a Unix socket in that dir (owner-only permissions) instead of opening the files.
 */
export const adminSocketPath = (dataDir: string) => join(dataDir, 'admin.sock');

export function startAdminSocket(dataDir: string, database: Database): Server {
  const path = adminSocketPath(dataDir);
  rmSync(path, { force: true });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', async () => {
      try {
        const { command, args } = JSON.parse(body) as { command: CommandName; args: never };
        if (!Object.hasOwn(commands, command)) throw new AppError('NOT_FOUND', { command });
        const result = await commands[command](database, args);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result }));
      } catch (err) {
        const code = err instanceof AppError ? err.code : 'INTERNAL';
        res.writeHead(err instanceof AppError ? err.status : 500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              code,
              message: errorCatalog[code].en,
              messageZh: errorCatalog[code].zh,
              details: err instanceof AppError ? err.details : { message: String(err) },
            },
          }),
        );
      }
    });
  });
  server.listen(path, () => chmodSync(path, 0o600));
  return server;
}

export function callAdminSocket(dataDir: string, command: CommandName, args: unknown): Promise<unknown> {
  const socketPath = adminSocketPath(dataDir);
  if (!existsSync(socketPath)) return Promise.reject(new Error('no admin socket'));
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath, path: '/', method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => {
          const parsed = JSON.parse(body) as {
            result?: unknown;
            error?: { code: string; message: string; messageZh: string };
          };
          if (parsed.error)
            reject(
              Object.assign(new Error(`${parsed.error.code}: ${parsed.error.messageZh} / ${parsed.error.message}`), {
                code: parsed.error.code,
              }),
            );
          else resolve(parsed.result);
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ command, args }));
  });
}
