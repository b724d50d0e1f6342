import * as path from "path";
import { runProgram } from "./mock-runtime";
import { answerCall, recordedFetch } from "./recorded";
import { renderReport } from "./report";
import { readCliConfig } from "./stack-config";
import { verdictMarkdown, verify } from "../../verify";
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
): Promise<RenderResult> {
  const cli = readCliConfig(projectDir, stack);
  const run = await runProgram(PROGRAM, projectDir, stack, cli, answerCall, recordedFetch);
  const objects = run.resources.filter(isKubernetesObject).map(manifestOf);
  const verdict = verify(objects);
  const report = [
    renderReport({ stack, resources: run.resources, outputs: run.outputs }),
    // A stack without Kubernetes objects (the global one) has no isolation to show.
    ...(objects.length > 0 ? [verdictMarkdown(verdict)] : []),
  ].join("\n");
  writeRender(outDir, run.resources, report, verdict);
  return {
    resources: run.resources.length,
    kubernetesObjects: run.resources.filter(isKubernetesObject).length,
    tenants: run.resources.filter((r) => r.type === "tenancy:tenant:Tenant").length,
    outDir,
    problems:
      verdict.violations.length + verdict.guardrails.reduce((n, g) => n + g.findings.length, 0),
  };
}
