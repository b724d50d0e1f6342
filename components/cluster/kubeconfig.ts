import { parse, stringify } from "yaml";

/** Kubeconfig text the program hands to the Kubernetes provider and exports as a secret. */

/**
 * Points an AKS exec kubeconfig's kubelogin at `mode` (`azurecli` where Pulumi runs after
 * `az login` or azure/login; `workloadidentity` in pipelines with federated credentials).
 * @see https://azure.github.io/kubelogin/concepts/login-modes.html
 */
export function withKubeloginMode(kubeconfig: string, mode: string): string {
  const doc = parse(kubeconfig) as { users?: { user?: { exec?: { args?: string[] } } }[] };
  for (const entry of doc.users ?? []) {
    const args = entry.user?.exec?.args;
    if (args === undefined) continue;
    const at = args.indexOf("--login");
    if (at >= 0) args.splice(at, 2, "--login", mode);
    else args.push("--login", mode);
  }
  return stringify(doc);
}

/**
 * A kubeconfig for a GKE cluster that authenticates with gke-gcloud-auth-plugin.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin
 */
export function gkeKubeconfig(name: string, endpoint: string, caCertificate: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name,
        cluster: { server: `https://${endpoint}`, "certificate-authority-data": caCertificate },
      },
    ],
    contexts: [{ name, context: { cluster: name, user: name } }],
    "current-context": name,
    users: [
      {
        name,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "gke-gcloud-auth-plugin",
            installHint:
              "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
            provideClusterInfo: true,
          },
        },
      },
    ],
  });
}
