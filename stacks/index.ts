export * from "./global";
export * from "./problems";
export * from "./spec";
export * from "./stack";
export * from "./tiers";
export * from "./validate";
export { loadStack, type LoadedStack, type StackSecrets } from "./load";
