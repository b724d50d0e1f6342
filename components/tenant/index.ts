export * from "./manifests";
export * from "./tenant";
