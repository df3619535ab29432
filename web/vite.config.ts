import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/web', import.meta.url));

/**
 * Brotli and gzip twins of every text file of the build (file.js.br, file.js.gz), made once at build time so the
 * server sends them without compressing per request (src/http/routes/home.ts picks one by Accept-Encoding).
 */
function precompress(): Plugin {
  let dir = outDir;
  const compressible = /\.(js|mjs|css|html|svg|json|txt)$/;
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
  return {
    name: 'kesu-precompress',
    apply: 'build',
    configResolved(config) {
      dir = config.build.outDir;
    },
    closeBundle() {
      for (const file of walk(dir)) {
        if (!compressible.test(file)) continue;
        const raw = readFileSync(file);
        if (raw.length < 1024) continue;
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(raw, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
      }
    },
  };
}

/**
 * main.tsx only starts the first requests and then imports boot.tsx; without help the browser would discover the
 * application's chunks only after running main. These links let it fetch them at once, beside the entry.
 */
function preloadBoot(): Plugin {
  return {
    name: 'kesu-preload-boot',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle ?? {};
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const boot = chunks.find((c) => c.facadeModuleId?.endsWith('/src/boot.tsx'));
        if (!boot) return [];
        const files = new Set<string>();
        const visit = (file: string) => {
          if (files.has(file)) return;
          files.add(file);
          const c = bundle[file];
          if (c?.type === 'chunk') for (const dep of c.imports) visit(dep);
        };
        visit(boot.fileName);
        const already = new Set([ctx.chunk?.fileName, ...(ctx.chunk?.imports ?? [])]);
        return [...files]
          .filter((f) => !already.has(f))
          .map((f) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` },
            injectTo: 'head' as const,
          }));
      },
    },
  };
}

/** Libraries every page needs and that change rarely: one long-cached chunk. */
const core = /node_modules\/(react|react-dom|react-router|scheduler)\//;

/** The web application: built from web/ into dist/web, served by the API process at `/`. */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), preloadBoot(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // ECharts only for the dashboard; React on its own; antd and the rest split by the pages that import them,
        // so the queue does not download the upload, date-picker or chart code of the other pages.
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (core.test(id)) return 'react';
          return undefined;
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000', '/healthz': 'http://localhost:3000' } },
});
