// The runner's DockerCli pointed at a stand-in daemon whose world never
// changes, asking the real docker CLI each distinct question once: the
// runner's DeckContainers only reads (ps, inspect), so a second identical
// question would get the identical answer, and thousands of planned lines
// cost a few hundred CLI processes instead of thousands.
import { DockerCli, type CliResult } from '../../runner/docker/docker-cli.ts'

export class RememberingDockerCli extends DockerCli {
  private readonly answers = new Map<string, Promise<CliResult>>()

  /** How many docker processes it started (distinct questions). */
  get processes(): number {
    return this.answers.size
  }

  override run(args: readonly string[], timeoutMs?: number): Promise<CliResult> {
    const key = JSON.stringify(args)
    let answer = this.answers.get(key)
    if (!answer) {
      answer = super.run(args, timeoutMs)
      this.answers.set(key, answer)
    }
    return answer
  }
}
