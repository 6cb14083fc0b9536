import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

// Three projects: fast unit tests, tests against the real Docker engine, and
// Chromium against the real deck. The engine and browser projects share one
// engine, so their files must never run at the same time: both set
// fileParallelism: false, which makes their maxWorkers 1, and vitest puts
// every file of such projects (isolated, default sequence.groupOrder) into a
// single group that runs one file at a time, after the parallel unit files.
export default defineConfig({
  test: {
    projects: [
      {
        // Components are tested as Slidev compiles them.
        plugins: [vue()],
        // Slidev's and the deck's virtual modules exist only inside a running deck.
        resolve: {
          alias: {
            '#slidev/slides': fileURLToPath(new URL('./test/unit/slidev-slides-stub.ts', import.meta.url)),
            '#slidev/configs': fileURLToPath(new URL('./test/unit/slidev-configs-stub.ts', import.meta.url)),
            'virtual:deck-self-study': fileURLToPath(new URL('./test/unit/deck-self-study-stub.ts', import.meta.url)),
          },
        },
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'engine',
          include: ['test/engine/**/*.test.ts'],
          globalSetup: ['test/setup/engine.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/setup/browser.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
