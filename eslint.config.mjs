// Lint: typescript-eslint (type-checked) plus the architecture's boundaries (docs/architecture.md,
// "Layers and boundaries"): which part of the code may import which (eslint-plugin-boundaries, on
// the files an import resolves to), which packages each part may use (no-restricted-imports), and
// ipcMain / ipcRenderer each in one file.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeOnly = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net'];
const infra = [
  'electron',
  'better-sqlite3',
  'better-sqlite3/*',
  'drizzle-orm',
  'drizzle-orm/*',
  'serialport',
  '@serialport/*',
];

// The core's parts whose every file anyone above them may import; an area (core-area) is reached
// only through its public files (see the areas' policy below).
const coreParts = ['core-adapters', 'core-db', 'core-meters', 'core-documents', 'core-areas'];

// The import map. Each part may import itself and the parts listed; anything else is an error.
// Order matters: a file belongs to the first pattern that holds it. Tests and scripts are outside
// the map (they may reach anything to set up what they check).
const parts = [
  // Pure rules: no I/O, no clock, nothing from the rest of the program.
  ['domain', 'src/domain', []],
  // The commands, shared by every side: zod schemas over domain types.
  ['contract', 'src/contract', ['domain']],
  // Clock, ids, passwords, sealing, the data folder: the core's contact with the machine.
  ['core-adapters', 'src/core/adapters', ['domain', 'contract']],
  // Schema, connection, prepared statements: no command logic.
  ['core-db', 'src/core/db', ['domain', 'contract', 'core-adapters']],
  // Serial links and meter clients: protocol work only.
  ['core-meters', 'src/core/meters', ['domain', 'contract', 'core-adapters']],
  // PDF layouts of invoices and receipts: a model in, a document out.
  ['core-documents', 'src/core/{billing,receipts}', ['domain', 'contract']],
  // Command handlers, one folder per area (src/core/areas/<area>). An area reaches another only
  // through its public files (the area's policy below). They also never import the dispatcher, the
  // composition root, the doors or the handler map (no-restricted-imports below: those are files,
  // the map here is of folders), so no handler calls another through the dispatcher.
  [
    'core-area',
    'src/core/areas/*',
    ['domain', 'contract', 'core-adapters', 'core-db', 'core-meters', 'core-documents', 'core'],
  ],
  // The handler map (src/core/areas/index.ts): every area's handlers joined.
  ['core-areas', 'src/core/areas', ['domain', 'contract', 'core']],
  // The rest of the core: context, audit log, sessions, backups, events, operations, and the
  // composition root and doors (app, dispatch, server, housekeeping).
  ['core', 'src/core', ['domain', 'contract', ...coreParts]],
  ['cli', 'src/cli', ['domain', 'contract', 'core', ...coreParts]],
  // The renderer is untrusted: it reaches the core only through the contract and its transport.
  ['renderer', 'src/renderer', ['domain', 'contract']],
  ['electron', 'electron', ['domain', 'contract', 'core', ...coreParts]],
];

const coreBan = {
  group: ['electron', 'react', 'react-*', '@mantine/*'],
  message: 'The core runs without Electron or a UI.',
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'resources/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
      'bin/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(skip|only)$/]',
          message: 'Every test runs in CI: no .skip or .only.',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/**/*.{ts,tsx}', 'electron/**/*.ts'],
    ignores: ['**/*.test.ts'],
    plugins: { boundaries },
    settings: {
      // Relative imports only, so Node's resolution with TypeScript's extensions finds every file.
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
      'boundaries/elements': parts.map(([type, pattern]) => ({
        type,
        pattern,
        partialMatch: false,
        ...(type === 'core-area' ? { capture: ['area'] } : {}),
      })),
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            ...parts.map(([type, , allowed]) => ({
              from: { element: { type } },
              allow: {
                to: {
                  element: {
                    types: { anyOf: type === 'core-area' ? allowed : [type, ...allowed] },
                  },
                },
              },
            })),
            // Areas: anything inside one's own area and the shared kernel; of another area only
            // its public files, index.ts (its handlers and the writes it shares) and queries.ts
            // (its reads). The rest of the core and the CLI follow the same rule.
            ...['core-area', 'core-areas', 'core', 'cli', 'electron'].map((type) => ({
              from: { element: { type } },
              allow: {
                to: [
                  { element: { type: 'core-area', captured: { area: 'shared' } } },
                  { element: { type: 'core-area', internalPath: '{index,queries}.ts' } },
                  ...(type === 'core-area'
                    ? [
                        {
                          element: {
                            type: 'core-area',
                            captured: { area: '{{ from.element.captured.area }}' },
                          },
                        },
                      ]
                    : []),
                ],
              },
            })),
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeOnly, ...infra, 'react', 'react-*', '@mantine/*', 'uuid'],
              message: 'src/domain is pure: no I/O, no frameworks.',
            },
          ],
        },
      ],
      // Node's globals, which tsconfig.domain.json cannot hide (a library's types pull them in).
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', '__dirname', '__filename', 'global'].map((name) => ({
          name,
          message: 'src/domain is pure: no Node globals.',
        })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time is a parameter in the domain.' },
        { object: 'Math', property: 'random', message: 'Randomness is a parameter in the domain.' },
      ],
    },
  },
  {
    files: ['src/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Every package but zod: the contract is loaded by every side, the renderer too.
              regex: '^(?!zod$)[^.]',
              message: 'The contract is shared by every side: it uses zod and the domain only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeOnly, ...infra],
              message:
                'The renderer is untrusted: it reaches the core only through the contract and its transport.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [coreBan] }],
    },
  },
  {
    files: ['src/core/areas/**/*.ts'],
    ignores: ['src/core/areas/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            coreBan,
            {
              regex: '^(\\.\\./index|\\.\\.|\\.\\./\\.\\./(app|dispatch|server|housekeeping))$',
              message:
                'A handler never reaches the handler map, the dispatcher or the doors: share a read module or a domain rule instead.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$)',
              message: 'The preload runs sandboxed and is bundled alone: it imports electron only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['electron/ipc.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportSpecifier[imported.name=/^ipc(Main|Renderer)$/]',
          message: 'ipcMain only in electron/ipc.ts, ipcRenderer only in electron/preload.ts.',
        },
        {
          selector:
            'CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(skip|only)$/]',
          message: 'Every test runs in CI: no .skip or .only.',
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
