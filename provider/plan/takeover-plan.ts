// The take-over plan as data: what planMfaTakeover reads from the tenant and what it returns, so the handler can
// apply it, the preview can show it and the journal can undo it, from one structure.

import type { ConditionalAccessPolicy } from "../graph/types";
import type { ManagedMfaPolicySpec, ManagedPolicyState } from "./inputs";
import type { ManagedPolicyBody, TargetSet } from "./managed-policy";
import type { JournalEntry, Step } from "./steps";

export interface TenantSnapshot {
  securityDefaults: { isEnabled: boolean };
  policies: ConditionalAccessPolicy[];
  /** The policy this resource already manages, when it exists (updates, re-runs). */
  managedPolicyId?: string;
}

/** The managed policy a plan works on: the one this resource manages, or on its first create the one it adopts. */
export function managedPolicyIdOf(snapshot: Pick<TenantSnapshot, "managedPolicyId">, spec: Pick<ManagedMfaPolicySpec, "adoptPolicyId">): string | undefined {
  return snapshot.managedPolicyId ?? spec.adoptPolicyId;
}

export type TakeoverAction = "stripMfa" | "disable";

export interface TakenOverPolicy {
  policyId: string;
  displayName: string;
  action: TakeoverAction;
  movedTargets: TargetSet;
  /** What the reader should know, e.g. that its MFA applied only to some applications and now applies to all. */
  notes: string[];
}

export interface LeftAlonePolicy {
  policyId: string;
  displayName: string;
  reason: string;
}

export interface TakeoverPlan {
  managedPolicy: {
    /** Set when the policy exists already (managed before, or adopted). */
    policyId?: string;
    body: ManagedPolicyBody;
    createState: ManagedPolicyState;
    /** The state once Security Defaults has been handed over (SecurityDefaultsOff enables it). */
    finalState: ManagedPolicyState;
    /** Targets moved in from taken-over policies, now and on earlier runs: pass them to managedPolicyBody later. */
    extraTargets: TargetSet;
  };
  steps: Step[];
  /** New entries only; earlier runs' entries stay in the resource's state, but for those given back. */
  journal: JournalEntry[];
  /** Policies of earlier entries whose MFA this plan gives back (an update that enforces less): their entries end. */
  givenBack: string[];
  takenOver: TakenOverPolicy[];
  leftAlone: LeftAlonePolicy[];
  warnings: string[];
  /** Reasons the plan must not be applied; the handler fails with them. */
  errors: string[];
  securityDefaults: {
    isEnabled: boolean;
    handoverRequired: boolean;
    /** When it is on and is not handed over: why, in the words the plan's warnings and errors use. */
    staysOnBecause?: string;
  };
}

