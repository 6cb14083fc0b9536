// `slidev build`, as every build of the deck runs it.
import { execa } from 'execa'

/**
 * Builds the deck into `outDir`; throws with the build's last lines when it
 * fails. NODE_ENV is production whoever starts it: Vite builds a development
 * flavour (import.meta.env.DEV true) when it inherits another value, as it
 * does under a test runner, and that flavour looks for a runner.
 */
export async function slidevBuild(outDir: string, options: { cwd?: string; args?: readonly string[]; env?: Record<string, string> } = {}): Promise<void> {
  const build = await execa('slidev', ['build', ...(options.args ?? []), '--out', outDir], {
    cwd: options.cwd,
    preferLocal: true,
    reject: false,
    all: true,
    env: { ...options.env, NODE_ENV: 'production' },
  })
  if (build.exitCode !== 0) throw new Error(`slidev build failed (exit ${build.exitCode}):\n${build.all?.split('\n').slice(-20).join('\n')}`)
}
