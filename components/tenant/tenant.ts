import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { TenantSpec } from "../../stacks/spec";
import {
  defaultDenyManifest,
  limitRangeManifest,
  namespaceManifest,
  quotaManifest,
} from "./manifests";

export interface TenantArgs {
  /** The validated catalog entry, defaults applied (stacks/spec.ts). */
  readonly spec: TenantSpec;
}

/**
 * One tenant: its namespace and everything in it. Kubernetes objects go through the provider
 * passed in `opts.providers`; tenants never depend on one another.
 */
export class Tenant extends pulumi.ComponentResource {
  /** Name of the tenant's namespace. */
  public readonly namespace: pulumi.Output<string>;
  /** Public URL of the tenant's application. */
  public readonly url: string;

  constructor(name: string, args: TenantArgs, opts?: pulumi.ComponentResourceOptions) {
    super("tenancy:tenant:Tenant", name, {}, opts);
    const spec = args.spec;
    const namespace = this.createNamespace(name, spec);
    this.namespace = namespace.metadata.name;
    this.createQuota(name, spec);
    this.createNetworkPolicies(name, spec);
    this.url = `https://${spec.host}`;
    this.registerOutputs({ namespace: this.namespace, url: this.url });
  }

  private createNamespace(name: string, spec: TenantSpec): k8s.core.v1.Namespace {
    return new k8s.core.v1.Namespace(`${name}-namespace`, namespaceManifest(spec), {
      parent: this,
    });
  }

  private createQuota(name: string, spec: TenantSpec): void {
    new k8s.core.v1.ResourceQuota(`${name}-quota`, quotaManifest(spec, this.namespace), {
      parent: this,
    });
    new k8s.core.v1.LimitRange(`${name}-limits`, limitRangeManifest(spec, this.namespace), {
      parent: this,
    });
  }

  private createNetworkPolicies(name: string, spec: TenantSpec): void {
    new k8s.networking.v1.NetworkPolicy(
      `${name}-default-deny`,
      defaultDenyManifest(spec, this.namespace),
      {
        parent: this,
      },
    );
  }
}
