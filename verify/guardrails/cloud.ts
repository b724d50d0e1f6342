/**
 * Rules over the cloud clusters' own settings, as a resource's properties hold them (the inputs of
 * `azure-native` ManagedCluster and `gcp` container Cluster). Each returns why the cluster breaks
 * it, or undefined. Pure; no Pulumi import, so the policy pack and tests call them alike.
 */

export type Props = Readonly<Record<string, unknown>>;

export interface CloudRule {
  readonly id: string;
  readonly title: string;
  /** The Pulumi type token of the resources the rule judges. */
  readonly resourceType: string;
  readonly controls: readonly string[];
  readonly check: (props: Props) => string | undefined;
}

export const AKS_CLUSTER = "azure-native:containerservice:ManagedCluster";
export const GKE_CLUSTER = "gcp:container/cluster:Cluster";

const field = (props: Props, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (value, key) =>
      typeof value === "object" && value !== null ? (value as Props)[key] : undefined,
    props,
  );

const OPEN_TO_ALL = new Set(["0.0.0.0/0", "::/0"]);

/** Why an allowlist of source ranges does not restrict, if it does not. */
function unrestricted(ranges: readonly string[]): string | undefined {
  if (ranges.length === 0) return "lists no source range";
  const open = ranges.filter((r) => OPEN_TO_ALL.has(r));
  return open.length > 0 ? `admits every address (${open.join(", ")})` : undefined;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

/** Engines that enforce NetworkPolicy on AKS. @see https://learn.microsoft.com/azure/aks/use-network-policies */
const AKS_POLICY_ENGINES = new Set(["calico", "azure", "cilium"]);

export function aksNetworkPolicyEngine(props: Props): string | undefined {
  const engine = field(props, "networkProfile", "networkPolicy");
  return typeof engine === "string" && AKS_POLICY_ENGINES.has(engine)
    ? undefined
    : "has no network policy engine (networkProfile.networkPolicy): tenants' NetworkPolicies would not be enforced";
}

export function aksApiServerRestricted(props: Props): string | undefined {
  if (field(props, "apiServerAccessProfile", "enablePrivateCluster") === true) return undefined;
  const reason = unrestricted(
    strings(field(props, "apiServerAccessProfile", "authorizedIPRanges")),
  );
  return reason === undefined
    ? undefined
    : `has a public API server whose apiServerAccessProfile.authorizedIPRanges ${reason}`;
}

export function aksLocalAccountsDisabled(props: Props): string | undefined {
  return props.disableLocalAccounts === true
    ? undefined
    : "keeps local accounts (disableLocalAccounts is not true): a static admin credential bypasses Entra ID";
}

export function gkeWorkloadIdentity(props: Props): string | undefined {
  const pool = field(props, "workloadIdentityConfig", "workloadPool");
  return typeof pool === "string" && pool !== ""
    ? undefined
    : "has no workload identity (workloadIdentityConfig.workloadPool): pods could use the nodes' service account";
}

export function gkeNetworkPolicy(props: Props): string | undefined {
  const dataplaneV2 = props.datapathProvider === "ADVANCED_DATAPATH";
  const calico = field(props, "networkPolicy", "enabled") === true;
  return dataplaneV2 || calico
    ? undefined
    : "enforces no NetworkPolicy (neither datapathProvider ADVANCED_DATAPATH nor networkPolicy.enabled)";
}

export function gkeApiServerRestricted(props: Props): string | undefined {
  if (field(props, "privateClusterConfig", "enablePrivateEndpoint") === true) return undefined;
  const blocks = field(props, "masterAuthorizedNetworksConfig", "cidrBlocks");
  const ranges = Array.isArray(blocks)
    ? blocks
        .map((b) => field(b as Props, "cidrBlock"))
        .filter((c): c is string => typeof c === "string")
    : [];
  const reason = unrestricted(ranges);
  return reason === undefined
    ? undefined
    : `has a public endpoint whose masterAuthorizedNetworksConfig ${reason}`;
}

export const CLOUD_RULES: readonly CloudRule[] = [
  {
    id: "aks-network-policy-engine",
    title: "AKS enforces NetworkPolicy",
    resourceType: AKS_CLUSTER,
    controls: ["MTB-PL1-BC-NI-1 Default deny network connections across tenants"],
    check: aksNetworkPolicyEngine,
  },
  {
    id: "aks-api-server-restricted",
    title: "AKS API server private or behind an allowlist",
    resourceType: AKS_CLUSTER,
    controls: ["MTB-PL1-CC-CPI-1 Block access to cluster resources"],
    check: aksApiServerRestricted,
  },
  {
    id: "aks-local-accounts-disabled",
    title: "AKS without local accounts",
    resourceType: AKS_CLUSTER,
    controls: ["MTB-PL1-CC-CPI-1 Block access to cluster resources"],
    check: aksLocalAccountsDisabled,
  },
  {
    id: "gke-workload-identity",
    title: "GKE with workload identity",
    resourceType: GKE_CLUSTER,
    controls: ["MTB-PL1-CC-CPI-1 Block access to cluster resources"],
    check: gkeWorkloadIdentity,
  },
  {
    id: "gke-network-policy",
    title: "GKE enforces NetworkPolicy",
    resourceType: GKE_CLUSTER,
    controls: ["MTB-PL1-BC-NI-1 Default deny network connections across tenants"],
    check: gkeNetworkPolicy,
  },
  {
    id: "gke-api-server-restricted",
    title: "GKE control plane private or behind authorized networks",
    resourceType: GKE_CLUSTER,
    controls: ["MTB-PL1-CC-CPI-1 Block access to cluster resources"],
    check: gkeApiServerRestricted,
  },
];
