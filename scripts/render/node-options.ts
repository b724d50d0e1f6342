/**
 * How render processes start (npm run render, render-all, the bench, a shard's cluster render).
 *
 * Loader: tsx's CommonJS hook only. The project is CommonJS; tsx's ES module hooks would start a
 * thread of their own in every process, a fifth of a small render's start.
 */
export const TYPESCRIPT_LOADER: readonly string[] = ["--require", "tsx/cjs"];

/**
 * V8: a render allocates a registration's inputs, outputs and promises per resource and keeps
 * few: a larger young generation lets most of that die there, instead of being copied to the old
 * generation and marked again. It pays for large catalogs (BENCHMARKS.md); a render of a few
 * tenants spends a tenth more CPU with it.
 * @see https://v8.dev/blog/orinoco-parallel-scavenger
 */
export const RENDER_NODE_OPTIONS: readonly string[] = [
  "--max-semi-space-size=64",
  ...TYPESCRIPT_LOADER,
];
