/** Layer rules from docs/architecture.md: http, jobs, channels, cli → services → domain; services → db, text. */
module.exports = {
  forbidden: [
    { name: 'domain-is-pure', severity: 'error', from: { path: '^src/domain' }, to: { path: '^src/(?!domain)' } },
    { name: 'domain-no-node-io', severity: 'error', from: { path: '^src/domain' }, to: { path: '^(fs|net|http|pg|kysely|@electric-sql)' , dependencyTypes: ['core', 'npm'] } },
    { name: 'db-below-services', severity: 'error', from: { path: '^src/db' }, to: { path: '^src/(services|http|cli|channels)' } },
    { name: 'services-not-http', severity: 'error', from: { path: '^src/services' }, to: { path: '^src/(http|cli|channels)' } },
    { name: 'channels-above-services', severity: 'error', comment: 'intake adapters (SMTP, files, webhooks) call services; only http/cli wiring may import them', from: { path: '^src/channels' }, to: { path: '^src/(http|cli)' } },
    { name: 'channels-not-in-domain', severity: 'error', from: { path: '^src/(domain|db|contracts)' }, to: { path: '^src/channels' } },
    { name: 'http-not-db', severity: 'error', comment: 'routes call services; only app wiring may touch db', from: { path: '^src/http/routes' }, to: { path: '^src/db' } },
    { name: 'text-is-a-library', severity: 'error', comment: 'services → text; text never reaches back', from: { path: '^src/text' }, to: { path: '^src/(services|http|db|cli|contracts)' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: { doNotFollow: { path: 'node_modules' }, tsPreCompilationDeps: true, tsConfig: { fileName: 'tsconfig.json' } },
};
