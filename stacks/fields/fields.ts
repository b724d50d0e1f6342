import { z } from "zod";
import { parseCidr } from "./cidr";
import { isDnsLabel, isDnsSubdomain } from "./dns";
import { parseQuantity } from "./quantity";

/** Field schemas shared by the stack config and the tenant catalog, each with its fix in the message. */

export const dnsLabel = z.string().superRefine((value, ctx) => {
  if (!isDnsLabel(value)) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" must be a DNS-1123 label: lowercase letters, digits, '-', starting and ending with a letter or digit, at most 63 characters`,
    });
  }
});

export const dnsSubdomain = z.string().superRefine((value, ctx) => {
  if (!isDnsSubdomain(value)) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" must be a DNS name: dot-separated DNS-1123 labels (lowercase letters, digits, '-'), at most 253 characters`,
    });
  }
});

export const cidr = z.string().superRefine((value, ctx) => {
  const parsed = parseCidr(value);
  if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.reason });
});

export const quantity = z.string().superRefine((value, ctx) => {
  const parsed = parseQuantity(value);
  if (parsed === undefined || parsed < 0) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not a Kubernetes quantity: write a non-negative number with an optional unit, e.g. 500m, 2, 4Gi`,
    });
  }
});

/** A list of `item` with no repeats. */
export function uniqueList<T extends z.ZodType<string>>(item: T) {
  return z.array(item).superRefine((values, ctx) => {
    values.forEach((value, index) => {
      if (values.indexOf(value) !== index) {
        ctx.addIssue({
          code: "custom",
          path: [index],
          message: `"${value}" is listed twice: remove one`,
        });
      }
    });
  });
}

/** A list of CIDR blocks with no repeats. */
export const cidrList = uniqueList(cidr);

/**
 * An image registry, optionally with a repository path, as images are written:
 * `mcr.microsoft.com`, `registry.example.com:5000/team`. No scheme, tag or digest.
 * @see https://github.com/distribution/reference/blob/main/reference.go
 */
export const registry = z.string().superRefine((value, ctx) => {
  if (!/^[a-z0-9]+([.-][a-z0-9]+)*(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/.test(value)) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" must be a registry host with an optional path, e.g. mcr.microsoft.com or registry.example.com/team (no https://, tag or digest)`,
    });
  }
});

/** A Pulumi organization or user name, the first part of a stack's full name. */
export const pulumiOrganization = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
  message: "must be a Pulumi organization or user name",
});
