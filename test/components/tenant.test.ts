import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { EDGE_NAMESPACE } from "../../components/cluster/gateway";
import { recordResources, settle, unsecret, type Registered } from "../helpers/mocks";
import { TEST_ADDONS, testTenant } from "../helpers/tenants";

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { key: string } };
}

describe("Tenant under mocks", () => {
  let registered: Registered[] = [];

  before(async () => {
    registered = await recordResources();
    const pulumi = await import("@pulumi/pulumi");
    const { Provider } = await import("@pulumi/kubernetes/provider");
    const { Tenant } = await import("../../components/tenant");
    const { placementFacts, WINDOWS_TAINT } = await import("../../components/cluster/placement");
    const provider = new Provider("cluster-kubernetes", {});
    new Tenant(
      "contoso",
      {
        spec: testTenant("contoso", { viewers: "contoso-viewers" }),
        cluster: {
          placement: placementFacts([WINDOWS_TAINT], [], true),
          dataStorageClass: pulumi.output("tenancy-data"),
          files: { accessMode: "ReadWriteMany" as const, sharedClass: "tenancy-files" },
          addons: TEST_ADDONS,
        },
      },
      { providers: [provider] },
    );
    await settle();
  });

  const objects = (): Registered[] => registered.filter((r) => r.type.startsWith("kubernetes:"));

  it("registers the full set, each named after the tenant and the object's role", () => {
    assert.deepEqual(
      registered
        .filter((r) => r.type !== "pulumi:providers:kubernetes")
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
      [
        "kubernetes:apps/v1:Deployment contoso-services",
        "kubernetes:apps/v1:Deployment contoso-web",
        "kubernetes:apps/v1:StatefulSet contoso-database",
        "kubernetes:cert-manager.io/v1:Certificate contoso-tls",
        "kubernetes:core/v1:ConfigMap contoso-app-settings",
        "kubernetes:core/v1:LimitRange contoso-tenant-limits",
        "kubernetes:core/v1:Namespace contoso-namespace",
        "kubernetes:core/v1:PersistentVolumeClaim contoso-app-data",
        "kubernetes:core/v1:PersistentVolumeClaim contoso-database-data",
        "kubernetes:core/v1:ResourceQuota contoso-tenant-quota",
        "kubernetes:core/v1:Secret contoso-application-keys",
        "kubernetes:core/v1:Secret contoso-database-credentials",
        "kubernetes:core/v1:Service contoso-database",
        "kubernetes:core/v1:Service contoso-web",
        "kubernetes:core/v1:ServiceAccount contoso-database",
        "kubernetes:core/v1:ServiceAccount contoso-services",
        "kubernetes:core/v1:ServiceAccount contoso-web",
        "kubernetes:flowcontrol.apiserver.k8s.io/v1:FlowSchema contoso-api-fairness",
        "kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy contoso-hsts",
        "kubernetes:gateway.envoyproxy.io/v1alpha1:SecurityPolicy contoso-allowlist",
        "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute contoso-web",
        "kubernetes:gateway.networking.k8s.io/v1:ListenerSet contoso-listeners",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy contoso-allow-dns",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy contoso-app-to-database",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy contoso-app-to-internet",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy contoso-database-from-app",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy contoso-default-deny",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy contoso-web-from-gateway",
        "kubernetes:policy/v1:PodDisruptionBudget contoso-web",
        "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding contoso-tenant-admins",
        "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding contoso-tenant-viewers",
        "kubernetes:velero.io/v1:Schedule contoso-backups",
        "random:index/randomBytes:RandomBytes contoso-machine-decryption-key",
        "random:index/randomBytes:RandomBytes contoso-machine-validation-key",
        "random:index/randomPassword:RandomPassword contoso-application-login-password",
        "random:index/randomPassword:RandomPassword contoso-database-password",
        "random:index/randomPassword:RandomPassword contoso-encryption-key",
        "tenancy:tenant:Tenant contoso",
      ],
    );
  });

  it("creates every Kubernetes object through the cluster's provider", () => {
    for (const object of objects()) {
      assert.match(
        object.provider ?? "",
        /pulumi:providers:kubernetes::cluster-kubernetes::/,
        object.name,
      );
    }
  });

  it("connects the application as the login its database creates, with that login's password", () => {
    const secret = objects().find((o) => o.name === "contoso-database-credentials");
    const data = unsecret(secret?.inputs.stringData) as Record<string, string>;
    const connection = data["connection-string"] ?? "";
    const field = (key: string) => new RegExp(`${key}=([^;]*)`).exec(connection)?.[1];
    const database = objects().find((o) => o.type === "kubernetes:apps/v1:StatefulSet");
    const env =
      (
        database?.inputs as {
          spec: { template: { spec: { containers: { env: EnvVar[] }[] } } };
        }
      ).spec.template.spec.containers[0]?.env ?? [];
    const login = env.find((e) => e.name === "WFGEN_DATABASE_USER_USERNAME")?.value;
    const passwordKey = env.find((e) => e.name === "WFGEN_DATABASE_USER_PASSWORD")?.valueFrom
      ?.secretKeyRef?.key;
    assert.ok(login !== undefined && login.toLowerCase() !== "sa");
    assert.equal(field("User ID"), login);
    assert.equal(field("Password"), data[passwordKey ?? ""]);
    // A password of its own, not the administrator's.
    assert.notEqual(data[passwordKey ?? ""], data["sa-password"]);
  });

  it("puts its objects in its namespace, and what claims its hosts where only the platform writes", () => {
    const claims = new Set(["ListenerSet", "Certificate", "SecurityPolicy", "ClientTrafficPolicy"]);
    const clusterScoped = new Set(["Namespace", "FlowSchema", "StorageClass"]);
    // Where tenants have no rights: the edge's namespace, and Velero's for the backup Schedule.
    const elsewhere = (kind: string) =>
      claims.has(kind) ? EDGE_NAMESPACE : kind === "Schedule" ? "velero" : "contoso";
    for (const object of objects().filter((o) => !clusterScoped.has(String(o.inputs.kind)))) {
      const metadata = object.inputs.metadata as { namespace?: string };
      assert.equal(metadata.namespace, elsewhere(String(object.inputs.kind)), object.name);
    }
  });
});
