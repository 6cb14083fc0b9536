// The deck's runnable blocks that the lecture walk (test/support/lecture-walk.ts) clicks, one
// entry per block. test/unit/deck-coverage.test.ts fails when slides.md has a
// {run} block missing here (or this lists one the deck no longer has), so a
// new command on a slide cannot go untested in the browser.
//
// A block is named by its command line, and by its fence's `{run key=…}`
// where the fence names one (the deck repeats the line). Its slide is looked
// up in slides.md: splitting or adding slides renumbers no test.
import { blockName, deckSlideCount, locateBlock, type BlockName, type BlockRef } from './deck-blocks.ts'

/** The deck's slides, title to summary. */
export const SLIDE_COUNT = deckSlideCount()

/** The block `line` (with `key`, where its fence names one) and the slide it is on; throws unless it is listed below and slides.md has it once. */
export function covered(line: string, key?: string): BlockRef {
  const name: BlockName = key ? { line, key } : { line }
  if (!COVERED_BLOCKS.some((listed) => listed.line === line && listed.key === key)) {
    throw new Error(`${blockName(name)} is not in test/support/blocks.ts; list every block a browser test clicks there.`)
  }
  return locateBlock(name)
}

export const COVERED_BLOCKS: readonly BlockName[] = [
  { line: 'docker run hello-world' },
  { line: 'docker run alpine ls' },
  { line: 'docker run hello-world ls' },
  { line: 'docker run -d --name my-ping alpine ping localhost' },
  { line: 'docker ps' },
  { line: 'docker top my-ping -o pid,ppid,args' },
  { line: 'docker ps -a' },
  { line: "docker ps -a --format 'table {{.ID}}\\t{{.Image}}\\t{{.Status}}\\t{{.Names}}'" },
  { line: 'docker create hello-world' },
  { line: 'docker start -a <id:hello-world>' },
  { line: 'docker start <id:hello-world>' },
  { line: 'docker logs <id:hello-world>', key: 'logs-twice' },
  { line: 'docker run --name stop-demo alpine ping localhost', key: 'ping-for-stop' },
  { line: 'docker stop stop-demo' },
  { line: 'docker run --name kill-demo alpine ping localhost', key: 'ping-for-kill' },
  { line: 'docker kill kill-demo', key: 'kill-demo' },
  { line: 'docker run --init --name init-demo alpine ping localhost', key: 'ping-with-init' },
  { line: 'docker stop init-demo', key: 'stop-graceful' },
  { line: 'docker run --name stop-redis redis', key: 'redis-for-stop' },
  { line: 'docker stop stop-redis' },
  { line: 'docker rm my-ping', key: 'rm-running' },
  { line: 'docker rm -f my-ping' },
  { line: 'docker ps -a -q', key: 'ps-ids' },
  { line: 'docker rm $(docker ps -a -q)' },
  { line: "docker rm 'docker ps -a -q'", key: 'rm-quoted' },
  { line: 'docker images' },
  { line: 'docker create docker-live-deck/rmi-demo', key: 'create-rmi-user' },
  { line: 'docker rmi <image-id:docker-live-deck/rmi-demo>', key: 'rmi-in-use' },
  { line: 'docker rm <id>', key: 'rm-rmi-user' },
  { line: 'docker rmi <image-id:docker-live-deck/rmi-demo>' },
  { line: 'docker create hello-world', key: 'create-for-prune' },
  { line: 'docker system prune' },
  { line: 'docker run alpine ping localhost', key: 'ping-for-exec' },
  { line: 'docker exec <id:alpine> ls' },
  { line: 'docker run redis' },
  { line: 'docker run --rm redis redis-cli ping', key: 'redis-cli-outside' },
  { line: 'docker exec <id:redis> redis-cli', key: 'redis-cli-no-it' },
  { line: 'docker exec <id:redis> redis-cli ping' },
  { line: 'docker exec -i <id:redis> redis-cli', key: 'redis-cli-i-only' },
  { line: 'docker exec -t <id:redis> sh', key: 'sh-t-only' },
  { line: 'docker exec -it <id:redis> redis-cli' },
  { line: 'docker run alpine ping localhost', key: 'ping-for-shell' },
  { line: 'docker exec -it <id:alpine> sh' },
  { line: "docker ps --format 'table {{.Names}}\\t{{.Command}}\\t{{.Status}}'", key: 'ps-after-shell' },
]
