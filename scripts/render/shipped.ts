import * as fs from "fs";
import * as path from "path";
import { runPolicies, type StackResource } from "../../policy/run";
import { verdictFails, type Verdict } from "../../verify";

/** The stacks the repository ships (each `Pulumi.<stack>.yaml`), and what fails one's render. */

export function shippedStacks(projectDir: string): string[] {
  return fs
    .readdirSync(projectDir)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/**
 * What is wrong with a stack's render in `out`: a violation or a failed guardrail in its
 * isolation.json, or a resource the policy pack rejects.
 */
export async function renderProblems(stack: string, out: string): Promise<string[]> {
  const verdict = JSON.parse(fs.readFileSync(path.join(out, "isolation.json"), "utf8")) as Verdict;
  const resources = JSON.parse(
    fs.readFileSync(path.join(out, "resources.json"), "utf8"),
  ) as StackResource[];
  return [
    ...(verdictFails(verdict) ? [`${stack}: isolation.json has problems`] : []),
    ...(await runPolicies(resources)).map((v) => `${stack}: policy ${v.policy}: ${v.message}`),
  ];
}
