// Lint: typescript-eslint's recommended rules, plus a ban on HTML sinks and eval anywhere in the source,
// because list, metadata and page text comes from strangers and must only ever be rendered as text.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Which folder may import which (docs/architecture.md): lib is pure (no storage, no background, no browser API);
// content never touches storage or valibot (it must stay small); outside lib, a lib topic is reached through its
// face, lib/<topic>/index.ts, never a file inside it (tests may reach inside).
const toLibInsides = { group: ['**/lib/*/**', '!**/lib/*/index.js'], message: 'Import a lib topic through its face, lib/<topic>/index.ts.' };
const toStorage = { group: ['**/storage/**'], message: 'Only the background, options, popup and offscreen reach storage.' };
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const libPlain = { group: ['**/background/**', '**/browser.js', 'webextension-polyfill', '**/pixels/**', '**/ui/**'], message: 'lib is plain code: no background, browser API, pixels or UI.' };
// Outpainting (match/detail/extend/) is reached through its verdict, detail-extend.ts, and its query-side keys,
// window-keys.ts; the placement search stays inside.
const toExtendInsides = { group: ['**/extend/*', '!**/extend/detail-extend.js', '!**/extend/window-keys.js'], message: 'Import match/detail/extend/ through detail-extend.ts or window-keys.ts.' };
const layers = [
  { files: ['src/lib/**/*.ts'], rules: restrict(toStorage, libPlain) },
  { files: ['src/lib/match/**/*.ts'], ignores: ['src/lib/match/detail/extend/**'], rules: restrict(toStorage, libPlain, toExtendInsides) },
  { files: ['src/content/**/*.ts'], rules: restrict(toStorage, toLibInsides, { group: ['valibot'], message: 'The content script stays free of valibot (size).' }) },
  { files: ['src/**/*.ts'], ignores: ['src/lib/**', 'src/content/**'], rules: restrict(toLibInsides) },
];

const htmlSinks = [
  { selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML|srcdoc)$/]", message: 'Build DOM with ui/dom.ts h() and text, never HTML strings.' },
  { selector: "CallExpression[callee.property.name=/^(insertAdjacentHTML|createContextualFragment|parseFromString)$/]", message: 'No HTML parsing of untrusted text.' },
  { selector: "CallExpression[callee.object.name='document'][callee.property.name=/^(write|writeln)$/]", message: 'No document.write.' },
];

export default tseslint.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'demo-output/', '.scratch/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      'no-restricted-syntax': ['error', ...htmlSinks],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...layers,
);
