export * from "./catalog";
export * from "./microsoft-ids";
