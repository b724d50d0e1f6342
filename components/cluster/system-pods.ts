/**
 * Pods the cluster runs for every tenant, which tenants' network policies name as peers and the
 * reachability analysis stands in for (they are not among the objects the program writes).
 */

export interface SystemPods {
  readonly namespace: string;
  /** The workload that runs them, as flows name it: `<namespace>/<workload>`. */
  readonly workload: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly ports: readonly {
    readonly protocol: string;
    readonly port: number;
    readonly name?: string;
  }[];
}

/**
 * Cluster DNS: CoreDNS on AKS and kube-dns on GKE both carry this label in kube-system.
 * @see https://kubernetes.io/docs/tasks/administer-cluster/dns-custom-nameservers/
 */
export const CLUSTER_DNS: SystemPods = {
  namespace: "kube-system",
  workload: "kube-dns",
  podLabels: { "k8s-app": "kube-dns" },
  ports: [
    { protocol: "UDP", port: 53, name: "dns" },
    { protocol: "TCP", port: 53, name: "dns-tcp" },
  ],
};

/**
 * The pods cert-manager starts in the certificate's namespace to answer an HTTP-01 challenge,
 * which Let's Encrypt reaches through the Gateway. cert-manager names them
 * `cm-acme-http-solver-<random>`; flows name them by this stable workload name.
 * @see https://cert-manager.io/docs/configuration/acme/http01/
 */
export const HTTP01_SOLVER = {
  workload: "acme-http01-solver",
  podLabels: { "acme.cert-manager.io/http01-solver": "true" },
  port: 8089,
} as const;
