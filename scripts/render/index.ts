import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { regionStackName } from "../../stacks/shards/names";
import { unionOf } from "../verify/union";
import { runProgram } from "./mock-runtime";
import { RENDER_NODE_OPTIONS } from "./node-options";
import { answerCall, recordedFetch } from "./recorded";
import { renderReport } from "./report";
import { readCliConfig } from "./stack-config";
import { verdictMarkdown, verify, type KubernetesObject } from "../../verify";
import { isKubernetesObject, manifestOf, writeRender } from "./write";

export {
  COMPUTED,
  ProgramError,
  SECRET_PLACEHOLDER,
  runProgram,
  type RecordedResource,
} from "./mock-runtime";
export { readCliConfig } from "./stack-config";
export { SECURE_STAND_IN } from "./stack-config";

export { answerCall, recordedFetch } from "./recorded";

export interface RenderResult {
  readonly resources: number;
  readonly kubernetesObjects: number;
  readonly tenants: number;
  readonly outDir: string;
  /** Flows crossing tenants or differing from a tenant's declaration, and failed guardrails. */
  readonly problems: number;
}

export interface RenderOptions {
  /** For a tenants stack: its cluster stack's render; @default rendered anew, in a temporary folder */
  readonly cluster?: string;
}

/** The cluster stack a tenants stack runs on, from its config; undefined for other roles. */
function clusterStackOf(config: Readonly<Record<string, string>>): string | undefined {
  const environment = config["tenancy:environment"];
  const region = config["tenancy:region"];
  if (config["tenancy:role"] !== "tenants" || environment === undefined || region === undefined) {
    return undefined;
  }
  return regionStackName(environment, region);
}

/** What a tenants stack's render reads of its cluster stack's: its objects and its outputs. */
interface ClusterRender {
  readonly objects: KubernetesObject[];
  readonly outputs: Record<string, unknown>;
}

function readClusterRender(dir: string): ClusterRender {
  return {
    objects: unionOf([path.join(dir, "kubernetes")]),
    outputs: JSON.parse(fs.readFileSync(path.join(dir, "outputs.json"), "utf8")) as Record<
      string,
      unknown
    >,
  };
}

/** `stack`'s render in `rendered`, or rendered anew when not given. */
function clusterRender(
  projectDir: string,
  stack: string,
  rendered: string | undefined,
): ClusterRender {
  if (rendered !== undefined) return readClusterRender(rendered);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `render-${stack}-`));
  try {
    // The SDK's state is global: the cluster stack renders in a process of its own.
    execFileSync(
      process.execPath,
      [
        ...RENDER_NODE_OPTIONS,
        path.join(__dirname, "..", "render.ts"),
        ...["--stack", stack, "--out", out, "--project", projectDir],
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    return readClusterRender(out);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** The program this project deploys. */
export const PROGRAM = path.resolve(__dirname, "..", "..", "index.ts");

/**
 * Renders stack `stack` (its `Pulumi.<stack>.yaml` and catalog in `projectDir`) into `outDir`.
 * Runs the real program under the mock runtime; throws, writing nothing, when the program does.
 */
export async function render(
  projectDir: string,
  stack: string,
  outDir: string,
  options: RenderOptions = {},
): Promise<RenderResult> {
  const cli = readCliConfig(projectDir, stack);
  // A shard reads its cluster stack's outputs, and is judged with everything that stack makes.
  const clusterStack = clusterStackOf(cli.config);
  let clusterFailure: Error | undefined;
  const cluster = (() => {
    if (clusterStack === undefined) return undefined;
    try {
      return { stack: clusterStack, ...clusterRender(projectDir, clusterStack, options.cluster) };
    } catch (error) {
      // A broken cluster stack is the shard's validation's to name, at that stack's file.
      clusterFailure = error instanceof Error ? error : new Error(String(error));
      return undefined;
    }
  })();
  const run = await runProgram(
    PROGRAM,
    projectDir,
    stack,
    cli,
    answerCall,
    recordedFetch,
    (name) =>
      cluster !== undefined && name.endsWith(`/${cluster.stack}`) ? cluster.outputs : undefined,
  );
  if (clusterFailure !== undefined) throw clusterFailure;
  const objects = run.resources.filter(isKubernetesObject).map(manifestOf);
  const verdict = verify(cluster !== undefined ? [...cluster.objects, ...objects] : objects);
  const report = [
    renderReport({ stack, resources: run.resources, outputs: run.outputs }),
    ...(clusterStack !== undefined
      ? [
          `Isolation below is judged on the cluster: this shard's objects with those of its cluster stack \`${clusterStack}\`. Its other shards are judged with it by \`npm run verify\` over all their renders.\n`,
        ]
      : []),
    // A stack without Kubernetes objects (the global one) has no isolation to show.
    ...(objects.length > 0 ? [verdictMarkdown(verdict)] : []),
  ].join("\n");
  writeRender(outDir, run.resources, report, verdict, run.outputs);
  return {
    resources: run.resources.length,
    kubernetesObjects: run.resources.filter(isKubernetesObject).length,
    tenants: run.resources.filter((r) => r.type === "tenancy:tenant:Tenant").length,
    outDir,
    problems:
      verdict.violations.length + verdict.guardrails.reduce((n, g) => n + g.findings.length, 0),
  };
}
