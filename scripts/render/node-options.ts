/**
 * V8 options of every render process (npm run render, render-all, the bench, the tests' renders).
 * A render allocates a registration's inputs, outputs and promises per resource and keeps few:
 * a larger young generation lets most of that die there, instead of being copied to the old
 * generation and marked again. Measured in BENCHMARKS.md.
 * @see https://v8.dev/blog/orinoco-parallel-scavenger
 */
export const RENDER_NODE_OPTIONS: readonly string[] = ["--max-semi-space-size=64"];
