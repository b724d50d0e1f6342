import assert from "node:assert/strict";
import { it } from "node:test";
import {
  answerCall,
  PROGRAM,
  ProgramError,
  readCliConfig,
  recordedFetch,
  runProgram,
} from "../../scripts/render/index";
import { EMPTY_CATALOG, linuxAksStack, makeProject } from "../helpers/project";

// In a file of its own: it runs the program in this process, and the SDK's runtime is global.
it("asks the cloud which versions it offers and refuses before registering anything", async () => {
  // 1.38 passes every rule the project records; only AKS's own list (recorded for the render:
  // 1.35 to 1.37 in standard support, 1.33 and 1.34 LTS-only) says it is not offered.
  const project = makeProject({
    stacks: { ahead: linuxAksStack({ kubernetesVersion: "1.38" }) },
    catalogs: { test: EMPTY_CATALOG },
  });
  const cli = readCliConfig(project, "ahead");
  await assert.rejects(
    runProgram(PROGRAM, project, "ahead", cli, answerCall, recordedFetch),
    (error: unknown) => {
      assert.ok(error instanceof ProgramError);
      assert.match(
        error.message,
        /tenancy:cluster\.kubernetesVersion: AKS in westeurope does not offer 1\.38 today: use one of 1\.35, 1\.36, 1\.37/,
      );
      assert.deepEqual(
        error.resources.map((r) => r.type),
        ["pulumi:pulumi:Stack"],
      );
      return true;
    },
  );
});
