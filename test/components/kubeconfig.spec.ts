import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { gkeKubeconfig, withKubeloginMode } from "../../components/cluster/kubeconfig";

interface Kubeconfig {
  users: { user: { exec: { command: string; args?: string[] } } }[];
  clusters: { cluster: { server: string } }[];
  "current-context": string;
}

const aksUserKubeconfig = (args: string[]): string => `apiVersion: v1
kind: Config
users:
  - name: clusterUser
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        command: kubelogin
        args: ${JSON.stringify(args)}
`;

describe("withKubeloginMode", () => {
  it("switches AKS's device-code login to the mode Pulumi can run unattended", () => {
    const text = withKubeloginMode(
      aksUserKubeconfig(["get-token", "--login", "devicecode", "--server-id", "x"]),
      "azurecli",
    );
    const args = (parse(text) as Kubeconfig).users[0]?.user.exec.args;
    assert.deepEqual(args, ["get-token", "--login", "azurecli", "--server-id", "x"]);
  });

  it("adds the login mode when the kubeconfig names none", () => {
    const text = withKubeloginMode(
      aksUserKubeconfig(["get-token", "--server-id", "x"]),
      "azurecli",
    );
    assert.deepEqual((parse(text) as Kubeconfig).users[0]?.user.exec.args, [
      "get-token",
      "--server-id",
      "x",
      "--login",
      "azurecli",
    ]);
  });
});

describe("gkeKubeconfig", () => {
  it("reaches the endpoint over HTTPS and authenticates through gke-gcloud-auth-plugin", () => {
    const config = parse(gkeKubeconfig("prod", "203.0.113.10", "Q0E=")) as Kubeconfig;
    assert.equal(config.clusters[0]?.cluster.server, "https://203.0.113.10");
    assert.equal(config.users[0]?.user.exec.command, "gke-gcloud-auth-plugin");
    assert.equal(config["current-context"], "prod");
  });
});
