import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  aksApiServerRestricted,
  aksLocalAccountsDisabled,
  aksNetworkPolicyEngine,
  gkeApiServerRestricted,
  gkeNetworkPolicy,
  gkeWorkloadIdentity,
  type Props,
} from "../../verify";

/** The cloud clusters' rules over properties as the providers take them. */

const cases: [string, (props: Props) => string | undefined, Props, RegExp | undefined][] = [
  [
    "AKS with Calico",
    aksNetworkPolicyEngine,
    { networkProfile: { networkPolicy: "calico" } },
    undefined,
  ],
  [
    "AKS without an engine",
    aksNetworkPolicyEngine,
    { networkProfile: { networkPlugin: "azure" } },
    /no network policy engine/,
  ],
  [
    "AKS private",
    aksApiServerRestricted,
    { apiServerAccessProfile: { enablePrivateCluster: true } },
    undefined,
  ],
  [
    "AKS public with ranges",
    aksApiServerRestricted,
    { apiServerAccessProfile: { authorizedIPRanges: ["203.0.113.0/24"] } },
    undefined,
  ],
  ["AKS public without ranges", aksApiServerRestricted, {}, /lists no source range/],
  [
    "AKS public to everyone",
    aksApiServerRestricted,
    { apiServerAccessProfile: { authorizedIPRanges: ["0.0.0.0/0"] } },
    /admits every address \(0\.0\.0\.0\/0\)/,
  ],
  [
    "AKS with local accounts",
    aksLocalAccountsDisabled,
    { disableLocalAccounts: false },
    /keeps local accounts/,
  ],
  [
    "GKE with workload identity",
    gkeWorkloadIdentity,
    { workloadIdentityConfig: { workloadPool: "p.svc.id.goog" } },
    undefined,
  ],
  ["GKE without workload identity", gkeWorkloadIdentity, {}, /no workload identity/],
  ["GKE on Dataplane V2", gkeNetworkPolicy, { datapathProvider: "ADVANCED_DATAPATH" }, undefined],
  ["GKE with the Calico add-on", gkeNetworkPolicy, { networkPolicy: { enabled: true } }, undefined],
  [
    "GKE enforcing nothing",
    gkeNetworkPolicy,
    { datapathProvider: "LEGACY_DATAPATH" },
    /enforces no NetworkPolicy/,
  ],
  [
    "GKE private endpoint",
    gkeApiServerRestricted,
    { privateClusterConfig: { enablePrivateEndpoint: true } },
    undefined,
  ],
  [
    "GKE public with networks",
    gkeApiServerRestricted,
    { masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "198.51.100.0/24" }] } },
    undefined,
  ],
  [
    "GKE public to everyone",
    gkeApiServerRestricted,
    { masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "0.0.0.0/0" }] } },
    /admits every address/,
  ],
];

describe("cloud cluster rules", () => {
  for (const [name, rule, props, expected] of cases) {
    it(name, () => {
      const reason = rule(props);
      if (expected === undefined) assert.equal(reason, undefined);
      else assert.match(reason ?? "", expected);
    });
  }
});
