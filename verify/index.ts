export * from "./guardrails";
export * from "./inventory";
export * from "./isolation";
export * from "./policy";
export * from "./quota";
export * from "./reachability";
export * from "./report";
export * from "./selectors";
