/** The tenant catalog and each tenant as a region stack runs it. */
export * from "./application";
export * from "./backup-names";
export * from "./catalog";
export * from "./footprint";
export * from "./homes";
export * from "./parse";
export * from "./spec";
export * from "./tenants";
export * from "./tiers";
export * from "./windows-images";
