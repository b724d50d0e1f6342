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
import { existingStack, makeProject } from "../helpers/project";
import { CATALOG_BASE } from "../helpers/tenants";

// In a file of its own: it runs the program in this process, and the SDK's runtime is global.
it("registers no resource when the config is invalid", async () => {
  const project = makeProject({
    stacks: {
      broken: existingStack("broken", {
        "tenancy:platform": "eks",
        // One value secure, its sibling not: the stack file shows what the CLI's config hides.
        "tenancy:tenantSecrets": {
          a: { licence: { secure: "AAABAA==" }, databasePassword: "Plain-Text-9" },
        },
      }),
    },
    catalogs: {
      broken: { domain: "example.com", ...CATALOG_BASE, tenants: [{ name: "Bad_Name" }] },
    },
  });
  const cli = readCliConfig(project, "broken");
  await assert.rejects(
    runProgram(PROGRAM, project, "broken", cli, answerCall, recordedFetch),
    (error: unknown) => {
      assert.ok(error instanceof ProgramError);
      assert.match(error.message, /tenancy:platform/);
      assert.match(error.message, /tenants\[0\]\.name/);
      assert.match(error.message, /tenancy:tenantSecrets\.a\.databasePassword: is in plain text/);
      assert.doesNotMatch(error.message, /Plain-Text-9/);
      // The engine's own root stack is all there is: the program registered nothing.
      assert.deepEqual(
        error.resources.map((r) => r.type),
        ["pulumi:pulumi:Stack"],
      );
      return true;
    },
  );
});
