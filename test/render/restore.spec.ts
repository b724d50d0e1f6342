import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  rendered,
  renderedRegion,
  type Manifest,
  type Rendered,
  type Resource,
} from "../helpers/render";

/**
 * A standby that starts from its home's latest backup, as the shipped prod environment deploys
 * contoso (home westeurope, standby eastus, `restoreFrom: westeurope`). What the standby's pods
 * need and the standby does not make must come from the home's backup, through the location of
 * the home's backups, before the pods start.
 */

const NAMESPACE = "prod-contoso";
const inNamespace = (r: Rendered, kind: string) =>
  r.objects.filter((o) => o.kind === kind && o.metadata.namespace === NAMESPACE);
const only = <T>(items: T[], what: string): T => {
  assert.equal(items.length, 1, what);
  return items[0] as T;
};

interface RestoreSpec {
  scheduleName: string;
  includedResources: string[];
  includedNamespaces: string[];
  labelSelector: { matchLabels: Record<string, string> };
}
interface PodSpec {
  volumes?: { persistentVolumeClaim?: { claimName: string } }[];
  containers: { env?: { valueFrom?: { secretKeyRef?: { name: string } } }[] }[];
}

/** The claims and Secrets a namespace's pods read, by kind and name. */
function podNeeds(r: Rendered): Set<string> {
  const needs = new Set<string>();
  for (const kind of ["Deployment", "StatefulSet"]) {
    for (const workload of inNamespace(r, kind)) {
      const spec = (workload.spec as { template: { spec: PodSpec } }).template.spec;
      for (const volume of spec.volumes ?? []) {
        const claim = volume.persistentVolumeClaim?.claimName;
        if (claim !== undefined) needs.add(`PersistentVolumeClaim/${claim}`);
      }
      for (const env of spec.containers.flatMap((c) => c.env ?? [])) {
        const secret = env.valueFrom?.secretKeyRef?.name;
        if (secret !== undefined) needs.add(`Secret/${secret}`);
      }
    }
  }
  return needs;
}

const made = (r: Rendered, key: string): Manifest | undefined => {
  const [kind, name] = key.split("/");
  return inNamespace(r, kind ?? "").find((o) => o.metadata.name === name);
};

