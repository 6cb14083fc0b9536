// Slidev's app setup: runs once in the browser before the deck mounts.
// Picks the UI language (lib/i18n): `?lang=en` switches to English and is
// kept, otherwise the browser's preference, otherwise Korean. A printed or
// exported deck is a document for the course: Korean unless `?lang=` says
// otherwise, whatever the exporting browser prefers.
import { defineAppSetup } from '@slidev/types'
import { initLanguage } from '../lib/i18n/index.ts'

/** Whether the page is Slidev's print or export view (`?print`, /print, /export). */
export function isPrintAddress(location: Pick<Location, 'pathname' | 'search'>): boolean {
  return new URLSearchParams(location.search).has('print') || /\/(print|export)(\/|$)/.test(location.pathname)
}

export default defineAppSetup(() => {
  initLanguage({ ignoreBrowser: isPrintAddress(window.location) })
  // The slides are Korean whatever the UI language; components mark their own words with lang.
  document.documentElement.lang = 'ko'
})
