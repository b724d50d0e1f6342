import assert from "node:assert/strict";
import { it } from "node:test";
import * as fs from "fs";
import Module from "module";
import * as path from "path";

/**
 * Every `*.spec.ts` under test/, in this one process. node --test starts a process for each
 * test file, which costs more than most tables and properties take to run; they share one. A
 * spec may read the repository's shared renders (test/helpers/render.ts), made once a run.
 *
 * A test is a `*.test.ts` of its own when it declares resources under the SDK's mocks (whose
 * state is global to a process), runs the program in-process, or renders a project of its own
 * (in child processes, which then run side by side with the other files).
 */
const load = Module.createRequire(__filename);
const specs = fs
  .readdirSync(__dirname, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".spec.ts"))
  .sort();
for (const spec of specs) load(path.join(__dirname, spec));

/** What makes a test need a process of its own, as it appears in its source. */
const NEEDS_OWN_PROCESS =
  /\b(setMocks|recordResources|runProgram|renderCli|makeProject)\(|\brenderOk\([^()]*,/;

it("shares this process only with specs that need none of their own", () => {
  const misplaced = specs.filter((spec) =>
    NEEDS_OWN_PROCESS.test(fs.readFileSync(path.join(__dirname, spec), "utf8")),
  );
  assert.deepEqual(misplaced, [], "rename these to *.test.ts");
});
