// How far a Conditional Access policy reaches beyond its user condition.

import type { ConditionalAccessPolicy } from "../graph/types";
import { canonical, normalizeIdSet } from "./normalize";

/**
 * Everything that narrows a policy below "every sign-in to every application", described for a reader
 * (e.g. "applications 0000…", "its locations condition"); empty when it covers every sign-in.
 */
export function narrowingConditions(policy: ConditionalAccessPolicy): string[] {
  const narrowing: string[] = [];
  const conditions = policy.conditions ?? {};
  const apps = conditions.applications;
  const included = normalizeIdSet(apps?.includeApplications);
  if (!included.includes("All")) narrowing.push(included.length ? `applications ${included.join(", ")}` : "no applications");
  if (canonical(apps?.excludeApplications) !== undefined) narrowing.push(`all applications except ${normalizeIdSet(apps?.excludeApplications).join(", ")}`);
  if (canonical(apps?.includeUserActions) !== undefined) narrowing.push(`the user actions ${normalizeIdSet(apps?.includeUserActions).join(", ")}`);
  if (canonical(apps?.includeAuthenticationContextClassReferences) !== undefined) narrowing.push("authentication contexts");
  if (canonical(apps?.applicationFilter) !== undefined) narrowing.push("an application filter");
  const clientAppTypes = (conditions.clientAppTypes ?? []).map((t) => t.toLowerCase());
  if (clientAppTypes.length && !clientAppTypes.includes("all")) narrowing.push(`client app types ${clientAppTypes.join(", ")}`);
  for (const [key, value] of Object.entries(conditions))
    if (!["users", "applications", "clientAppTypes"].includes(key) && canonical(value) !== undefined) narrowing.push(`its ${key} condition`);
  return narrowing;
}
