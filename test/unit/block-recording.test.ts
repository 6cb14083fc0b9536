// Which chapter images a block names, so a recording made with offline
// stand-ins can say so on the slide.
import { describe, expect, it } from 'vitest'
import { imagesNamed } from '../../lib/block-recording.ts'

const CHAPTER = ['hello-world', 'alpine', 'redis']

describe('imagesNamed', () => {
  it.each([
    ['docker run alpine ls', ['alpine']],
    ['docker exec -it <id:redis> redis-cli', ['redis']],
    ['docker run --rm redis redis-cli ping', ['redis']],
    ['docker start -a <id:hello-world>', ['hello-world']],
    ['docker ps -a', []],
    ['docker run alpine-like ls', []],
    ['docker rmi <image-id:docker-live-deck/rmi-demo>', []],
  ])('finds in %s: %j', (line, images) => {
    expect(imagesNamed(line, CHAPTER)).toEqual(images)
  })
})
