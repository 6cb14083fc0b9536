import { defineVitePluginsSetup } from '@slidev/types'
import type { Plugin } from 'vite'
import { EDITING_SWITCH, judgeDevRequest } from './dev-server-guard.ts'
import { selfStudyInventory } from './self-study-inventory.ts'
import { singleFileSite } from './single-file-site.ts'
import { slidevNavPatch } from './slidev-nav-patch.ts'

/** The one address the dev server listens on. The deck's origin stays http://localhost:PORT: browsers resolve localhost to loopback and try 127.0.0.1 when ::1 refuses. */
export const DEV_SERVER_HOST = '127.0.0.1'

// Keeps the dev server on 127.0.0.1 and puts the guard in front of every other middleware of it,
// Slidev's included; serves the deck's predictions and exercises as virtual:deck-self-study;
// un-nests the buttons of Slidev's nav bar; makes the static site one file.
export default defineVitePluginsSetup((options) => [loopbackOnly(), devServerGuard(), selfStudyInventory(options.entry), slidevNavPatch(), ...singleFileSite()])

/**
 * Slidev's CLI listens on `localhost` and ignores --bind unless --remote is
 * given; `localhost` is whatever the resolver answers first, [::1] alone on
 * a stock Debian /etc/hosts. A plugin's config overrides the CLI's.
 */
export function loopbackOnly(): Plugin {
  return {
    name: 'docker-live-deck:loopback-only',
    config: () => ({ server: { host: DEV_SERVER_HOST } }),
  }
}

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
          // The reason quotes the request's path: never let a browser read it as anything but text.
          response.setHeader('X-Content-Type-Options', 'nosniff')
          response.setHeader('Connection', 'close')
          // Closing the connection also drops any body the guard did not read.
          response.end(`${verdict.reason}\n`)
        })
      },
    },
  }
}
