import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { recordResources, settle, type Registered } from "../helpers/mocks";
import { TIER_CONTAINER_DEFAULTS, TIER_QUOTAS } from "../../stacks/tiers";
import type { TenantSpec } from "../../stacks/spec";

const spec: TenantSpec = {
  name: "contoso",
  namespace: "contoso",
  tier: "small",
  host: "contoso.example.com",
  quota: TIER_QUOTAS.small,
  containerDefaults: TIER_CONTAINER_DEFAULTS.small,
  allowlist: [],
  egress: [],
};

describe("Tenant under mocks", () => {
  let registered: Registered[] = [];

  before(async () => {
    registered = await recordResources();
    const k8s = await import("@pulumi/kubernetes");
    const { Tenant } = await import("../../components/tenant");
    const provider = new k8s.Provider("cluster-kubernetes", {});
    new Tenant("contoso", { spec }, { providers: [provider] });
    await settle();
  });

  const objects = (): Registered[] => registered.filter((r) => r.type.startsWith("kubernetes:"));

  it("registers the namespace, its quota, limits and default deny, each named after the tenant", () => {
    assert.deepEqual(
      registered
        .filter((r) => r.type !== "pulumi:providers:kubernetes")
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
      [
        "kubernetes:core/v1:LimitRange contoso-limits",
        "kubernetes:core/v1:Namespace contoso-namespace",
        "kubernetes:core/v1:ResourceQuota contoso-quota",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy contoso-default-deny",
        "tenancy:tenant:Tenant contoso",
      ],
    );
  });

  it("creates every object through the cluster's provider", () => {
    for (const object of objects()) {
      assert.match(
        object.provider ?? "",
        /pulumi:providers:kubernetes::cluster-kubernetes::/,
        object.name,
      );
    }
  });

  it("puts every namespaced object in the tenant's namespace", () => {
    for (const object of objects().filter((o) => o.type !== "kubernetes:core/v1:Namespace")) {
      const metadata = object.inputs.metadata as { namespace?: string };
      assert.equal(metadata.namespace, "contoso", object.name);
    }
  });
});
