export * from "./cluster";
export * from "./labels";
export * from "./tenant";
