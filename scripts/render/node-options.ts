/**
 * How every render process starts (npm run render, render-all, the bench, the tests' renders).
 *
 * V8: a render allocates a registration's inputs, outputs and promises per resource and keeps
 * few: a larger young generation lets most of that die there, instead of being copied to the old
 * generation and marked again. Measured in BENCHMARKS.md.
 * @see https://v8.dev/blog/orinoco-parallel-scavenger
 *
 * Loader: tsx's CommonJS hook only. The project is CommonJS; tsx's ES module hooks would start a
 * thread of their own in every process, a fifth of a small render's start.
 */
export const RENDER_NODE_OPTIONS: readonly string[] = [
  "--max-semi-space-size=64",
  "--require",
  "tsx/cjs",
];
