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

/** A list of CIDR blocks with no repeats. */
export const cidrList = z.array(cidr).superRefine((values, ctx) => {
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