describe("a standby restored from its home's backups (prod: contoso)", () => {
  let home: Rendered;
  let standby: Rendered;
  let restore: Manifest;
  before(() => {
    home = rendered("prod-westeurope");
    standby = renderedRegion("prod", "eastus");
    restore = only(
      standby.objects.filter(
        (o) =>
          o.kind === "Restore" &&
          (o.spec as unknown as RestoreSpec).includedNamespaces.includes(NAMESPACE),
      ),
      "one Restore of the standby's namespace",
    );
  });

  it("restores the newest backup of the home instance's own schedule", () => {
    const homeSchedule = only(
      inVelero(home, "Schedule").filter((s) => schedules(s, NAMESPACE)),
      "the home's schedule",
    );
    const standbySchedule = only(
      inVelero(standby, "Schedule").filter((s) => schedules(s, NAMESPACE)),
      "the standby's schedule",
    );
    const spec = restore.spec as unknown as RestoreSpec;
    assert.equal(spec.scheduleName, homeSchedule.metadata.name);
    // The standby's own backups never pass for the home's: their names differ.
    assert.notEqual(standbySchedule.metadata.name, homeSchedule.metadata.name);
    assert.equal(inVelero(home, "Restore").length, 0, "the home restores nothing");
  });

  it("brings from the home's backup every claim and Secret the standby's pods need and it does not make", () => {
    const selector = (restore.spec as unknown as RestoreSpec).labelSelector.matchLabels;
    const restored = [...podNeeds(standby)].filter((need) => made(standby, need) === undefined);
    assert.ok(
      restored.some((n) => n.startsWith("PersistentVolumeClaim/")),
      "no volume restored",
    );
    assert.ok(
      restored.some((n) => n.startsWith("Secret/")),
      "no secret restored",
    );
    const resource = (kind: string) => `${kind.toLowerCase()}s`;
    const included = (restore.spec as unknown as RestoreSpec).includedResources;
    for (const need of restored) {
      const original = made(home, need);
      assert.ok(original, `${need} is in no backup of the home`);
      assert.ok(included.includes(resource(original.kind)), `${original.kind} is not restored`);
      for (const [key, value] of Object.entries(selector)) {
        assert.equal(original.metadata.labels?.[key], value, `${need} is left out of the restore`);
      }
    }
    // What the home protects as the tenant's data inside its namespace comes along too (the
    // application's keys, which decrypt what the database holds, though no env names them).
    const protectedInHome = home.resources.filter(
      (r) =>
        r.protect === true &&
        (r.inputs.metadata as { namespace?: string } | undefined)?.namespace === NAMESPACE,
    );
    assert.ok(protectedInHome.length >= 4);
    for (const data of protectedInHome) {
      const labels = (data.inputs.metadata as { labels?: Record<string, string> }).labels ?? {};
      for (const [key, value] of Object.entries(selector)) {
        assert.equal(labels[key], value, `${data.name} is left out of the restore`);
      }
      assert.ok(included.includes(resource(data.type.split(":").at(-1) ?? "")), data.type);
    }
  });

  it("reads the home's backups through a read-only location, found from the home's stack", () => {
    const byUrn = new Map(standby.resources.map((r) => [r.urn, r]));
    const restoreResource = standby.resources.find((r) => r.type.endsWith(":Restore"));
    const locations = standby.resources.filter((r) => r.type.endsWith(":BackupStorageLocation"));
    const location = locations.find((l) => l.name.endsWith("from-westeurope"));
    assert.ok(restoreResource && location, "the standby's cluster reads no backups of westeurope");
    assert.equal((location.inputs.spec as { accessMode: string }).accessMode, "ReadOnly");
    const upstream = (r: Resource): Resource[] =>
      r.dependencies.flatMap((urn) => {
        const d = byUrn.get(urn);
        return d ? [d, ...upstream(d)] : [];
      });
    const reference = upstream(location).find((r) => r.type === "pulumi:pulumi:StackReference");
    assert.equal(reference?.inputs.name, "example-org/tenancy/prod-westeurope");
  });

  it("starts the standby's pods only once the restore has completed", () => {
    const restoreResource = standby.resources.find((r) => r.type.endsWith(":Restore"));
    assert.ok(restoreResource);
    assert.match(restore.metadata.annotations?.["pulumi.com/waitFor"] ?? "", /phase}=Completed$/);
    const pods = standby.resources.filter(
      (r) =>
        /:(Deployment|StatefulSet)$/.test(r.type) &&
        (r.inputs.metadata as { namespace?: string }).namespace === NAMESPACE,
    );
    assert.equal(pods.length, 3);
    for (const pod of pods) assert.ok(pod.dependencies.includes(restoreResource.urn), pod.name);
  });

  it("makes no data of its own for the restored tenant, while its other tenants make theirs", () => {
    const randoms = (r: Rendered, tenant: string) =>
      r.resources.filter((x) => x.type.startsWith("random:") && x.name.startsWith(`${tenant}-`));
    assert.equal(randoms(standby, "contoso").length, 0);
    assert.ok(randoms(home, "contoso").length > 0);
    assert.ok(randoms(standby, "fabrikam").length > 0);
    const fabrikamClaims = standby.objects.filter(
      (o) => o.kind === "PersistentVolumeClaim" && o.metadata.namespace === "prod-fabrikam",
    );
    assert.equal(fabrikamClaims.length, 2);
  });
});

function inVelero(r: Rendered, kind: string): Manifest[] {
  return r.objects.filter((o) => o.kind === kind && o.metadata.namespace === "velero");
}

function schedules(schedule: Manifest, namespace: string): boolean {
  const template = (schedule.spec as { template: { includedNamespaces: string[] } }).template;
  return template.includedNamespaces.includes(namespace);
}
