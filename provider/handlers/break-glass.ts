// The break-glass rule (plan/handover.ts) for the managed policy, where it is what protects everyone: when Security
// Defaults is handed over to it, and when an update while Security Defaults is off excludes someone new.
import type { GraphApi } from "../graph";
import { managedExclusionProblems } from "../plan/handover";
import type { ManagedMfaPolicySpec } from "../plan/inputs";
import type { IdNames } from "../plan/names";
import { findById, normalizeIdSet } from "../plan/normalize";
import type { TakeoverPlan, TenantSnapshot } from "../plan/takeover-plan";
import { managedExclusions } from "./tenant";

export async function breakGlassProblems(graph: GraphApi, spec: ManagedMfaPolicySpec, plan: TakeoverPlan, snapshot: TenantSnapshot, names: IdNames): Promise<string[]> {
  if (!spec.includeAllUsers || spec.state !== "enabled") return [];
  const existing = plan.managedPolicy.policyId ? findById(snapshot.policies, plan.managedPolicy.policyId) : undefined;
  const users = existing?.conditions?.users;
  const newlyExcludes =
    users != null &&
    (spec.excludeUsers.some((id) => !normalizeIdSet(users.excludeUsers).includes(id)) ||
      spec.excludeGroups.some((id) => !normalizeIdSet(users.excludeGroups).includes(id)));
  const standsIn = plan.securityDefaults.handoverRequired || (!snapshot.securityDefaults.isEnabled && newlyExcludes);
  if (!standsIn) return [];
  return managedExclusionProblems(await managedExclusions(graph, spec), (id) => names[id] ?? id);
}
