// Moving users off legacy per-user MFA (`enabled` / `enforced`) onto the managed policy: who is covered by the
// policy once it applies and so may be switched off, who is not (and stays on per-user MFA, with the reason), and
// which earlier-moved users the policy no longer covers (they get their per-user MFA back). Pure: the handler reads
// the users, the policy and the group and role members, and applies the result.

import type { ConditionalAccessPolicy, PerUserMfaState } from "../graph/types";
import { narrowingConditions } from "./coverage";
import { enforcesMfa } from "./mfa-controls";
import { normalizeGuid } from "./normalize";
import type { LegacyMfaState, PerUserMfaEntries, PerUserMfaJournal } from "./per-user-journal";
import { excludesGuests, targetsOf } from "./targets";

/** What a ManagedMfaPolicy's outputs hold about per-user MFA. */
export interface PerUserMfaOutputs {
  /** Every user this resource switched off per-user MFA, with the state destroy puts back (packed ids). */
  journal: PerUserMfaJournal;
  /** Users on per-user MFA the managed policy does not cover: left as they are (the warnings say who and why). */
  notCovered: number;
  /** Set when covered users are still on per-user MFA (the policy does not enforce MFA yet, or a run failed part-way): the next up tries again. */
  pending?: string;
}

/** A user as the listing gives them; `perUserMfaState` null when it could not be read. */
export interface PerUserMfaUser {
  id: string;
  userPrincipalName?: string;
  accountEnabled?: boolean;
  userType?: string;
  perUserMfaState: PerUserMfaState | null;
}

