// The page a student sees before the room code: one field, and why the last
// try did not get in. Plain HTML with no script, in Korean (English for a
// browser that prefers it).
import { LANGUAGES, type Language } from '../lib/i18n/index.ts'
import type { MessageKey } from '../lib/i18n/messages.ts'

export interface JoinPageState {
  problem?: 'wrong' | 'wait' | 'full'
  seconds?: number
  language?: Language
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export function joinPage(state: JoinPageState): string {
  const lang = state.language ?? 'ko'
  const say = (key: MessageKey) => escapeHtml(LANGUAGES[lang][key] as string)
  const problem = state.problem === 'wait'
    ? escapeHtml(LANGUAGES[lang]['join.wait']({ seconds: state.seconds ?? 60 }))
    : state.problem ? say(`join.${state.problem}`) : ''
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${say('join.title')}</title>
<style>
body { font-family: system-ui, sans-serif; font-size: 20px; max-width: 28rem; margin: 4rem auto; padding: 0 1rem; color: #111; }
input, button { font-size: 1.2rem; padding: 0.4rem 0.6rem; }
input { width: 10ch; letter-spacing: 0.1em; }
.problem { color: #991b1b; background: #fee2e2; padding: 0.4rem 0.6rem; border-radius: 6px; }
</style>
</head>
<body>
<h1>${say('join.title')}</h1>
${problem ? `<p class="problem" role="alert">${problem}</p>\n` : ''}<form method="get" action="/">
<p><label for="code">${say('join.prompt')}</label></p>
<p><input id="code" name="code" autocomplete="off" autocapitalize="none" spellcheck="false" required aria-label="${say('join.code')}"> <button type="submit">${say('join.enter')}</button></p>
</form>
</body>
</html>
`
}
