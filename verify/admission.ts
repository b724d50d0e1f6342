import { CelScalar, celEnv, celFunc, celMethod, parse, plan } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { cidrContains, parseCidr } from "../stacks/fields/cidr";

/**
 * A ValidatingAdmissionPolicy judged as the API server judges it, with a CEL evaluator: does the
 * policy match the request, and do all its validations hold? Kubernetes' CEL has the strings
 * extension (`split`), which the evaluator is given too, and an IP and CIDR library, of which
 * the policies use `cidr(text).containsIP(address)`: here a CIDR is its text. Pure.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 * @see https://kubernetes.io/docs/reference/using-api/cel/#kubernetes-ip-address-library
 */

const contains = (block: string, address: string): boolean => {
  const outer = parseCidr(block);
  const inner = parseCidr(`${address}/${address.includes(":") ? "128" : "32"}`);
  return (
    outer.ok &&
    inner.ok &&
    outer.cidr.version === inner.cidr.version &&
    cidrContains(outer.cidr, inner.cidr)
  );
};

const FUNCS = [
  ...strings,
  celFunc("cidr", [CelScalar.STRING], CelScalar.STRING, (text) => text),
  celMethod("containsIP", CelScalar.STRING, [CelScalar.STRING], CelScalar.BOOL, function (address) {
    return contains(this, address);
  }),
];

const ENV = celEnv({ funcs: FUNCS });

/** Each expression parsed and planned once: the same policies judge every tenant's requests. */
const planned = new Map<string, (bindings: never) => unknown>();
function evaluate(expression: string, bindings: unknown): unknown {
  let program = planned.get(expression);
  if (program === undefined) {
    try {
      program = plan(ENV, parse(expression));
    } catch (error) {
      // An expression that does not parse refuses: the API server would not accept the policy.
      program = () => error;
    }
    planned.set(expression, program);
  }
  try {
    return program(bindings as never);
  } catch (error) {
    return error;
  }
}

export interface AdmissionRequest {
  readonly operation: "CREATE" | "UPDATE" | "DELETE";
  /** API group and plural resource of the object, e.g. `apps` and `deployments`. */
  readonly group: string;
  readonly resource: string;
  readonly object: unknown;
  readonly oldObject?: unknown;
  readonly namespaceObject: unknown;
  readonly userInfo: { readonly username: string; readonly groups?: readonly string[] };
}

/** The part of a ValidatingAdmissionPolicy's spec the judgement reads. */
export interface PolicySpec {
  readonly matchConstraints: {
    readonly resourceRules: readonly {
      readonly apiGroups: readonly string[];
      readonly resources: readonly string[];
      readonly operations: readonly string[];
    }[];
  };
  readonly variables?: readonly { readonly name: string; readonly expression: string }[];
  readonly validations: readonly { readonly expression: string; readonly message: string }[];
}

/** JSON as CEL sees it: maps, lists, integers as int; a field set to undefined is absent. */
function toCel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === "object" && value !== null) {
    return new Map(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toCel(v)]),
    );
  }
  return typeof value === "number" && Number.isInteger(value) ? BigInt(value) : value;
}

/**
 * Whether a rule's resource names `resource` (`pods`, or `statefulsets/scale` for a subresource):
 * a lone star is every resource but no subresource; star, slash, star every subresource; star,
 * slash, scale every scale.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/#matching-requests-matchconstraints
 */
function resourceMatches(pattern: string, resource: string): boolean {
  const [kind = "", sub] = resource.split("/");
  const [patternKind = "", patternSub] = pattern.split("/");
  if (patternSub === undefined)
    return sub === undefined && (patternKind === "*" || patternKind === kind);
  return (
    sub !== undefined &&
    (patternKind === "*" || patternKind === kind) &&
    (patternSub === "*" || patternSub === sub)
  );
}

/** Whether the policy judges this request at all. */
export function policyMatches(spec: PolicySpec, request: AdmissionRequest): boolean {
  const any = (list: readonly string[], value: string) =>
    list.includes("*") || list.includes(value);
  return spec.matchConstraints.resourceRules.some(
    (r) =>
      any(r.apiGroups, request.group) &&
      r.resources.some((pattern) => resourceMatches(pattern, request.resource)) &&
      any(r.operations, request.operation),
  );
}

/** The messages of the validations the request fails; empty when admitted (or not matched). */
export function policyRefusals(spec: PolicySpec, request: AdmissionRequest): string[] {
  if (!policyMatches(spec, request)) return [];
  const variables = new Map<string, unknown>();
  // Converted once; each variable sees those before it, as in the API server.
  const bindings = {
    object: toCel(request.operation === "DELETE" ? null : request.object),
    oldObject: toCel(request.oldObject ?? null),
    namespaceObject: toCel(request.namespaceObject),
    request: toCel({
      operation: request.operation,
      userInfo: request.userInfo,
      subResource: request.resource.split("/")[1] ?? "",
    }),
    variables,
  };
  for (const variable of spec.variables ?? []) {
    variables.set(variable.name, evaluate(variable.expression, bindings));
  }
  return spec.validations
    .filter((v) => evaluate(v.expression, bindings) !== true)
    .map((v) => v.message);
}
