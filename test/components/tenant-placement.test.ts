import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { Placement } from "../../components/cluster/placement";
import { recordResources, settle } from "../helpers/mocks";
import { canSchedule, type SchedulableNode } from "../helpers/scheduling";
import { TEST_ADDONS, testTenant } from "../helpers/tenants";

const sharedWindows: SchedulableNode = {
  labels: {
    "kubernetes.io/os": "windows",
    "tenancy.dev/pool": "win",
    "tenancy.dev/workload": "tenants",
  },
  taints: [{ key: "os", value: "windows", effect: "NoSchedule" }],
};
const largeWindows: SchedulableNode = {
  labels: {
    "kubernetes.io/os": "windows",
    "tenancy.dev/tier": "large",
    "tenancy.dev/workload": "tenants",
  },
  taints: [
    { key: "os", value: "windows", effect: "NoSchedule" },
    { key: "tenancy.dev/tier", value: "large", effect: "NoSchedule" },
  ],
};
const linux: SchedulableNode = {
  labels: { "kubernetes.io/os": "linux", "tenancy.dev/workload": "tenants" },
  taints: [{ key: "tenancy.dev/workload", value: "tenants", effect: "NoSchedule" }],
};
/** The system pool: the cluster's and the platform's add-ons, untainted. */
const system: SchedulableNode = {
  labels: { "kubernetes.io/os": "linux", "tenancy.dev/pool": "system" },
  taints: [],
};

describe("a tenant's placement on an AKS cluster with a pool dedicated to the large tier", () => {
  let small: Readonly<Record<"linux" | "windows", Placement>>;
  let large: Readonly<Record<"linux" | "windows", Placement>>;

  before(async () => {
    await recordResources();
    const { Tenant } = await import("../../components/tenant");
    const { placementFacts, WINDOWS_TAINT } = await import("../../components/cluster/placement");
    const cluster = {
      placement: placementFacts([WINDOWS_TAINT], ["large"], true),
      files: { accessMode: "ReadWriteMany" as const },
      addons: TEST_ADDONS,
    };
    small = new Tenant("a", { spec: testTenant("a", { tier: "small" }), cluster }).placement;
    large = new Tenant("b", { spec: testTenant("b", { tier: "large" }), cluster }).placement;
    await settle();
  });

  it("puts a small tenant's Windows pods on the shared pool only", () => {
    assert.equal(canSchedule(small.windows, sharedWindows), true);
    assert.equal(canSchedule(small.windows, largeWindows), false);
    assert.equal(canSchedule(small.windows, linux), false);
  });

  it("puts a large tenant's Windows pods on its tier's pool only", () => {
    assert.equal(canSchedule(large.windows, largeWindows), true);
    assert.equal(canSchedule(large.windows, sharedWindows), false);
  });

  it("puts Linux pods on Linux nodes", () => {
    assert.equal(canSchedule(large.linux, linux), true);
    assert.equal(canSchedule(large.linux, sharedWindows), false);
  });

  it("keeps every tenant pod off the system pool", () => {
    for (const placement of [small.linux, small.windows, large.linux, large.windows]) {
      assert.equal(canSchedule(placement, system), false);
    }
  });
});
