// Conditional Access policy semantics: what create and update accept, the defaults the server fills, how
// PATCH merges, and how a stored policy is served (authentication strength embedded and annotated).
import { randomUUID } from "node:crypto";
import type { GraphObject } from "./model";
import type { TenantStore } from "./store";
import { badRequest } from "./errors";
import { clone, fillDefaults, isAnnotation, isPlainObject, validate, writable } from "./schema";
import { conditionalAccessPolicy, conditionSet } from "./ca-schema";
import { BUILT_IN_STRENGTHS } from "./auth-strengths";

const MAX_POLICIES = 195;

const SCHEMA_MESSAGE =
  "1007: Incoming ConditionalAccessPolicy object is null or does not match the schema of ConditionalAccessPolicy type. For examples, please see API documentation at https://docs.microsoft.com/en-us/graph/api/conditionalaccessroot-post-policies?view=graph-rest-1.0.";
const SECURITY_DEFAULTS_MESSAGE =
  "Security Defaults is enabled in the tenant. You must disable Security defaults before enabling a Conditional Access policy.";
const LIMIT_MESSAGE = `1024: The tenant has reached the limit of ${MAX_POLICIES} Conditional Access policies. Delete a policy before creating a new one.`;
const NO_CONTROL_MESSAGE =
  "1009: A Conditional Access policy must contain at least one grant control or session control.";

/** A schema mismatch: Graph's message does not say what is wrong, so neither does the emulator's. */
const schemaError = () => badRequest(SCHEMA_MESSAGE);

/** "Now" as Graph writes it: seven fractional digits. */
export const graphTimestamp = (d = new Date()) => d.toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");

export function createPolicy(store: TenantStore, body: unknown): GraphObject {
  if (!isPlainObject(body) || validate(body, conditionalAccessPolicy, "write").length > 0) throw schemaError();
  if (store.conditionalAccessPolicies.length >= MAX_POLICIES) throw badRequest(LIMIT_MESSAGE);
  const policy = fillDefaults(
    {
      id: randomUUID(),
      ...stripGrantAnnotations(writable(body, conditionalAccessPolicy)),
      createdDateTime: graphTimestamp(),
      modifiedDateTime: null,
      deletedDateTime: null,
    },
    conditionalAccessPolicy,
  );
  finish(store, policy);
  store.conditionalAccessPolicies.push(policy);
  return policy;
}

/** PATCH: top-level members and the first level of `conditions` merge; everything else is replaced. */
export function updatePolicy(store: TenantStore, policy: GraphObject, body: unknown): void {
  if (!isPlainObject(body) || validate(body, conditionalAccessPolicy, "patch").length > 0) throw schemaError();
  if (body.conditions === null) throw schemaError();
  const patch = stripGrantAnnotations(writable(body, conditionalAccessPolicy));
  const next: GraphObject = { ...clone(policy), ...patch };
  if (isPlainObject(patch.conditions)) next.conditions = { ...(policy.conditions as GraphObject), ...patch.conditions };
  const filled = fillDefaults(next, conditionalAccessPolicy);
  filled.modifiedDateTime = graphTimestamp();
  finish(store, filled);
  Object.keys(policy).forEach((k) => delete policy[k]);
  Object.assign(policy, filled);
}

/** Checks shared by create and update on the resulting policy, and embeds its authentication strength. */
function finish(store: TenantStore, policy: GraphObject): void {
  if (typeof policy.displayName !== "string" || policy.displayName.trim() === "") throw schemaError();
  if (!isPlainObject(policy.conditions) || validate(policy.conditions, conditionSet, "write").length > 0) throw schemaError();
  const grant = policy.grantControls as GraphObject | null;
  if (grant) {
    if (!grant.operator) grant.operator = "OR";
    const strength = grant.authenticationStrength as GraphObject | null;
    if (strength) {
      const known = resolveStrength(String(strength.id), store.authenticationStrengths);
      if (!known) throw schemaError();
      grant.authenticationStrength = known;
    }
  }
  if (!hasControl(policy)) throw badRequest(NO_CONTROL_MESSAGE);
  if (policy.state === "enabled" && store.securityDefaultsEnabled) throw badRequest(SECURITY_DEFAULTS_MESSAGE);
}

function hasControl(policy: GraphObject): boolean {
  const grant = policy.grantControls as GraphObject | null;
  const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;
  const granted =
    !!grant &&
    (nonEmpty(grant.builtInControls) || nonEmpty(grant.customAuthenticationFactors) || nonEmpty(grant.termsOfUse) || !!grant.authenticationStrength);
  const session = policy.sessionControls as GraphObject | null;
  return granted || (!!session && Object.values(session).some((v) => v !== null && v !== undefined));
}

export function resolveStrength(id: string, custom: readonly GraphObject[]): GraphObject | undefined {
  const found = [...BUILT_IN_STRENGTHS, ...custom].find((s) => String(s.id).toLowerCase() === id.toLowerCase());
  return found && clone(found);
}

/** Fixture and write payloads may carry the annotations Graph put on a response; the stored policy does not. */
export function stripGrantAnnotations(policy: GraphObject): GraphObject {
  const grant = policy.grantControls;
  if (!isPlainObject(grant)) return policy;
  return { ...policy, grantControls: Object.fromEntries(Object.entries(grant).filter(([k]) => !isAnnotation(k))) };
}

/** The policy as Graph serves it: a copy, with the strength's @odata.context annotation. */
export function servePolicy(policy: GraphObject, contextBase: string): GraphObject {
  const out = clone(policy);
  const grant = out.grantControls as GraphObject | null;
  if (grant && grant.authenticationStrength) {
    const { authenticationStrength, ...rest } = grant;
    out.grantControls = {
      ...rest,
      "authenticationStrength@odata.context": `${contextBase}/$metadata#identity/conditionalAccess/policies('${String(out.id)}')/grantControls/authenticationStrength/$entity`,
      authenticationStrength,
    };
  }
  return out;
}
