import { NAMESPACE_NAME_LABEL } from "../components/labels";
import type { Labels, LabelSelector } from "./selectors";
import type { NetworkPolicy, Port } from "./policy";

/**
 * Kubernetes objects, as YAML or the API gives them, sorted into what the analysis reads: the
 * namespaces and their labels, every pod template and the policies. Pure; no Pulumi import.
 */

/** A Kubernetes object as parsed from YAML: only the envelope is assumed. */
export interface KubernetesObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Labels;
    readonly annotations?: Labels;
  };
  readonly [field: string]: unknown;
}

/** The parts of a pod spec the guardrails and the analysis read; everything else is ignored. */
export interface PodSpec {
  readonly os?: { readonly name?: string };
  readonly nodeSelector?: Labels;
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly securityContext?: SecurityContext;
  readonly containers?: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly ephemeralContainers?: readonly Container[];
  readonly volumes?: readonly {
    readonly name?: string;
    readonly hostPath?: unknown;
    readonly persistentVolumeClaim?: { readonly claimName?: string };
  }[];
}

export interface SecurityContext {
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  readonly seccompProfile?: { readonly type?: string };
  readonly windowsOptions?: { readonly runAsUserName?: string };
}

export interface Container {
  readonly name?: string;
  readonly image?: string;
  readonly ports?: readonly {
    readonly name?: string;
    readonly containerPort?: number;
    readonly protocol?: string;
    readonly hostPort?: number;
  }[];
  readonly securityContext?: SecurityContext;
  readonly resources?: {
    readonly requests?: Labels;
    readonly limits?: Labels;
  };
}

/** One set of identical pods: a workload's template, or a bare Pod. */
export interface Workload {
  /** `<namespace>/<name>`, as flows name it. */
  readonly id: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly spec: PodSpec;
  /** Ports the pods' containers declare, with their names. */
  readonly ports: readonly Port[];
}

export interface Namespace {
  readonly name: string;
  /** Its labels, with the one the API server sets to the namespace's name. */
  readonly labels: Labels;
  readonly annotations: Labels;
}

/** A comma-separated annotation of a namespace (components/labels.ts `ALLOWED`) as a list. */
export const annotationList = (namespace: Namespace | undefined, key: string): string[] =>
  (namespace?.annotations[key] ?? "").split(",").filter((v) => v !== "");

export interface Inventory {
  readonly namespaces: ReadonlyMap<string, Namespace>;
  readonly workloads: readonly Workload[];
  readonly policies: readonly NetworkPolicy[];
  /** Every object, for the rules that read other kinds (Services, bindings, quotas). */
  readonly objects: readonly KubernetesObject[];
}

/** Where each kind keeps its pod template. */
function podTemplate(object: KubernetesObject): { labels: Labels; spec: PodSpec } | undefined {
  const spec = object.spec as Record<string, unknown> | undefined;
  type Template = { metadata?: { labels?: Labels }; spec?: PodSpec } | undefined;
  const fromTemplate = (template: Template) =>
    template?.spec === undefined
      ? undefined
      : { labels: template.metadata?.labels ?? {}, spec: template.spec };
  switch (object.kind) {
    case "Pod":
      return { labels: object.metadata?.labels ?? {}, spec: spec ?? {} };
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "Job":
      return fromTemplate(spec?.template as Template);
    case "CronJob": {
      const job = spec?.jobTemplate as { spec?: { template?: Template } } | undefined;
      return fromTemplate(job?.spec?.template);
    }
    default:
      return undefined;
  }
}

/** Every container of a pod: app, init and ephemeral. */
export function containersOf(spec: PodSpec): readonly Container[] {
  return [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []),
    ...(spec.ephemeralContainers ?? []),
  ];
}

function declaredPorts(spec: PodSpec): Port[] {
  return containersOf(spec).flatMap((container) =>
    (container.ports ?? []).flatMap((port) =>
      port.containerPort === undefined
        ? []
        : [
            {
              protocol: port.protocol ?? "TCP",
              port: port.containerPort,
              ...(port.name !== undefined ? { name: port.name } : {}),
            },
          ],
    ),
  );
}

/** A namespaced object without a namespace lands in `default`, as kubectl would put it. */
const namespaceOf = (object: KubernetesObject): string => object.metadata?.namespace ?? "default";

export function inventoryOf(objects: readonly KubernetesObject[]): Inventory {
  const namespaces = new Map<string, Namespace>();
  const ensure = (name: string, labels: Labels = {}, annotations: Labels = {}): void => {
    const known = namespaces.get(name);
    namespaces.set(name, {
      name,
      labels: { ...known?.labels, ...labels, [NAMESPACE_NAME_LABEL]: name },
      annotations: { ...known?.annotations, ...annotations },
    });
  };
  for (const object of objects) {
    if (object.kind === "Namespace" && object.metadata?.name !== undefined) {
      ensure(object.metadata.name, object.metadata.labels, object.metadata.annotations);
    }
  }
  const workloads: Workload[] = [];
  const policies: NetworkPolicy[] = [];
  for (const object of objects) {
    const name = object.metadata?.name;
    if (name === undefined || object.kind === "Namespace") continue;
    const namespace = namespaceOf(object);
    const template = podTemplate(object);
    if (template !== undefined) {
      if (!namespaces.has(namespace)) ensure(namespace);
      workloads.push({
        id: `${namespace}/${name}`,
        kind: object.kind ?? "",
        namespace,
        name,
        labels: template.labels,
        spec: template.spec,
        ports: declaredPorts(template.spec),
      });
    }
    if (object.kind === "NetworkPolicy") {
      type Written = Omit<NetworkPolicy["spec"], "podSelector"> & { podSelector?: LabelSelector };
      const spec = (object.spec ?? {}) as Written;
      // The API decodes an omitted podSelector as the empty one, which selects every pod.
      policies.push({
        metadata: { name, namespace },
        spec: { ...spec, podSelector: spec.podSelector ?? {} },
      });
    }
  }
  workloads.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { namespaces, workloads, policies, objects };
}
