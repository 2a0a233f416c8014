export * from "./graph/types";
export * from "./plan/mfa-controls";
export * from "./resources/connection";
export * from "./resources/security-defaults-off";
export * from "./resources/managed-mfa-policy";
export * from "./resources/system-preferred-mfa";
