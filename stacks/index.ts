export * from "./global/global";
export * from "./fields/problems";
export * from "./spec";
export * from "./cluster/stack";
export * from "./catalog/tiers";
export * from "./validate";
export { loadStack, type LoadedStack, type StackSecrets } from "./load";
