// Code colours on the slides: GitHub's light theme, whose colours all meet
// WCAG AA contrast on the code background (Slidev's default light theme's
// green and brown do not: about 4:1); Vitesse stays for dark mode.
import { defineShikiSetup } from '@slidev/types'

export default defineShikiSetup(() => ({
  themes: { dark: 'vitesse-dark', light: 'github-light' },
}))
