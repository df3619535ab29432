import { spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export type WebBuild = { built: boolean; reason?: string };

/**
 * Builds the web application into `webDir` (replacing what is there). Vite writes into a temporary dir that is
 * renamed into place, so a server never serves a half-written build. Resolves `{ built: false, reason }` instead of
 * throwing: the API is served either way.
 */
export async function buildWeb(webDir: string, log: (msg: string) => void): Promise<WebBuild> {
  const vite = join(repo, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    return {
      built: false,
      reason: 'vite is not installed (npm install, with dev dependencies), then npm run build:web',
    };
  }
  const tmp = `${webDir}.tmp-${process.pid}-${Date.now()}`;
  log(`正在构建网页应用 / building the web application into ${webDir} (~10 s)…`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [vite, 'build', '--config', join(repo, 'web', 'vite.config.ts'), '--outDir', tmp, '--logLevel', 'warn'],
      { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.on('error', () => resolve(-1));
    child.on('exit', (c) => resolve(c ?? -1));
  });
  if (code !== 0 || !existsSync(join(tmp, 'index.html'))) {
    rmSync(tmp, { recursive: true, force: true });
    return { built: false, reason: `vite build failed (exit ${code}); run npm run build:web to see why` };
  }
  const old = `${webDir}.old-${process.pid}-${Date.now()}`;
  if (existsSync(webDir)) renameSync(webDir, old);
  try {
    renameSync(tmp, webDir);
  } catch {
    // another process put its build in place first: keep that one
    rmSync(tmp, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
  return { built: true };
}

/** `npm start` on a fresh checkout: build the web application when `webDir` has no index.html. */
export async function ensureWebBuilt(webDir: string, log: (msg: string) => void): Promise<WebBuild> {
  if (existsSync(join(webDir, 'index.html'))) return { built: false, reason: 'present' };
  return buildWeb(webDir, log);
}
