// The static site (`npm run build`) is one self-contained index.html:
// Chromium refuses module scripts and stylesheets fetched from file://, so a
// student can open the site from a folder on disk only when nothing is
// fetched. scripts/build/static-site.ts sets SINGLE_FILE_ENV for that build;
// the dev server and the classroom's build keep Slidev's own output.
import type { PluginOption } from 'vite'
import { viteSingleFile } from 'vite-plugin-singlefile'

/** Set to "1" by the static site's build. */
export const SINGLE_FILE_ENV = 'DECK_SINGLE_FILE'

/** Slidev splits shiki and its own modules into named chunks; one file has no chunks. */
const withoutNamedChunks: PluginOption = { name: 'docker-live-deck:without-named-chunks', enforce: 'post', outputOptions: (output) => ({ ...output, manualChunks: undefined }) }

/** Slidev builds its print view only when it exports a PDF itself (`download`); the deck's PDF is printed from this site, so the site keeps the view (#/print). */
const withPrintView: PluginOption = { name: 'docker-live-deck:with-print-view', enforce: 'post', config: () => ({ define: { __SLIDEV_FEATURE_PRINT__: 'true' } }) }

/** The plugins that make the build one file, or none when this is not the static site's build. */
export function singleFileSite(env: NodeJS.ProcessEnv = process.env): PluginOption[] {
  return env[SINGLE_FILE_ENV] === '1' ? [withoutNamedChunks, withPrintView, viteSingleFile({ removeViteModuleLoader: true })] : []
}
