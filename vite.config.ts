// Slidev reads this beside slides.md. Its component auto-registration looks
// for .vue and .ts files alike under components/; the pure view models in
// components/model/ are modules the components import, not components.
import path from 'node:path'
import { defineConfig } from 'vite'

export default defineConfig({
  slidev: {
    components: { globsExclude: [path.join(import.meta.dirname, 'components', 'model', '**').replaceAll('\\', '/')] },
  },
})
