/** Shared field rules and primitives: CIDRs, DNS names, quantities, images, regions, problems. */
export * from "./cidr";
export * from "./dns";
export * from "./fields";
export * from "./images";
export * from "./input";
export * from "./problems";
export * from "./quantity";
export * from "./regions";
export * from "./tier";
