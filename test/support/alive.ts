// Wall-clock bounds in tests only show that something is alive or that it did
// not wait for a much longer timer. Tight latency figures belong to
// `npm run bench`: these machines are shared, and a busy one answers slowly.

/** A /health answer slower than this means the runner's event loop is stuck. */
export const ALIVE_MS = 5_000

/** Well under docker stop's 10 s grace period: "did not wait for the grace". */
export const SOONER_THAN_GRACE_MS = 8_000
