// Slidev reads this beside slides.md. Its component auto-registration looks
// for .vue and .ts files alike under components/; the pure view models in
// components/model/ are modules the components import, not components.
import path from 'node:path'
import { defineConfig, type PluginOption } from 'vite'
import { viteSingleFile } from 'vite-plugin-singlefile'
import { SINGLE_FILE_ENV } from './scripts/build/single-file.ts'

// The static site (`npm run build`) is one self-contained index.html: Chromium
// refuses module scripts and stylesheets fetched from file://, so a student can
// open it from a folder on disk only when nothing is fetched.
// Slidev splits shiki and its own modules into named chunks; one file has no chunks.
const withoutNamedChunks: PluginOption = { name: 'deck:without-named-chunks', enforce: 'post', outputOptions: (output) => ({ ...output, manualChunks: undefined }) }
// Slidev builds its print view only when it also exports a PDF itself (`download`); the
// deck's PDF is printed from this site, so the site keeps the view (at #/print).
const withPrintView: PluginOption = { name: 'deck:with-print-view', enforce: 'post', config: () => ({ define: { __SLIDEV_FEATURE_PRINT__: 'true' } }) }
const plugins: PluginOption[] = process.env[SINGLE_FILE_ENV] === '1' ? [withoutNamedChunks, withPrintView, viteSingleFile({ removeViteModuleLoader: true })] : []

export default defineConfig({
  plugins,
  slidev: {
    components: { globsExclude: [path.join(import.meta.dirname, 'components', 'model', '**').replaceAll('\\', '/')] },
  },
})
