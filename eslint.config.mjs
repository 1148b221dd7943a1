// Lint: typescript-eslint (type-checked) plus the architecture's boundaries (ARCHITECTURE.md §2):
// the domain is pure, the renderer reaches the core only through the contract, and ipcMain /
// ipcRenderer each live in one file.
import js from '@eslint/js';
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
            {
              regex: '^(\\.\\./)+(core|renderer|cli|electron)(/|$)',
              message: 'src/domain imports only domain and contract.',
            },
          ],
        },
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
              group: [...nodeOnly, ...infra, 'react', '@mantine/*'],
              message: 'The contract is shared by every side: no I/O.',
            },
            {
              regex: '^(\\.\\./)+(core|renderer|cli|electron)(/|$)',
              message: 'The contract imports only domain and contract.',
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
            {
              // Relative paths only: a glob like **/core would also match @mantine/core.
              regex: '^(\\.\\./)+(core|cli|electron)(/|$)',
              message: 'The renderer talks to the core through the transport only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'react', 'react-*', '@mantine/*'],
              message: 'The core runs without Electron or a UI.',
            },
            {
              regex: '^(\\.\\./)+(renderer|electron)(/|$)',
              message: 'The core does not import the UI or the shell.',
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
