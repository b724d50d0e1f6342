import type {
  Policies,
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import {
  CLOUD_RULES,
  GUARDRAILS,
  inventoryOf,
  tenantNamespaces,
  verify,
  type CloudRule,
  type Guardrail,
  type Inventory,
  type KubernetesObject,
} from "../verify";
import { CLUSTER_REFERENCE } from "../stacks/shards/names";

/**
 * The guardrails and the isolation check of `verify/`, and the cloud clusters' rules, as Pulumi
 * policies: `pulumi preview --policy-pack policy` judges what the stack is about to create, with
 * the very functions `npm run verify` and the render use.
 * @see https://www.pulumi.com/docs/iac/using-pulumi/crossguard/
 */

/**
 * The cluster's Kubernetes objects as the stack sees them: each `kubernetes:` resource whose
 * properties carry a kind and, in a tenants stack, those its cluster stack made, which it reads
 * through a StackReference (its `kubernetesObjects` output): a shard is judged on its cluster.
 */
export function kubernetesObjects(
  resources: readonly Pick<PolicyResource, "type" | "name" | "props">[],
): KubernetesObject[] {
  const own = resources
    .filter((r) => r.type.startsWith("kubernetes:") && typeof r.props.kind === "string")
    .map((r) => r.props as KubernetesObject);
  // Only a tenants stack's own cluster: another StackReference (a region's backups) never vouches.
  const cluster = resources
    .filter((r) => r.type === "pulumi:pulumi:StackReference" && r.name === CLUSTER_REFERENCE)
    .flatMap((r) => {
      const outputs = r.props.outputs as { kubernetesObjects?: unknown } | undefined;
      return Array.isArray(outputs?.kubernetesObjects)
        ? (outputs.kubernetesObjects as KubernetesObject[])
        : [];
    });
  return [...cluster, ...own];
}

function stackInventory(resources: readonly PolicyResource[]): Inventory {
  return inventoryOf(kubernetesObjects(resources));
}

function guardrailPolicy(guardrail: Guardrail): StackValidationPolicy {
  return {
    name: `tenancy-${guardrail.id}`,
    description: `${guardrail.title} (${guardrail.controls.join("; ")})`,
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
      const inventory = stackInventory(args.resources);
      for (const finding of guardrail.check({ inventory, tenants: tenantNamespaces(inventory) })) {
        reportViolation(`${finding.object} ${finding.message}`);
      }
    },
  };
}

const isolationPolicy: StackValidationPolicy = {
  name: "tenancy-isolation",
  description:
    "No flow between tenants' namespaces; each tenant's flows exactly those its namespace declares; each tenant's hosts on listeners and routes of its own",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const violation of verify(kubernetesObjects(args.resources)).violations) {
      reportViolation(`${violation.kind}: ${violation.message}`);
    }
  },
};

function cloudPolicy(rule: CloudRule): ResourceValidationPolicy {
  return {
    name: `tenancy-${rule.id}`,
    description: `${rule.title} (${rule.controls.join("; ")})`,
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      if (args.type !== rule.resourceType) return;
      const reason = rule.check(args.props);
      if (reason !== undefined) reportViolation(`${args.name} ${reason}`, args.urn);
    },
  };
}

export const policies: Policies = [
  isolationPolicy,
  ...GUARDRAILS.map(guardrailPolicy),
  ...CLOUD_RULES.map(cloudPolicy),
];
