export * from "./graph/types";
export * from "./plan/mfa-controls";
