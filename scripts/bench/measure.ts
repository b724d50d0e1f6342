import "../render/fast-start";
import * as fs from "fs";
import * as path from "path";
import { render, runProgram } from "../render/index";
import { readCliConfig } from "../render/stack-config";

// One measurement in a process of its own (the SDK's runtime is global):
//   measure.ts render <projectDir> <outDir> [stack] [clusterRender]   renders a stack (dev)
//   measure.ts floor <count>                  registers <count> plain resources, nothing else
//   measure.ts payload <resources.json>       registers a render's inputs flat, nothing else
// Prints {"seconds", "max_rss_mb"} as JSON.

async function main(): Promise<void> {
  const [mode = "", first = "", second = "", stack = "dev", cluster] = process.argv.slice(2);
  const start = process.hrtime.bigint();
  if (mode === "render") {
    await render(first, stack, second, cluster !== undefined ? { cluster } : {});
  } else if (mode === "floor" || mode === "payload") {
    if (mode === "floor") process.env.BENCH_FLOOR_COUNT = first;
    else process.env.BENCH_FLOOR_PAYLOAD = first;
    const project = path.resolve(__dirname, "..", "..");
    const cli = { ...readCliConfig(project, "dev"), config: {}, secretKeys: [] };
    const none = (): never => {
      throw new Error("the floor program calls no cloud");
    };
    await runProgram(path.join(__dirname, "floor-program.ts"), project, "dev", cli, none, none);
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  fs.writeSync(1, `${JSON.stringify({ seconds, max_rss_mb: maxRssMb })}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
