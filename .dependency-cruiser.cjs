// Dependency rules for server/ and web/, checked by `npm run lint:deps` (part of `npm test`).
// Module shape: x.routes.ts (HTTP) → x.service.ts (rules, transactions) → x.repo.ts (the only SQL),
// request/response schemas in x.schema.ts. See docs/architecture.md.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, type-only imports included: break one with an interface or a third module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'routes-not-to-sql',
      severity: 'error',
      comment: 'A router does HTTP only: it calls a service, never a repository, kysely, pg or db/.',
      from: { path: '\\.routes\\.ts$' },
      to: { path: ['\\.repo\\.ts$', '^server/src/db/', '^node_modules/(kysely|pg|@types/pg)/'] },
    },
    {
      name: 'server-not-to-web',
      severity: 'error',
      comment: 'The server does not run web code; type-only imports are allowed.',
      from: { path: '^server/' },
      to: { path: '^web/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-not-to-server',
      severity: 'error',
      comment: 'The web app shares types with the server (type-only imports), never its runtime code.',
      from: { path: '^web/' },
      to: { path: '^server/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'db-not-to-features',
      severity: 'error',
      comment: 'db/ is the bottom layer: it knows the two backends and the schema, not the feature modules above it.',
      from: { path: '^server/src/db/' },
      to: { path: '^server/src/(?!db/)[^/]+/' },
    },
    {
      name: 'runtime-not-to-seeding',
      severity: 'error',
      comment:
        'The running server never imports seeding code (seed/, data/scripts/); only cli/ and seed/ do, and the process ' +
        'entry point main.ts, which loads the demo data into an empty database on first start (SEED_DEMO=auto).',
      from: { path: '^server/src/', pathNot: ['^server/src/(seed|cli)/', '^server/src/main\\.ts$'] },
      to: { path: ['^server/src/seed/', '^data/scripts/'] },
    },
    {
      name: 'services-repos-not-to-express',
      severity: 'error',
      comment: 'Services and repositories know nothing of HTTP requests and responses (express).',
      from: { path: '\\.(service|repo)\\.ts$' },
      to: { path: '^node_modules/(@types/)?express(-serve-static-core)?/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^web/dist/', '\\.d\\.ts$'] },
    // Keep type-only imports in the graph (marked 'type-only') so the rules can tell them apart.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.svelte', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
