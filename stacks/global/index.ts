/** The global stack and the rules over a whole environment. */
export * from "./environment";
export * from "./global";
