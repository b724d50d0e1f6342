import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { StackSpec } from "../../stacks/spec";
import { TEST_ADDONS, testTenant } from "../helpers/tenants";

/**
 * A preview declares a region's tenants a few at a time, which bounds what is in flight; a
 * `pulumi up` declares every tenant at once, so no tenant waits for another's objects to exist.
 * Here no registration is answered until the test says so, as when the engine is still creating.
 */

interface Declared {
  /** Tenants declared: more than a preview's group (programs/tenants.ts), so two groups. */
  readonly tenants: number;
  readonly previewGroup: number;
  /** Tenants declared while the engine held every answer. */
  readonly held: number;
  /** Tenants declared in the end. */
  readonly after: number;
}

/** Declares tenants with the engine holding every answer; how many it declared, and when. */
async function declaredWhileHeld(preview: boolean): Promise<Declared> {
  const waiting: (() => void)[] = [];
  let tenants = 0;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        if (args.type === "tenancy:tenant:Tenant") tenants++;
        const state = args.inputs as Record<string, unknown>;
        const answer = { id: args.custom ? `${args.name}-id` : "", state };
        // The cluster's provider is there already; the tenants' objects are not.
        if (args.type.startsWith("pulumi:providers:")) return answer;
        return new Promise((resolve) => waiting.push(() => resolve(answer)));
      },
      call: () => ({}),
    },
    "tenancy",
    preview ? "preview" : "up",
    preview,
  );
  const { Provider } = await import("@pulumi/kubernetes/provider");
  const { buildTenants, PREVIEW_GROUP } = await import("../../programs/tenants");
  const count = PREVIEW_GROUP + 2;
  const { placementFacts, WINDOWS_TAINT } = await import("../../components/cluster/placement");
  // buildTenants reads only the tenants and the region of the stack's spec.
  const spec = {
    region: "westeurope",
    tenants: Array.from({ length: count }, (_, i) => testTenant(`t${String(i)}`)),
  } as unknown as StackSpec;
  const built = buildTenants(
    spec,
    { tenants: {} },
    {
      placement: placementFacts([WINDOWS_TAINT], [], true),
      files: { accessMode: "ReadWriteMany" as const, sharedClass: "tenancy-files" },
      addons: TEST_ADDONS,
    },
    new Provider("cluster-kubernetes", {}),
  );
  const turns = async (n: number) => {
    for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  };
  await turns(50);
  const held = tenants;
  // The engine answers everything, as often as the program asks.
  const release = async () => {
    while (waiting.length > 0) waiting.splice(0).forEach((answer) => answer());
    await turns(5);
  };
  for (let i = 0; i < 200 && (waiting.length > 0 || tenants < count); i++) await release();
  await built;
  await release();
  return { tenants: count, previewGroup: PREVIEW_GROUP, held, after: tenants };
}

describe("declaring a region's tenants", () => {
  it("in a preview, a group at a time, and every tenant in the end", async () => {
    const { tenants, previewGroup, held, after } = await declaredWhileHeld(true);
    assert.equal(held, previewGroup);
    assert.equal(after, tenants);
  });

  it("in pulumi up, every tenant at once, while none of their objects exists yet", async () => {
    const { tenants, held, after } = await declaredWhileHeld(false);
    assert.equal(held, tenants);
    assert.equal(after, tenants);
  });
});
