export * from "./consent";
export * from "./identity";

export * from "@/lib/text/quote";
export * from "./results";
export * from "./teams";
export * from "./terraform";
