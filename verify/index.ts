export * from "./policy";
export * from "./quota";
export * from "./selectors";
