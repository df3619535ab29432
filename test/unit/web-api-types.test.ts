import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateApiTypes, schemaFile } from '../support/api-types.ts';

describe('the web client’s API types', () => {
  it('match the current OpenAPI document (run `npm run api:types` after changing a route)', async () => {
    const fresh = await generateApiTypes();
    const committed = readFileSync(schemaFile, 'utf8');
    // Compare first a line count so a stale file fails with a readable message rather than a 13,000-line diff.
    expect(committed.split('\n').length, 'web/src/api/schema.d.ts is stale: npm run api:types').toBe(
      fresh.split('\n').length,
    );
    expect(committed === fresh, 'web/src/api/schema.d.ts is stale: npm run api:types').toBe(true);
  }, 60_000);
});
