import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  manifests,
  renderOk,
  renderedRegion,
  type Manifest,
  type Resource,
} from "../helpers/render";

/**
 * contoso runs at home in prod-westeurope and as a standby in prod-eastus (both AKS): the two
 * regions must create the same objects, differing only in where each instance is reached.
 */

const NAMESPACE = "prod-contoso";
const GLOBAL_HOST = "contoso.tenancy.example.com";
const regional = (region: string): string => `contoso.${region}.tenancy.example.com`;

/** Objects that name the hosts an instance is reached at. */
const REACHED_AT = new Set([
  "Namespace/prod-contoso",
  "HTTPRoute/web",
  "ListenerSet/prod-contoso",
  "Certificate/prod-contoso-tls",
  "ConfigMap/app-settings",
]);

/** contoso's namespace and its objects, with those of the edge that carry its tenant label. */
function contosoObjects(all: readonly Manifest[]): Map<string, Manifest> {
  const objects = all.filter(
    (o) =>
      o.metadata.namespace === NAMESPACE ||
      (o.metadata.namespace === "tenancy-edge" &&
        o.metadata.labels?.["tenancy.dev/tenant"] === "contoso") ||
      (o.kind === "Namespace" && o.metadata.name === NAMESPACE),
  );
  return new Map(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
}

describe("a tenant in two regions", () => {
  let home = new Map<string, Manifest>();
  let standby = new Map<string, Manifest>();
  let standbyCluster: Manifest[] = [];
  let eastusResources: Resource[] = [];

  before(() => {
    home = contosoObjects(manifests(renderOk("prod-westeurope")));
    // East US is split: its cluster stack and shards together are its cluster.
    const region = renderedRegion("prod", "eastus");
    eastusResources = region.resources;
    const eastus = region.objects;
    standby = contosoObjects(eastus);
    standbyCluster = eastus.filter((o) => o.metadata.namespace === undefined);
  });

  it("has the same objects in its home and standby regions, but the data the standby restores", () => {
    assert.ok(home.size > 20, String(home.size));
    // The standby starts from the home's latest backup (restore.test.ts): its data comes from there.
    const restored = [...home].filter(
      ([, o]) => o.metadata.labels?.["tenancy.dev/data"] === "true",
    );
    assert.equal(restored.length, 4);
    assert.deepEqual(
      [...standby.keys()].sort(),
      [...home.keys()].filter((k) => !restored.some(([r]) => r === k)).sort(),
    );
    for (const [key, object] of standby) {
      if (!REACHED_AT.has(key)) assert.deepEqual(object, home.get(key), key);
    }
  });

  it("serves its host and its regional host in both regions, so a failover is only a DNS change", () => {
    const dnsNames = (objects: Map<string, Manifest>) =>
      (objects.get("Certificate/prod-contoso-tls")?.spec as { dnsNames: string[] }).dnsNames;
    const ruleHosts = (objects: Map<string, Manifest>) =>
      (objects.get("HTTPRoute/web")?.spec as { hostnames: string[] }).hostnames;
    const listenerHosts = (objects: Map<string, Manifest>) =>
      (
        objects.get("ListenerSet/prod-contoso")?.spec as { listeners: { hostname: string }[] }
      ).listeners.map((l) => l.hostname);
    assert.deepEqual(dnsNames(home), [GLOBAL_HOST, regional("westeurope")]);
    assert.deepEqual(ruleHosts(home), [GLOBAL_HOST, regional("westeurope")]);
    // The URL a standby instance announces stays its regional one; its host is served too.
    for (const names of [dnsNames(standby), ruleHosts(standby), listenerHosts(standby)]) {
      assert.deepEqual(names, [regional("eastus"), GLOBAL_HOST]);
    }
  });

  it("holds a valid certificate for its host on standby: DNS-01 in the zone of that host", () => {
    // HTTP-01 cannot prove the host before DNS points at the standby; DNS-01 can.
    const certificate = standby.get("Certificate/prod-contoso-tls");
    const issuerName = (certificate?.spec as { issuerRef: { name: string } }).issuerRef.name;
    const issuer = standbyCluster.find(
      (o) => o.kind === "ClusterIssuer" && o.metadata.name === issuerName,
    );
    const solvers = (
      issuer?.spec as { acme: { solvers: { dns01?: { azureDNS?: { hostedZoneName: string } } }[] } }
    ).acme.solvers;
    const zones = solvers.map((s) => s.dns01?.azureDNS?.hostedZoneName ?? "");
    assert.ok(zones.length > 0 && zones.every((z) => GLOBAL_HOST.endsWith(`.${z}`)), zones.join());
  });

  it("issues by DNS-01 only once cert-manager's identity may write the zone, and only in it", () => {
    const recorded = eastusResources;
    const issuer = recorded.find((r) => r.inputs.kind === "ClusterIssuer");
    const federation = recorded.find(
      (r) => r.type === "azure-native:managedidentity:FederatedIdentityCredential",
    );
    // DNS Zone Contributor, Azure's built-in role id, on the zone alone.
    const grant = recorded.find((r) =>
      String(r.inputs.roleDefinitionId).endsWith("befefa01-2a29-4197-83a8-272ff33ce314"),
    );
    assert.ok(issuer && federation && grant);
    assert.match(String(grant.inputs.scope), /\/dnszones\/tenancy\.example\.com$/);
    assert.ok(issuer.dependencies.includes(federation.urn));
    assert.ok(issuer.dependencies.includes(grant.urn));
    const spec = issuer.inputs.spec as {
      acme: { solvers: { selector?: { dnsZones: string[] } }[] };
    };
    assert.deepEqual(spec.acme.solvers[0]?.selector?.dnsZones, ["tenancy.example.com"]);
  });

  it("tells each instance the URL it is reached at", () => {
    const url = (objects: Map<string, Manifest>) =>
      (objects.get("ConfigMap/app-settings")?.data as Record<string, string>)[
        "WFGEN_APP_SETTING_ApplicationUrl"
      ];
    assert.equal(url(home), `https://${GLOBAL_HOST}/wfgen`);
    assert.equal(url(standby), `https://${regional("eastus")}/wfgen`);
  });
});
