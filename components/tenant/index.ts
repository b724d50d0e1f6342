export * from "./application";
export * from "./data";
export * from "./namespace";
export * from "./network";
export * from "./quota";
export * from "./rbac";
export * from "./tenant";
