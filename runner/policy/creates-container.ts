// The subcommands that make a new container. Each gets the create step
// (label, limits, allow-list), run's options (create without the run-only
// -d, --sig-proxy and --detach-keys), and around the run the
// runner learns the container it made and removes it when the run is
// cancelled. `docker container run` and `docker container create` reach
// these through their canonical names.

/** Canonical names of the subcommands that create a container. */
export const CREATING_SUBCOMMANDS = ['run', 'create'] as const

/** Whether the canonical subcommand `name` creates a container. */
export function createsContainer(name: string): boolean {
  return (CREATING_SUBCOMMANDS as readonly string[]).includes(name)
}
