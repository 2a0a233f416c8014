// Whom a Conditional Access policy targets, read into a TargetSet, and how to say it in a plan.

import type { ConditionalAccessUsers } from "../graph/types";
import type { TargetSet } from "./managed-policy";
import { canonical, normalizeIdSet } from "./normalize";

const GUESTS = "GuestsOrExternalUsers";

export function targetsOf(users: ConditionalAccessUsers): TargetSet {
  const ids = (list: string[] | undefined) => normalizeIdSet(list).filter((id) => id !== "All" && id !== "None" && id !== GUESTS);
  return {
    includeAllUsers: normalizeIdSet(users.includeUsers).includes("All"),
    includeUsers: ids(users.includeUsers),
    includeGroups: ids(users.includeGroups),
    includeRoles: ids(users.includeRoles),
    excludeUsers: ids(users.excludeUsers),
    excludeGroups: ids(users.excludeGroups),
    excludeRoles: ids(users.excludeRoles),
  };
}

/** Guests are targeted by a keyword in includeUsers or by the structured includeGuestsOrExternalUsers. */
export function includesGuests(users: ConditionalAccessUsers): boolean {
  return normalizeIdSet(users.includeUsers).includes(GUESTS) || canonical(users.includeGuestsOrExternalUsers) !== undefined;
}

export function excludesGuests(users: ConditionalAccessUsers): boolean {
  return normalizeIdSet(users.excludeUsers).includes(GUESTS) || canonical(users.excludeGuestsOrExternalUsers) !== undefined;
}

export type TargetKind = "users" | "groups" | "roles";
export const EXCLUDES: Record<TargetKind, "excludeUsers" | "excludeGroups" | "excludeRoles"> = {
  users: "excludeUsers",
  groups: "excludeGroups",
  roles: "excludeRoles",
};

/** Whether `source` may require MFA from `id`: group and role membership is unknown here, so any of them may. */
export function mayCover(source: TargetSet, kind: TargetKind, id: string): boolean {
  if (source[EXCLUDES[kind]].includes(id)) return false;
  if (source.includeAllUsers || source.includeGroups.length || source.includeRoles.length) return true;
  return kind === "users" ? source.includeUsers.includes(id) : source.includeUsers.length > 0;
}

export function describeIds(users: readonly string[], groups: readonly string[], roles: readonly string[], guests = false): string {
  const parts = [
    ...(users.length ? [`users ${users.join(", ")}`] : []),
    ...(groups.length ? [`groups ${groups.join(", ")}`] : []),
    ...(roles.length ? [`roles ${roles.join(", ")}`] : []),
    ...(guests ? ["guests or external users"] : []),
  ];
  return parts.join(" and ") || "nobody";
}

/** "all users except users a", "groups g and roles r", "nobody". */
export function describeTargets(t: TargetSet): string {
  const included = t.includeAllUsers ? "all users" : describeIds(t.includeUsers, t.includeGroups, t.includeRoles);
  const excluded = describeIds(t.excludeUsers, t.excludeGroups, t.excludeRoles);
  return excluded === "nobody" ? included : `${included} except ${excluded}`;
}
