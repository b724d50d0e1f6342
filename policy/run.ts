import type {
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import { policies } from "./policies";

/**
 * Runs every policy of the pack over a stack's resources as the engine calls them, and returns
 * the violations: for the tests and the render check, which have no engine. Only the fields the
 * policies read (type, urn, name, props) are real; the rest are inert stand-ins.
 */

export interface StackResource {
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** What a read found (a StackReference's outputs), which the engine shows policies as props. */
  readonly outputs?: Record<string, unknown>;
}

export interface PolicyViolation {
  readonly policy: string;
  readonly message: string;
  readonly urn?: string;
}

const ENGINE = {
  stackTags: new Map<string, string>(),
  // The pack reads no configuration.
  getConfig: (() => ({})) as StackValidationArgs["getConfig"],
  notApplicable: (reason?: string): never => {
    throw new Error(`not applicable: ${reason ?? ""}`);
  },
};

function asResource(r: StackResource) {
  return {
    type: r.type,
    urn: r.urn,
    name: r.name,
    props: r.outputs !== undefined ? { ...r.inputs, outputs: r.outputs } : r.inputs,
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: {} },
    dependencies: [],
    propertyDependencies: {},
  };
}

export async function runPolicies(resources: readonly StackResource[]): Promise<PolicyViolation[]> {
  const violations: PolicyViolation[] = [];
  const reporter =
    (policy: string): ReportViolation =>
    (message, urn) => {
      violations.push({ policy, message, ...(urn !== undefined ? { urn } : {}) });
    };
  const stack = resources.map(asResource) as unknown as PolicyResource[];
  for (const policy of policies) {
    if ("validateStack" in policy) {
      await policy.validateStack({ ...ENGINE, resources: stack }, reporter(policy.name));
    }
    if ("validateResource" in policy && policy.validateResource !== undefined) {
      const validations = [policy.validateResource].flat();
      for (const resource of resources) {
        const args = { ...ENGINE, ...asResource(resource) } as unknown as ResourceValidationArgs;
        for (const validate of validations) await validate(args, reporter(policy.name));
      }
    }
  }
  return violations;
}
