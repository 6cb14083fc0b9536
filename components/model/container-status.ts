// ContainerTable.vue's STATUS column: docker's own word for a state, as
// `docker ps -a` prints it, and what it means in the page's language.
import { t } from '../../lib/i18n/index.ts'
import type { ContainerState } from '../../lib/container-state.ts'

/** `Exited (137)` / `Up` / `Created` / `Paused`, with its meaning ("종료됨"). */
export function containerStatus(state: ContainerState, exitCode?: number): { docker: string; meaning: string } {
  switch (state) {
    case 'exited': return { docker: `Exited (${exitCode ?? '?'})`, meaning: t('table.exited') }
    case 'running': return { docker: 'Up', meaning: t('table.up') }
    case 'created': return { docker: 'Created', meaning: t('table.created') }
    case 'paused': return { docker: 'Up (Paused)', meaning: t('table.paused') }
    case 'removed': return { docker: 'Removal In Progress', meaning: t('lifecycle.removed') }
  }
}
