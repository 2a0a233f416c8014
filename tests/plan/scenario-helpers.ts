// What the scenario tests read from a take-over plan, and Graph's PATCH semantics for applying one to a policy.

import type { ConditionalAccessPolicy, ConditionalAccessPolicyWrite } from "../../provider/graph/types";
import type { TakeoverPlan, TenantSnapshot } from "../../provider/plan/takeover-plan";
import type { UpdateStep } from "../../provider/plan/steps";
import { id } from "./fixtures";

export function tenant(policies: ConditionalAccessPolicy[], securityDefaultsOn = false, managedPolicyId?: string): TenantSnapshot {
  return { securityDefaults: { isEnabled: securityDefaultsOn }, policies, ...(managedPolicyId ? { managedPolicyId } : {}) };
}

export function reasonLeft(plan: TakeoverPlan, p: ConditionalAccessPolicy): string {
  return plan.leftAlone.find((l) => l.policyId === p.id)?.reason ?? "(not left alone)";
}

/** The foreign policies the plan writes to, by id. */
export function touched(plan: TakeoverPlan): string[] {
  return plan.steps.flatMap((s) => (s.kind === "updatePolicy" && s.role === "foreign" ? [s.policyId] : []));
}

/** The managed policy as an earlier run's plan created it, under `policyId`. */
export function managedFrom(first: TakeoverPlan, policyId = id(5)): ConditionalAccessPolicy {
  const create = first.steps.find((s) => s.kind === "createPolicy");
  if (!create) throw new Error("expected the plan to create the managed policy");
  return { ...create.body, id: policyId } as ConditionalAccessPolicy;
}

export function stepOf(plan: TakeoverPlan, p: ConditionalAccessPolicy): UpdateStep {
  const step = plan.steps.find((s): s is UpdateStep => s.kind === "updatePolicy" && s.policyId === p.id);
  if (!step) throw new Error(`no step for "${p.displayName}"`);
  return step;
}

/** A PATCH as Graph applies it: top-level properties replaced, each condition named in `conditions` replaced whole. */
export function patched(p: ConditionalAccessPolicy, patch: ConditionalAccessPolicyWrite): ConditionalAccessPolicy {
  const { conditions, ...rest } = patch;
  return { ...p, ...rest, conditions: { ...p.conditions, ...(conditions ?? {}) } } as ConditionalAccessPolicy;
}
