export * from "./cluster";
export * from "./placement";
