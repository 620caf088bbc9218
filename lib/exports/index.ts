export * from "./consent";
export * from "./identity";
export * from "./names";
export * from "./quote";
export * from "./results";
export * from "./teams";
export * from "./terraform";
