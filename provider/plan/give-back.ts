// An update that makes the managed policy enforce less (report-only, disabled, new exclusions, fewer applications, a
// different strength) must not leave the people it took over from other policies with a password alone: those
// policies get their MFA back from the journal first, in the same plan, before the managed policy changes.
import type { ConditionalAccessPolicy } from "../graph/types";
import { specExclusionConflict } from "./carry-over";
import { applicationsOutside } from "./candidates";
import type { ManagedMfaPolicySpec } from "./inputs";
import { mfaGrantOf, mfaRequirementId, BUILT_IN_MFA_STRENGTH_ID, type MfaControl } from "./mfa-controls";
import { findById } from "./normalize";
import type { JournalEntry } from "./steps";

/** The journal entries whose policy must have its MFA back, because the updated managed policy no longer covers its users. */
export function entriesToGiveBack(journal: readonly JournalEntry[], policies: readonly ConditionalAccessPolicy[], spec: ManagedMfaPolicySpec, required: MfaControl): JournalEntry[] {
  return journal.filter((entry) => entry.action !== "adopt" && lostBy(entry, findById(policies, entry.policyId), spec, required));
}

function lostBy(entry: JournalEntry, policy: ConditionalAccessPolicy | undefined, spec: ManagedMfaPolicySpec, required: MfaControl): boolean {
  if (spec.state !== "enabled") return true;
  if (specExclusionConflict(spec, entry.movedTargets)) return true;
  if (policy && applicationsOutside(policy, spec.applications)) return true;
  // A stronger requirement than the policy had keeps its users covered; a weaker or different strength does not.
  const grant = mfaGrantOf(entry.previousGrantControls);
  if (grant.kind === "none") return false;
  const theirs = mfaRequirementId(grant.via);
  return theirs !== BUILT_IN_MFA_STRENGTH_ID && theirs !== mfaRequirementId(required);
}
