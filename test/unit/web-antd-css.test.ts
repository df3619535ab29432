import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/**
 * The web app runs antd with `zeroRuntime` and its prebuilt stylesheet (web/src/App.tsx, boot.tsx): the stylesheet
 * scopes every design token to one class, and App.tsx must name that class as `cssVar.key` — if an antd upgrade
 * renames it, every page silently loses its colours and spacing. This fails first.
 */
describe('antd prebuilt stylesheet', () => {
  const app = readFileSync(new URL('../../web/src/App.tsx', import.meta.url), 'utf8');
  const key = /cssVar:\s*\{\s*key:\s*'([^']+)'/.exec(app)?.[1];
  const css = readFileSync(createRequire(import.meta.url).resolve('antd/dist/antd.css'), 'utf8');

  it('App.tsx names a cssVar key', () => {
    expect(key).toMatch(/^css-var-/);
  });

  it('the stylesheet defines the design tokens on that class', () => {
    const rule = new RegExp(`\\.${key?.replace(/[-_]/g, '\\$&')}[^{]*\\{[^}]*--ant-color-primary:`);
    expect(css).toMatch(rule);
  });

  it('index.html overrides the font token on the same class', () => {
    const html = readFileSync(new URL('../../web/index.html', import.meta.url), 'utf8');
    expect(html).toContain(`.${key} {`);
  });
});
