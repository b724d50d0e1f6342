/** The stack's own keys: platform, region, add-ons, and the cluster settings of each platform. */
export * from "./addons";
export * from "./aks";
export * from "./api-server";
export * from "./cloud-names";
export * from "./existing";
export * from "./files";
export * from "./gke";
export * from "./kubernetes-versions";
export * from "./pools";
export * from "./ranges";
export * from "./spec";
export * from "./stack";
