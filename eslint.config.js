// A small lint configuration: JavaScript's and typescript-eslint's
// recommended rules for every TypeScript file, eslint-plugin-vue's for the
// components, and type-aware promise rules for the runner and the scripts
// that start it, long-lived processes where a dropped rejection goes unseen.
// `npm run lint` runs it; `npm test` runs it first.
import js from '@eslint/js'
import vue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'
import globals from 'globals'
import ts from 'typescript'

/** The files the type-aware rules check: the runner, its docker wrapper, and the entry points. */
const TYPED = ['runner/**/*.ts', 'scripts/bin/**/*.ts']

/**
 * Those files and what they import, as one TypeScript program with
 * tsconfig.json's options: the type-aware rules need one, and the whole
 * project's (components, tests) would double the time lint takes.
 */
function runnerProgram() {
  const { config } = ts.readConfigFile(`${import.meta.dirname}/tsconfig.json`, ts.sys.readFile)
  const { fileNames, options } = ts.parseJsonConfigFileContent({ ...config, include: TYPED }, ts.sys, import.meta.dirname)
  return ts.createProgram(fileNames, options)
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'test-artifacts/', '.slidev/', 'recordings/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // Unused names are errors, except the `_` placeholders of destructuring and callbacks.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Tests reach into ws internals and fake sockets on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      // A `let` that a signal handler may read before start-up assigns it stays a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Terminal output and command lines are matched for control characters on purpose.
      'no-control-regex': 'off',
      // Templates in small slide components read better on one line.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    // The runner, its docker wrapper and the entry points, checked with
    // types: every promise is awaited or given a rejection handler (a bare
    // `void` counts as neither), and none is handed to a callback slot that
    // ignores what it returns.
    files: TYPED,
    languageOptions: { parserOptions: { programs: [runnerProgram()] } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
)
