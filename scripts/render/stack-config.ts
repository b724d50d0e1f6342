import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { formatProblems } from "../../stacks/fields/problems";
import { cliConfig, type CliConfig } from "../../stacks/secrets/stack-config";
import { stackFileProblems } from "../../stacks/secrets/stack-file";

export { SECURE_STAND_IN, type CliConfig } from "../../stacks/secrets/stack-config";

function readYaml(file: string): unknown {
  return parse(fs.readFileSync(file, "utf8")) as unknown;
}

/** The render's stack config, as the CLI would hand it over (stacks/secrets/stack-config.ts). */
export function readCliConfig(projectDir: string, stack: string): CliConfig {
  const stackFile = path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(stackFile)) {
    throw new Error(`no stack file ${path.basename(stackFile)}: create it (see Pulumi.dev.yaml)`);
  }
  // YAML the CLI could not read stops here, with the file and line; the rest is validation's.
  const unreadable = stackFileProblems(
    path.basename(stackFile),
    fs.readFileSync(stackFile, "utf8"),
  );
  if (unreadable.some((p) => p.reason.startsWith("not valid YAML"))) {
    throw new Error(formatProblems(unreadable));
  }
  return cliConfig(readYaml(path.join(projectDir, "Pulumi.yaml")), readYaml(stackFile));
}
