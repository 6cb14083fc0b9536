// The deck's runnable blocks that test/browser/live-deck.test.ts clicks, one
// entry per block. test/unit/deck-coverage.test.ts fails when slides.md has a
// {run} block missing here (or this lists one the deck no longer has), so a
// new command on a slide cannot go untested in the browser.
//
// A block is named by its slide number (as in the deck's URL) and its command
// line; `key` is needed only where one slide has the same line twice.

export interface CoveredBlock {
  slide: number
  line: string
  /** The block's explicit `{run key=…}`, when the slide repeats its line. */
  key?: string
}

/** The deck's slides, title to summary. */
export const SLIDE_COUNT = 27

export const COVERED_BLOCKS: readonly CoveredBlock[] = [
  { slide: 3, line: 'docker run hello-world' },
  { slide: 5, line: 'docker run alpine ls' },
  { slide: 6, line: 'docker run hello-world ls' },
  { slide: 8, line: 'docker run -d --name my-ping alpine ping localhost' },
  { slide: 8, line: 'docker ps' },
  { slide: 9, line: 'docker ps -a' },
  { slide: 9, line: "docker ps -a --format 'table {{.ID}}\\t{{.Image}}\\t{{.Status}}\\t{{.Names}}'" },
  { slide: 12, line: 'docker create hello-world' },
  { slide: 12, line: 'docker start -a <id:hello-world>' },
  { slide: 12, line: 'docker start <id:hello-world>' },
  { slide: 12, line: 'docker logs <id:hello-world>' },
  { slide: 13, line: 'docker run alpine ping localhost', key: 'ping-for-stop' },
  { slide: 13, line: 'docker stop <id:alpine>' },
  { slide: 13, line: 'docker run alpine ping localhost', key: 'ping-for-kill' },
  { slide: 13, line: 'docker kill <id:alpine>' },
  { slide: 14, line: 'docker run --init alpine ping localhost' },
  { slide: 14, line: 'docker stop <id:alpine>' },
  { slide: 16, line: 'docker rm my-ping' },
  { slide: 16, line: 'docker rm -f my-ping' },
  { slide: 17, line: 'docker ps -a -q' },
  { slide: 17, line: 'docker rm $(docker ps -a -q)' },
  { slide: 17, line: "docker rm 'docker ps -a -q'" },
  { slide: 18, line: 'docker images' },
  { slide: 18, line: 'docker create docker-live-deck/rmi-demo' },
  { slide: 18, line: 'docker rmi <image-id:docker-live-deck/rmi-demo>', key: 'rmi-in-use' },
  { slide: 19, line: 'docker rm <id>' },
  { slide: 19, line: 'docker rmi <image-id:docker-live-deck/rmi-demo>' },
  { slide: 20, line: 'docker create hello-world' },
  { slide: 20, line: 'docker system prune' },
  { slide: 22, line: 'docker run alpine ping localhost' },
  { slide: 22, line: 'docker exec <id:alpine> ls' },
  { slide: 23, line: 'docker run redis' },
  { slide: 23, line: 'docker run --rm redis redis-cli ping' },
  { slide: 24, line: 'docker exec <id:redis> redis-cli' },
  { slide: 24, line: 'docker exec <id:redis> redis-cli ping' },
  { slide: 24, line: 'docker exec -it <id:redis> redis-cli' },
  { slide: 25, line: 'docker run alpine ping localhost' },
  { slide: 25, line: 'docker exec -it <id:alpine> sh' },
  { slide: 25, line: "docker ps --format 'table {{.Names}}\\t{{.Command}}\\t{{.Status}}'" },
]
