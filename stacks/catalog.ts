import { z } from "zod";
import { cidrList, dnsLabel, dnsSubdomain, quantity } from "./fields";
import { QUOTA_KEYS, TIERS } from "./tiers";

/**
 * The tenant catalog of one environment, `stacks/<environment>.yaml`, shared by every region
 * stack of that environment. A tenant needs only `name`; every other field has a default.
 */

const quotaValue = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .pipe(quantity);

const quotaOverrides = z.strictObject(
  Object.fromEntries(QUOTA_KEYS.map((key) => [key, quotaValue.optional()])) as Record<
    (typeof QUOTA_KEYS)[number],
    z.ZodOptional<typeof quotaValue>
  >,
);

export const tenantEntrySchema = z.strictObject({
  /** Stable id of the tenant: its namespace and every resource name derive from it. */
  name: dnsLabel,
  /** Sizing tier; @default "small". See README "Tiers" for the figures. */
  tier: z.enum(TIERS).default("small"),
  /** Public host of the tenant's application; @default `<name>.<domain>`. */
  host: dnsSubdomain.optional(),
  /** ResourceQuota figures that replace the tier's; @default {} (the tier's). */
  quota: quotaOverrides.default({}),
  /** Source CIDRs allowed to reach the tenant's ingress, added to the stack's `allowlist`; @default []. */
  allowlist: cidrList.default([]),
  /** Destination CIDRs outside the cluster the tenant's pods may reach; @default [] (none). */
  egress: cidrList.default([]),
});

export const catalogSchema = z.strictObject({
  /** DNS zone under which tenant hosts default to `<name>.<domain>`. */
  domain: dnsSubdomain,
  tenants: z.array(tenantEntrySchema),
});

export type TenantEntry = z.output<typeof tenantEntrySchema>;
