import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterSpec } from "../../stacks/spec";
import { existingCluster } from "./existing";
import type { PlacementFacts } from "./placement";

export interface ClusterArgs {
  /** The validated cluster settings of the stack (stacks/spec.ts). */
  readonly spec: ClusterSpec;
  /** Kubeconfig of an existing cluster; a secret. @default the ambient kubeconfig */
  readonly kubeconfig?: pulumi.Input<string>;
}

/**
 * The stack's Kubernetes cluster (AKS, GKE, or an existing one) and the provider every tenant
 * uses to reach it, with the placement facts that put pods on its Linux or Windows pools.
 */
export class Cluster extends pulumi.ComponentResource {
  /** Provider for every Kubernetes object of the stack. */
  public readonly provider: k8s.Provider;
  /** Node selectors and tolerations per OS. */
  public readonly placement: PlacementFacts;
  /** The cluster's kubeconfig, when the program has one; always a secret. */
  public readonly kubeconfig: pulumi.Output<string | undefined>;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("tenancy:cluster:Cluster", name, {}, opts);
    const spec = args.spec;
    switch (spec.platform) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- AKS and GKE join this switch next
      case "existing": {
        const access = existingCluster(spec, args.kubeconfig);
        this.placement = access.placement;
        this.kubeconfig = pulumi.secret(pulumi.output(access.kubeconfig));
        this.provider = new k8s.Provider(
          `${name}-kubernetes`,
          { kubeconfig: access.kubeconfig, context: access.context },
          { parent: this },
        );
        break;
      }
      default: {
        const unreachable: never = spec.platform;
        throw new Error(`unknown platform ${String(unreachable)}`);
      }
    }
    this.registerOutputs({ kubeconfig: this.kubeconfig });
  }
}
