import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { StackSpec } from "../../stacks/spec";
import { TEST_ADDONS, testTenant } from "../helpers/tenants";
import { Provider } from "@pulumi/kubernetes/provider";
import { buildTenants, PREVIEW_GROUP } from "../../programs/tenants";
import { placementFacts, WINDOWS_TAINT } from "../../components/cluster/placement";

/**
 * A preview declares a region's tenants a few at a time, which bounds what is in flight; a
 * `pulumi up` declares every tenant at once, so no tenant waits for another's objects to exist.
 * Here no registration is answered until the test says so, as when the engine is still creating.
 */

/** More than a preview's group of tenants (programs/tenants.ts), so at least two groups. */
const TENANTS = PREVIEW_GROUP + 2;

/** Declares TENANTS tenants with the engine holding every answer; how many it declared. */
async function declaredWhileHeld(preview: boolean): Promise<{ held: number; after: number }> {
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
  // buildTenants reads only the tenants and the region of the stack's spec.
  const spec = {
    region: "westeurope",
    tenants: Array.from({ length: TENANTS }, (_, i) => testTenant(`t${String(i)}`)),
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
  for (let i = 0; i < 200 && (waiting.length > 0 || tenants < TENANTS); i++) await release();
  await built;
  await release();
  return { held, after: tenants };
}

describe("declaring a region's tenants", () => {
  it("in a preview, a group at a time, and every tenant in the end", async () => {
    const { held, after } = await declaredWhileHeld(true);
    assert.equal(held, PREVIEW_GROUP);
    assert.equal(after, TENANTS);
  });

  it("in pulumi up, every tenant at once, while none of their objects exists yet", async () => {
    const { held, after } = await declaredWhileHeld(false);
    assert.equal(held, TENANTS);
    assert.equal(after, TENANTS);
  });
});
