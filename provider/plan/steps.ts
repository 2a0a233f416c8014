// Plans are data: ordered steps that each carry their undo, and journal entries that let a destroy put a policy
// back exactly. Preview renders them, apply runs them, rollback runs the undos in reverse.

import type {
  ConditionalAccessGrantControls,
  ConditionalAccessPolicy,
  ConditionalAccessPolicyState,
  ConditionalAccessPolicyWrite,
} from "../graph/types";
import { NO_TARGETS, type ManagedPolicyBody, type TargetSet } from "./managed-policy";
import { writableGrant } from "./mfa-controls";

export type Undo =
  | { kind: "deleteCreatedPolicy"; description: string }
  | { kind: "updatePolicy"; policyId: string; patch: ConditionalAccessPolicyWrite; description: string };

/** `managed`: the policy this resource owns (created or adopted); `foreign`: anyone else's policy. */
export type PolicyRole = "managed" | "foreign";

export type Step =
  | { kind: "createPolicy"; role: "managed"; body: ManagedPolicyBody; description: string; undo: Undo }
  | {
      kind: "updatePolicy";
      role: PolicyRole;
      policyId: string;
      displayName: string;
      patch: ConditionalAccessPolicyWrite;
      description: string;
      undo: Undo;
    };

export type UpdateStep = Extract<Step, { kind: "updatePolicy" }>;

export type JournalAction = "stripMfa" | "disable" | "adopt";

/** What was done to a policy we did not create, recorded before doing it. */
export interface JournalEntry {
  policyId: string;
  displayName: string;
  action: JournalAction;
  previousState: ConditionalAccessPolicyState;
  /** As Graph returned it. */
  previousGrantControls: ConditionalAccessGrantControls | null;
  /** Exactly what the plan writes; a restore first checks these are still in place. */
  set: ConditionalAccessPolicyWrite;
  /** The prior value of every part in `set`, ready to PATCH back. */
  previous: ConditionalAccessPolicyWrite;
  /** Targets this policy contributed to the managed policy (includes moved, exclusions carried). */
  movedTargets: TargetSet;
}

/** The value of each part of `policy` that `patch` would overwrite, in writable form. */
export function previousValues(policy: ConditionalAccessPolicy, patch: ConditionalAccessPolicyWrite): ConditionalAccessPolicyWrite {
  const before: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === "grantControls") before[key] = writableGrant(policy.grantControls);
    else if (key === "conditions") {
      const conditions = (policy.conditions ?? {}) as Record<string, unknown>;
      before[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, conditions[k] ?? (Array.isArray(v) ? [] : null)]),
      );
    } else before[key] = policy[key] ?? null;
  }
  return before as ConditionalAccessPolicyWrite;
}

/** A PATCH of `policy` with its undo (PATCH the overwritten parts back). */
export function updateStep(
  role: PolicyRole,
  policy: ConditionalAccessPolicy,
  patch: ConditionalAccessPolicyWrite,
  description: string,
  undoDescription: string,
): UpdateStep {
  return {
    kind: "updatePolicy",
    role,
    policyId: policy.id,
    displayName: policy.displayName,
    patch,
    description,
    undo: { kind: "updatePolicy", policyId: policy.id, patch: previousValues(policy, patch), description: undoDescription },
  };
}

/** The entry for a foreign step. The take-over mark in the description is left out: a restore takes it off whatever the description then is. */
export function journalEntry(policy: ConditionalAccessPolicy, action: JournalAction, step: UpdateStep, movedTargets: TargetSet): JournalEntry {
  const { description: _mark, ...set } = step.patch;
  const { description: _was, ...previous } = step.undo.kind === "updatePolicy" ? step.undo.patch : {};
  return {
    policyId: policy.id,
    displayName: policy.displayName,
    action,
    previousState: policy.state,
    previousGrantControls: policy.grantControls ?? null,
    set,
    previous,
    movedTargets,
  };
}

/**
 * The entry for adopting `policy`, written even when adopting changes nothing yet: it is what tells a destroy the
 * policy is not ours to delete. Its `previous` holds every part the managed policy writes, now or in a later update
 * (name, state, grant, session controls, every condition either has), so a restore gives the policy back as found.
 */
export function adoptionEntry(policy: ConditionalAccessPolicy, body: ManagedPolicyBody, patch: ConditionalAccessPolicyWrite | null): JournalEntry {
  const theirs = (policy.conditions ?? {}) as Record<string, unknown>;
  const ours = body.conditions as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(theirs), ...Object.keys(ours)])].filter((k) => !k.includes("@odata"));
  const written = {
    displayName: body.displayName,
    state: body.state,
    grantControls: body.grantControls,
    sessionControls: null,
    conditions: Object.fromEntries(keys.map((k) => [k, ours[k] ?? theirs[k]])),
  } as ConditionalAccessPolicyWrite;
  return {
    policyId: policy.id,
    displayName: policy.displayName,
    action: "adopt",
    previousState: policy.state,
    previousGrantControls: policy.grantControls ?? null,
    set: patch ?? {},
    previous: previousValues(policy, written),
    movedTargets: NO_TARGETS,
  };
}
