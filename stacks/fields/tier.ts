/** The tiers a tenant may have, and a pool may be dedicated to (figures: catalog/tiers.ts). */
export const TIERS = ["small", "medium", "large"] as const;
export type Tier = (typeof TIERS)[number];
