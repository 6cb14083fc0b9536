// Slidev's app setup: runs once in the browser before the deck mounts.
// Picks the UI language (lib/i18n): `?lang=en` switches to English and is
// kept; otherwise the English edition (headmatter `edition: en`) speaks
// English, and the Korean one follows the browser's preference, else Korean.
// A printed or exported deck is a document for the course: its edition's
// language unless `?lang=` says otherwise, whatever the exporting browser
// prefers. Then every slide is loaded in the background, so none shows
// "Loading slide..." on a first visit.
/// <reference types="@slidev/types/client" />
import { defineAppSetup } from '@slidev/types'
import configs from '#slidev/configs'
import { slides } from '#slidev/slides'
import { initLanguage } from '../lib/i18n/index.ts'
import { preloadSlides } from './preload-slides.ts'

/** Whether the page is Slidev's print or export view (`?print`, /print, /export). */
export function isPrintAddress(location: Pick<Location, 'pathname' | 'search'>): boolean {
  return new URLSearchParams(location.search).has('print') || /\/(print|export)(\/|$)/.test(location.pathname)
}

/** The slides' language: the headmatter's `edition` (slides.en.md says `en`), Korean otherwise. */
export function editionOf(headmatter: object): 'ko' | 'en' {
  return (headmatter as { edition?: unknown }).edition === 'en' ? 'en' : 'ko'
}

export default defineAppSetup(({ router }) => {
  const edition = editionOf(configs)
  initLanguage({ ignoreBrowser: isPrintAddress(window.location), ...(edition === 'en' ? { edition } : {}) })
  // The slides are in their edition's language whatever the UI's; components mark their own words with lang.
  document.documentElement.lang = edition
  // Print and export load every slide themselves.
  if (isPrintAddress(window.location)) return
  void router.isReady().then(() => preloadSlides(slides.value, Number(/^\/(\d+)/.exec(window.location.pathname)?.[1] ?? 1)))
})
