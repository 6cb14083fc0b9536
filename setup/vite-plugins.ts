import { defineVitePluginsSetup } from '@slidev/types'
import type { Plugin } from 'vite'
import { EDITING_SWITCH, judgeDevRequest } from './dev-server-guard.ts'
import { selfStudyInventory } from './self-study-inventory.ts'

// Puts the guard in front of every other middleware of the dev server, Slidev's included;
// serves the deck's predictions and exercises as virtual:deck-self-study.
export default defineVitePluginsSetup((options) => [devServerGuard(), selfStudyInventory(options.entry)])

function devServerGuard(): Plugin {
  const editing = process.env[EDITING_SWITCH] === '1'
  return {
    name: 'docker-live-deck:dev-server-guard',
    enforce: 'pre',
    configureServer: {
      order: 'pre',
      handler(server) {
        server.middlewares.use((request, response, next) => {
          const header = (name: string) => {
            const value = request.headers[name]
            return Array.isArray(value) ? value.join(', ') : value
          }
          const verdict = judgeDevRequest({
            method: request.method ?? 'GET',
            url: request.url ?? '/',
            host: header('host'),
            origin: header('origin'),
            secFetchSite: header('sec-fetch-site'),
            secFetchMode: header('sec-fetch-mode'),
          }, editing)
          if (verdict.ok) return next()
          response.statusCode = verdict.status
          response.setHeader('Content-Type', 'text/plain; charset=utf-8')
          response.setHeader('Connection', 'close')
          // Closing the connection also drops any body the guard did not read.
          response.end(`${verdict.reason}\n`)
        })
      },
    },
  }
}
