import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { before, describe, it } from "node:test";
import { parse } from "yaml";
import { REPO } from "../helpers/project";
import { renderOk, resources, type Resource } from "../helpers/render";

/**
 * From a tenant's host to its pods: the global stack's CNAME names the home region's regional
 * host, that region's wildcard A record holds the address its stack exports, and the region's
 * Gateway's proxies are given that very address.
 */

interface Catalog {
  domain: string;
  regions: string[];
  tenants: { name: string; region: string }[];
}
const prod = parse(fs.readFileSync(path.join(REPO, "stacks", "prod.yaml"), "utf8")) as Catalog;
const stackConfig = (stack: string): Record<string, unknown> =>
  (
    parse(fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8")) as {
      config: Record<string, unknown>;
    }
  ).config;

describe("the prod DNS", () => {
  let dns: Resource[] = [];
  let region: Resource[] = [];

  before(() => {
    dns = resources(renderOk("prod-global"));
    region = resources(renderOk("prod-westeurope"));
  });

  it("reads each region stack, and holds its address behind *.<region>.<domain>", () => {
    for (const name of prod.regions) {
      const reference = dns.find(
        (r) =>
          r.type === "pulumi:pulumi:StackReference" &&
          r.inputs.name === `example-org/tenancy/prod-${name}`,
      );
      assert.ok(reference, name);
      const record = dns.find((r) => r.inputs.relativeRecordSetName === `*.${name}`);
      assert.equal(record?.inputs.recordType, "A");
      assert.ok(record.dependencies.includes(reference.urn), name);
    }
  });

  it("has each region answer certificate challenges in the zone it manages, where its cloud can", () => {
    const global = stackConfig("prod-global");
    const zone = global["tenancy:dns"] as { provider: string; zone: string };
    for (const name of prod.regions) {
      const config = stackConfig(`prod-${name}`);
      const cloud = config["tenancy:platform"] === "aks" ? "azure" : "gcp";
      const issuer = (config["tenancy:addons"] as { issuer: { dns01?: { zone: string } } }).issuer;
      // A cluster answers DNS-01 with its own workload identity, so only in its own cloud's DNS.
      assert.equal(issuer.dns01?.zone, cloud === zone.provider ? zone.zone : undefined, name);
    }
  });

  it("points every tenant's host at its home region", () => {
    for (const tenant of prod.tenants) {
      const record = dns.find((r) => r.inputs.relativeRecordSetName === tenant.name);
      assert.deepEqual(record?.inputs.cnameRecord, {
        cname: `${tenant.name}.${tenant.region}.${prod.domain}`,
      });
    }
  });

  it("gives the region's Gateway proxies the static address its stack exports", () => {
    const address = region.find((r) => r.type === "azure-native:network:PublicIPAddress");
    const proxy = region.find(
      (r) => r.type === "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy",
    );
    const gatewayClass = region.find(
      (r) => r.type === "kubernetes:gateway.networking.k8s.io/v1:GatewayClass",
    );
    assert.ok(address && proxy && gatewayClass);
    const spec = proxy.inputs.spec as {
      provider: { kubernetes: { envoyService: { annotations: Record<string, string> } } };
    };
    assert.equal(
      spec.provider.kubernetes.envoyService.annotations[
        "service.beta.kubernetes.io/azure-pip-name"
      ],
      address.inputs.publicIpAddressName,
    );
    // The Gateway's class carries these proxy settings.
    const ref = (gatewayClass.inputs.spec as { parametersRef: { name: string } }).parametersRef;
    assert.equal(ref.name, (proxy.inputs.metadata as { name: string }).name);
    // The cluster may attach its load balancer to the address only once the role is granted.
    // Network Contributor, Azure's built-in role id.
    const grant = region.find(
      (r) =>
        r.type === "azure-native:authorization:RoleAssignment" &&
        String(r.inputs.roleDefinitionId).endsWith("4d97b98b-1d4f-4787-a291-c67834d212e7"),
    );
    assert.ok(grant && proxy.dependencies.includes(grant.urn));
  });
});
