// Slidev's app setup: runs once in the browser before the deck mounts.
// Picks the UI language (lib/i18n): `?lang=en` switches to English and is
// kept, otherwise the browser's preference, otherwise Korean. A printed or
// exported deck is a document for the course: Korean unless `?lang=` says
// otherwise, whatever the exporting browser prefers. Then every slide is
// loaded in the background, so none shows "Loading slide..." on a first visit.
/// <reference types="@slidev/types/client" />
import { defineAppSetup } from '@slidev/types'
import { slides } from '#slidev/slides'
import { initLanguage } from '../lib/i18n/index.ts'
import { preloadSlides } from './preload-slides.ts'

/** Whether the page is Slidev's print or export view (`?print`, /print, /export). */
export function isPrintAddress(location: Pick<Location, 'pathname' | 'search'>): boolean {
  return new URLSearchParams(location.search).has('print') || /\/(print|export)(\/|$)/.test(location.pathname)
}

export default defineAppSetup(({ router }) => {
  initLanguage({ ignoreBrowser: isPrintAddress(window.location) })
  // The slides are Korean whatever the UI language; components mark their own words with lang.
  document.documentElement.lang = 'ko'
  // Print and export load every slide themselves.
  if (isPrintAddress(window.location)) return
  void router.isReady().then(() => preloadSlides(slides.value, Number(/^\/(\d+)/.exec(window.location.pathname)?.[1] ?? 1)))
})
