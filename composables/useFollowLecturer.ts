// A classroom follower's page goes where the lecturer goes (slide and click),
// as the share server's stream tells it, until the student moves to another
// slide to look around; `follow()` takes them back and follows again.
import { useNav } from '@slidev/client'
import { onScopeDispose, shallowRef, watch, type ShallowRef } from 'vue'
import type { Position } from '../lib/protocol.ts'
import { useRunner } from './useRunner'

export interface FollowLecturer {
  /** The student moved away from the lecturer's slide. */
  detached: Readonly<ShallowRef<boolean>>
  /** Back to the lecturer's slide, following again. */
  follow(): void
}

export function useFollowLecturer(): FollowLecturer {
  const { state, client } = useRunner()
  const { currentSlideNo, go } = useNav()
  const detached = shallowRef(false)
  let expected: Position | undefined
  const apply = (position: Position) => {
    expected = position
    void go(position.slide, position.click)
  }
  if (state.readOnly && client) {
    const off = client.on((message) => {
      const position = message.type === 'position' || message.type === 'hello' ? message.position : undefined
      if (position && !detached.value) apply(position)
    })
    onScopeDispose(off)
    // The stream's first message may have come before this page's views were set up.
    if (client.position) apply(client.position)
    // Only the student's own move lands elsewhere than where the lecturer was last sent.
    watch(currentSlideNo, (slide) => {
      if (expected && slide !== expected.slide) detached.value = true
    })
  }
  return {
    detached,
    follow: () => {
      detached.value = false
      if (client?.position) apply(client.position)
    },
  }
}
