import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/**
 * Import rules (docs/ARCHITECTURE.md, "Import rules"); `src/lint-boundaries.test.ts` proves each one fires.
 * - src/lib imports nothing of ours (only Node and npm packages and other src/lib files), types included.
 * - `*.domain.ts` files do no I/O: no file, network, process, worker or database package (type-only imports
 *   allowed), no fetch, no dynamic import, nothing from src/server or a module's repo/service/routes/worker files.
 * - A module uses another module only through its `index.ts` (types too); a module's UI uses another module's UI
 *   only through its `ui/index.ts`.
 * - Web code (src/web, src/modules/<m>/ui) imports only types from server code (src/server, src/cli, src/lib and a
 *   module's files outside ui/); values only from web code and from pure `*.domain.ts` files.
 */
const IO_PACKAGES = [
  'fs', 'fs/promises', 'net', 'tls', 'http', 'https', 'http2', 'dgram', 'dns', 'child_process', 'worker_threads', 'cluster', 'readline',
].flatMap((m) => [m, `node:${m}`]);
const IO_IMPORTS = [...IO_PACKAGES, 'pg', 'kysely', '@electric-sql/pglite', 'fastify', 'exceljs', 'unpdf', 'mammoth'];

export const importRules = [
  {
    files: ['src/lib/**/*.ts'],
    ignores: ['src/lib/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./', message: 'src/lib imports nothing of ours (only Node and npm packages and other src/lib files).' }] },
      ],
    },
  },
  {
    files: ['src/**/*.domain.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: IO_IMPORTS.map((name) => ({ name, allowTypeImports: true, message: 'A *.domain.ts file does no I/O (type-only imports are allowed).' })),
          patterns: [
            {
              regex: '(^|/)server/|\\.(repo|service|routes|worker|command)\\.ts$',
              allowTypeImports: true,
              message: 'A *.domain.ts file does no I/O: it may not use server code, repos, services, routes or workers.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'].map((name) => ({ name, message: 'A *.domain.ts file does no I/O.' })),
      ],
      'no-restricted-syntax': ['error', { selector: 'ImportExpression', message: 'A *.domain.ts file does no I/O (no dynamic import).' }],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'src/**/*.test-helpers.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': [
        { type: 'module-ui', pattern: 'src/modules/*/ui', capture: ['module'] },
        { type: 'module', pattern: 'src/modules/*', capture: ['module'] },
        { type: 'web', pattern: 'src/web' },
        { type: 'server', pattern: 'src/server' },
        { type: 'cli', pattern: 'src/cli' },
        { type: 'lib', pattern: 'src/lib' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              from: { element: { type: 'module' } },
              disallow: {
                to: { element: { type: 'module', captured: { module: '!{{ from.element.captured.module }}' }, fileInternalPath: '!index.ts' } },
              },
              message: 'A module uses another module only through its index.ts ({{ to.element.captured.module }}/index.ts).',
            },
            {
              from: { element: { type: 'module-ui' } },
              disallow: {
                to: { element: { type: 'module', captured: { module: '!{{ from.element.captured.module }}' }, fileInternalPath: '!index.ts' } },
              },
              message: 'A module uses another module only through its index.ts ({{ to.element.captured.module }}/index.ts).',
            },
            {
              from: { element: { type: 'module-ui' } },
              disallow: {
                to: { element: { type: 'module-ui', captured: { module: '!{{ from.element.captured.module }}' }, fileInternalPath: '!index.ts' } },
              },
              message: "A module's UI uses another module's UI only through its ui/index.ts ({{ to.element.captured.module }}/ui/index.ts).",
            },
            {
              from: { element: { type: ['web', 'module-ui'] } },
              disallow: { to: { element: { type: ['server', 'cli', 'lib', 'module'] } }, dependency: { kind: 'value' } },
              message: 'Web code imports only types from server code (use `import type`); values only from web code and pure *.domain.ts files.',
            },
            {
              from: { element: { type: ['web', 'module-ui'] } },
              allow: { to: { element: { type: 'module', fileInternalPath: '*.domain.ts' } }, dependency: { kind: 'value' } },
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', '.tmp/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-object-type': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  ...importRules,
);
