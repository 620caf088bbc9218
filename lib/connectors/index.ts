export * from "./catalog";
export * from "./microsoft-ids";
export * from "./permission-words";
