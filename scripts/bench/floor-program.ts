import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";

// The floors, as programs of their own under the render's runtime:
// - BENCH_FLOOR_COUNT=<n>: n plain custom resources, each with one small input, and no component,
//   dependency or provider. No program under the same runtime can do less.
// - BENCH_FLOOR_PAYLOAD=<resources.json>: a render's resources, each registered flat with the
//   inputs it had: the SDK's and the runtime's cost of that payload, without the program's
//   components, parents, providers and dependencies.
class Plain extends pulumi.CustomResource {
  constructor(name: string, inputs: pulumi.Inputs) {
    super("bench:index:Plain", name, inputs);
  }
}

const payload = process.env.BENCH_FLOOR_PAYLOAD;
if (payload !== undefined) {
  const resources = JSON.parse(fs.readFileSync(payload, "utf8")) as {
    readonly urn: string;
    readonly inputs: pulumi.Inputs;
  }[];
  resources.forEach((r, index) => new Plain(`payload-${String(index)}`, r.inputs));
} else {
  const count = Number(process.env.BENCH_FLOOR_COUNT ?? "0");
  for (let i = 0; i < count; i++) new Plain(`plain-${String(i)}`, { index: i });
}
