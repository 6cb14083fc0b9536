// `npm run edition:sync -- 12 14`: records, in English slides 12 and 14 of
// slides.en.md, the hash of the Korean slides they are now written from
// (frontmatter `ko: <hash>`), once they have been brought up to date.
// Without numbers it records every slide's (for a new edition, or after
// checking them all). The parity test (test/unit/edition-parity.test.ts)
// names the English slides whose Korean slide changed since.
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { EDITION_PATHS, slideHash, SOURCE_KEY } from '../../setup/deck-editions.ts'
import { readDeck } from '../../setup/deck-source.ts'
import { withSourceHash } from '../edition/source-hash.ts'

const { positionals } = parseArgs({ allowPositionals: true })
const ko = readDeck(EDITION_PATHS.ko)
const wanted = positionals.length ? positionals.map(Number) : ko.map((slide) => slide.no)
const bad = wanted.filter((no) => !Number.isInteger(no) || no < 1 || no > ko.length)
if (bad.length) {
  console.error(`No slide ${bad.join(', ')}: give slide numbers from 1 to ${ko.length}, as in the deck's address (#/12).`)
  process.exit(1)
}

let markdown = readFileSync(EDITION_PATHS.en, 'utf8')
// From the last slide up, so the line numbers of the ones before stay right.
for (const no of [...wanted].sort((a, b) => b - a)) markdown = withSourceHash(markdown, EDITION_PATHS.en, no, slideHash(ko[no - 1]!))
writeFileSync(EDITION_PATHS.en, markdown)
console.log(`Recorded the Korean slide's hash (${SOURCE_KEY}:) in English slide${wanted.length > 1 ? 's' : ''} ${wanted.join(', ')} of slides.en.md.`)
