import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { affectedStacks, cloudOf, type CatalogContent } from "./pipelines/affected";
import { readStackSummaries } from "../stacks/secrets/stack-file";
import { regionStackName } from "../stacks/shards/names";

// npm run affected -- --base <git ref>: the stacks the changes since <ref> can alter, as
// GitHub Actions outputs: `matrix={"include":[{"stack":…,"cloud":…}]}` and `any=true|false`.
const root = path.resolve(__dirname, "..");
const base = process.argv[process.argv.indexOf("--base") + 1];
if (base === undefined || !process.argv.includes("--base")) {
  throw new Error("usage: npm run affected -- --base <git ref>");
}
const git = (...args: string[]): string =>
  execFileSync("git", args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
const readYaml = (text: string | undefined): CatalogContent =>
  text === undefined ? undefined : (parse(text) as CatalogContent);
const before = (file: string): string | undefined => {
  try {
    return git("show", `${base}:${file}`);
  } catch {
    return undefined; // new in this change
  }
};

const files = git("diff", "--name-only", `${base}...HEAD`)
  .split("\n")
  .filter((f) => f !== "");
const catalogs = new Map(
  files.flatMap((file) => {
    const environment = /^stacks\/([^/]+)\.yaml$/.exec(file)?.[1];
    if (environment === undefined) return [];
    const full = path.join(root, file);
    const after = fs.existsSync(full) ? fs.readFileSync(full, "utf8") : undefined;
    return [[environment, { before: readYaml(before(file)), after: readYaml(after) }] as const];
  }),
);
const stacks = affectedStacks({ files, stacks: readStackSummaries(root), catalogs });
const configOf = (stack: string): Record<string, unknown> => {
  const file = fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8");
  return (parse(file) as { config?: Record<string, unknown> }).config ?? {};
};
const include = stacks.map((stack) => {
  const config = configOf(stack);
  // A tenants stack reaches its cluster with the cluster's cloud credentials.
  const cluster =
    config["tenancy:role"] === "tenants"
      ? configOf(
          regionStackName(String(config["tenancy:environment"]), String(config["tenancy:region"])),
        )
      : undefined;
  return { stack, cloud: cloudOf(config, cluster) };
});
console.log(`matrix=${JSON.stringify({ include })}`);
console.log(`any=${String(include.length > 0)}`);
