// A small lint configuration: JavaScript's and typescript-eslint's
// recommended rules for every TypeScript file, eslint-plugin-vue's for the
// components. `npm run lint` runs it; `npm test` runs it first.
import js from '@eslint/js'
import vue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'
import globals from 'globals'

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
)
