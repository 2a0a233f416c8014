// The public API of pulumi-entra-mfa.
import { requireSupportedNode } from "../runtime/node-version";

requireSupportedNode("pulumi-entra-mfa");

// Resources.
export * from "./resources/connection";
export * from "./resources/security-defaults-off";
export * from "./resources/managed-mfa-policy";
export * from "./resources/system-preferred-mfa";

// Read-only functions.
export { previewMfaTakeover, planTakeover, type TakeoverPreview, type PlainManagedMfaPolicyArgs } from "./preview";

// The pure planner, for programs and tools that want the plan as data.
export { planMfaTakeover } from "./plan/takeover";
export { renderPlan } from "./plan/render";
export type { TakeoverPlan, TenantSnapshot, TakenOverPolicy, LeftAlonePolicy } from "./plan/takeover-plan";
export type { JournalEntry, Step } from "./plan/steps";
export type { ManagedMfaPolicySpec, SecurityDefaultsOffSpec, SystemPreferredMfaSpec } from "./plan/inputs";
export { mfaGrantOf, enforcesMfa, BUILT_IN_MFA_STRENGTH_ID, type MfaGrant, type MfaControl } from "./plan/mfa-controls";

// Graph access, for scripts that reuse the library's credential resolution, retries and pacing.
export { createGraphApi, resolveConnection, GraphRequestError, ConnectionError, type GraphApi, type ConnectionInput, type ConfigSource } from "./graph";
export * from "./graph/types";

// Who has MFA and why: the tenant-wide status report, its collector and renderers.
export * from "./report";
