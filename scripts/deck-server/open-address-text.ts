// The last thing npm start prints: the one address to open, in the
// lecturer's language (Korean, or English when the terminal's locale is
// English), with the English line second as the deck does.

export type TerminalLanguage = 'ko' | 'en'

/** The terminal's language: English when LC_ALL, LC_MESSAGES or LANG says so, Korean otherwise. */
export function terminalLanguage(env: NodeJS.ProcessEnv): TerminalLanguage {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || ''
  return /^en([_.-]|$)/i.test(locale) ? 'en' : 'ko'
}

export interface OpenAddress {
  /** The page that hands the deck its key (file://…/open.html), or the deck's own address without a runner. */
  address: string
  /** The deck server's own address (http://localhost:3030), which has no key. */
  deckUrl: string
  live: boolean
}

const LINES: Record<TerminalLanguage, (open: OpenAddress) => string[]> = {
  ko: ({ live, deckUrl }) => live
    ? ['이 주소를 브라우저에서 여세요 (덱에 러너 키를 건네주는 페이지입니다):', `${deckUrl} 를 바로 열면 키가 없어 녹화된 출력만 보입니다.`]
    : ['이 주소를 브라우저에서 여세요 (Docker 엔진이 없어 녹화된 출력을 보여 줍니다):', ''],
  en: ({ live, deckUrl }) => live
    ? ['Open this address in a browser (it hands the deck the runner\'s key):', `Opening ${deckUrl} directly gives the deck no key: it shows recorded output only.`]
    : ['Open this address in a browser (no Docker engine: the deck shows recorded output):', ''],
}

const STOP: Record<TerminalLanguage, string> = {
  ko: 'Ctrl-C: 덱과 러너를 멈추고 덱이 만든 컨테이너를 지웁니다.',
  en: 'Ctrl-C stops the deck and the runner and removes the containers the deck made.',
}

/** The line above and below the block: once it has been printed twice, the address is out. */
export const ADDRESS_RULE = '─'.repeat(72)

/** The block npm start prints last: the address, framed, in `language` first and the other language second. */
export function openAddressText(open: OpenAddress, language: TerminalLanguage): string {
  const other: TerminalLanguage = language === 'ko' ? 'en' : 'ko'
  const [heading, warning] = LINES[language](open)
  const [headingOther, warningOther] = LINES[other](open)
  const rule = ADDRESS_RULE
  return [
    '', rule,
    `  ${heading}`, `  ${headingOther}`,
    '', `      ${open.address}`, '',
    ...(warning ? [`  ${warning}`, `  ${warningOther}`] : []),
    `  ${STOP[language]}`,
    rule, '',
  ].join('\n')
}
