import * as pulumi from "@pulumi/pulumi";

// The floor: as many plain custom resources as the program registers, each with a small input,
// and no component, dependency or provider. No program under the same runtime can do less.
class Plain extends pulumi.CustomResource {
  constructor(name: string, index: number) {
    super("bench:index:Plain", name, { index });
  }
}

const count = Number(process.env.BENCH_FLOOR_COUNT ?? "0");
for (let i = 0; i < count; i++) new Plain(`plain-${String(i)}`, i);