/** The members of the groups and roles the policy names, expanded (nested groups flattened). Keys normalised. */
export interface ScopeMembers {
  /** Group id → its users, transitively. */
  groupUsers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Role template id → the users who hold it. */
  roleUsers: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The managed policy as it will apply: the planned body for a preview, the policy read back for the handler. */
export type AppliedManagedPolicy = Pick<ConditionalAccessPolicy, "id" | "displayName" | "state" | "conditions" | "grantControls">;

export interface PerUserMfaInput {
  users: readonly PerUserMfaUser[];
  /** Undefined: there is no managed policy (yet). */
  policy: AppliedManagedPolicy | undefined;
  securityDefaultsOn: boolean;
  members: ScopeMembers;
  /** Users moved by earlier runs, with the state to put back. */
  journal: PerUserMfaEntries;
}

export interface PerUserMove {
  userId: string;
  userPrincipalName?: string;
  previous: LegacyMfaState;
}

export interface PerUserLeft {
  userId: string;
  userPrincipalName?: string;
  state: LegacyMfaState | "unknown";
  reason: string;
}

export interface PerUserMfaPlan {
  /** Covered by the managed policy: per-user MFA set to `disabled`, previous state journaled. */
  move: PerUserMove[];
  /** On per-user MFA and not covered (or not readable): left as they are. */
  left: PerUserLeft[];
  /** Journaled users the policy no longer covers: their per-user state is put back before anything else. */
  giveBack: PerUserMove[];
  /** Journaled users not covered any more who are on per-user MFA again (set by hand): their entries end, no write. */
  released: string[];
  /** Why nobody moves now although some may later (the policy does not enforce MFA yet). */
  heldBack?: string;
  /** What changes for people, for the preview. */
  notes: string[];
}

/** What switching per-user MFA off means for people, whatever the tenant. */
export const PER_USER_MFA_NOTES = [
  "App passwords stop working for the users moved off per-user MFA: legacy clients that sign in with one (older Outlook, IMAP/POP/SMTP, " +
    "scripts) fail until they use modern authentication.",
  "The per-user MFA service settings (trusted IPs, remember multifactor authentication on trusted devices, the verification methods allowed) " +
    "cannot be reached through Microsoft Graph: they are left as they are; review them in the legacy multifactor authentication portal.",
  "Users re-register nothing: the methods they registered are kept, and the managed policy asks for MFA with them.",
];

export const SECURITY_DEFAULTS_NOTE =
  "Security Defaults is on: it already asks everyone for MFA, and Microsoft recommends per-user MFA be disabled under it, but " +
  "Security Defaults can be turned off on its own, so no one is switched off per-user MFA until the managed policy itself enforces " +
  "MFA (after SecurityDefaultsOff hands over to it); run `pulumi up` again then to move them.";

/** Why the policy does not (yet) ask covered users for MFA at every sign-in, or undefined when it does. */
export function whyNotEnforcing(policy: AppliedManagedPolicy | undefined, securityDefaultsOn: boolean): string | undefined {
  if (!policy) return "there is no managed policy yet";
  if (securityDefaultsOn) return "Security Defaults is on, so the managed policy is report-only until SecurityDefaultsOff hands over to it";
  if (!enforcesMfa(policy as ConditionalAccessPolicy))
    return policy.state === "enabled" ? "the managed policy's grant does not require MFA" : `the managed policy is ${policy.state === "disabled" ? "disabled" : "report-only"}`;
  const narrowing = narrowingConditions(policy as ConditionalAccessPolicy);
  if (narrowing.length) return `the managed policy applies only to some sign-ins (${narrowing.join("; ")}), per-user MFA to all`;
  return undefined;
}

const OUTSIDE = "outside the managed policy's users, groups and roles";

/** Undefined when the enforcing policy covers the user, else why not. */
export function whyNotCovered(policy: AppliedManagedPolicy, user: PerUserMfaUser, members: ScopeMembers): string | undefined {
  const users = policy.conditions.users;
  if (!users) return OUTSIDE;
  const t = targetsOf(users);
  const id = normalizeGuid(user.id);
  const inGroup = (groups: readonly string[]) => groups.find((g) => members.groupUsers.get(normalizeGuid(g))?.has(id));
  const inRole = (roles: readonly string[]) => roles.find((r) => members.roleUsers.get(normalizeGuid(r))?.has(id));
  if (t.excludeUsers.includes(id)) return "excluded from the managed policy by name (excludeUsers, e.g. a break-glass account)";
  const group = inGroup(t.excludeGroups);
  if (group) return `excluded from the managed policy through the group ${group}`;
  const role = inRole(t.excludeRoles);
  if (role) return `excluded from the managed policy through the role ${role}`;
  if (user.userType?.toLowerCase() === "guest" && excludesGuests(users)) return "a guest, and the managed policy excludes guests";
  if (t.includeAllUsers || t.includeUsers.includes(id) || inGroup(t.includeGroups) || inRole(t.includeRoles)) return undefined;
  return OUTSIDE;
}

const isLegacy = (state: PerUserMfaState | null): state is LegacyMfaState => state === "enabled" || state === "enforced";

export function planPerUserMfa(input: PerUserMfaInput): PerUserMfaPlan {
  const { policy, members, journal } = input;
  const heldBack = whyNotEnforcing(policy, input.securityDefaultsOn);
  const move: PerUserMove[] = [];
  const left: PerUserLeft[] = [];
  const giveBack: PerUserMove[] = [];
  const released: string[] = [];
  for (const user of input.users) {
    const id = normalizeGuid(user.id);
    const who = { userId: id, ...(user.userPrincipalName ? { userPrincipalName: user.userPrincipalName } : {}) };
    const notCovered = heldBack ?? whyNotCovered(policy!, user, members);
    const earlier = journal.get(id);
    if (user.perUserMfaState === null) {
      // Unreadable: never taken as disabled, never switched. A journaled user keeps their entry.
      if (!earlier) left.push({ ...who, state: "unknown", reason: "the per-user MFA state could not be read" });
      continue;
    }
    if (isLegacy(user.perUserMfaState)) {
      if (!notCovered) move.push({ ...who, previous: earlier ?? user.perUserMfaState });
      else {
        left.push({ ...who, state: user.perUserMfaState, reason: notCovered });
        if (earlier) released.push(id);
      }
    } else if (earlier && notCovered) giveBack.push({ ...who, previous: earlier });
  }
  // A journaled user the listing no longer has was deleted: their entry stays until destroy, which skips them.
  const notes = move.length || left.length ? [...PER_USER_MFA_NOTES] : [];
  if (input.securityDefaultsOn && (move.length || left.length)) notes.push(SECURITY_DEFAULTS_NOTE);
  return { move, left, giveBack, released, ...(heldBack && left.some((l) => l.state !== "unknown") ? { heldBack } : {}), notes };
}

/** The journal after `plan` is applied: earlier entries, less those given back or released, plus the moves. */
export function journalAfter(journal: PerUserMfaEntries, plan: Pick<PerUserMfaPlan, "move" | "giveBack" | "released">): Map<string, LegacyMfaState> {
  const ended = new Set([...plan.giveBack.map((g) => g.userId), ...plan.released]);
  const next = new Map([...journal].filter(([id]) => !ended.has(id)));
  for (const m of plan.move) if (!next.has(m.userId)) next.set(m.userId, m.previous);
  return next;
}

export interface PerUserRestore {
  /** Users to set back, with the state they had. */
  writes: { userId: string; state: LegacyMfaState }[];
  /** Journaled users the tenant no longer has. */
  gone: string[];
}

/**
 * Destroy, or `perUserMfa` back to "leave": every journaled user gets the state they had, and only they. A user
 * already in that state is not written; one whose state could not be read is written (it only adds MFA back).
 * Graph turns `enabled` into `enforced` for a user who has registered an MFA method, so `enforced` counts as
 * put back for a user who was `enabled`.
 */
export function planPerUserRestore(journal: PerUserMfaEntries, current: ReadonlyMap<string, PerUserMfaState | null>): PerUserRestore {
  const writes: PerUserRestore["writes"] = [];
  const gone: string[] = [];
  for (const [userId, state] of journal) {
    const now = current.get(userId);
    // Journaled states are enabled or enforced, so an enforced user is put back whichever it was.
    if (!current.has(userId)) gone.push(userId);
    else if (now !== state && now !== "enforced") writes.push({ userId, state });
  }
  return { writes, gone };
}
