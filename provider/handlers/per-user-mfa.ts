// Graph I/O of a per-user MFA migration: read every user's per-user state, expand the managed policy's groups and
// roles, switch users in `$batch`es with progress, and read back what a lost answer left unknown. What to switch
// is decided in plan/per-user-mfa.ts.
import type { ConditionalAccessUsers, GraphApi, PerUserMfaState } from "../graph";
import { BATCH_LIMIT } from "../graph/batch";
import { normalizeGuid, normalizeIdSet } from "../plan/normalize";
import type { PerUserMfaUser, ScopeMembers } from "../plan/per-user-mfa";
import { targetsOf } from "../plan/targets";
import { say } from "./context";

/** Batches per progress message: 10 batches of 20 = 200 users. */
const PROGRESS_EVERY = 10 * BATCH_LIMIT;

export interface PerUserStates {
  /** Users on per-user MFA, or whose state could not be read, and the journaled; other users are only counted. */
  users: PerUserMfaUser[];
  /** Every user's state, normalised id → state (null: not readable); for restores and drift. */
  stateOf: Map<string, PerUserMfaState | null>;
  total: number;
}

/**
 * Every user's per-user state: the user listing (999 a page) with `perUserMfaState` selected; users a page returned
 * without it are read one by one in `$batch`es of 20 from the beta route. Never a missing value taken as disabled.
 */
export async function readPerUserStates(graph: GraphApi, progress: (message: string) => void, journaled: ReadonlySet<string> = new Set()): Promise<PerUserStates> {
  const stateOf = new Map<string, PerUserMfaState | null>();
  const listed = new Map<string, PerUserMfaUser>();
  const missing: string[] = [];
  let pages = 0;
  for await (const page of graph.perUserMfa.pages()) {
    for (const u of page) {
      const id = normalizeGuid(u.id);
      const user: PerUserMfaUser = { id, userPrincipalName: u.userPrincipalName ?? undefined, accountEnabled: u.accountEnabled ?? undefined, userType: u.userType ?? undefined, perUserMfaState: u.perUserMfaState ?? null };
      // Not a state Graph has: the listing did not fill it here (null) or does not know it (absent).
      if (u.perUserMfaState === undefined || u.perUserMfaState === null) missing.push(id);
      stateOf.set(id, user.perUserMfaState);
      if (user.perUserMfaState !== "disabled" || journaled.has(id)) listed.set(id, user);
    }
    if (++pages % 10 === 0) progress(`per-user MFA: read ${stateOf.size} users' state`);
  }
  if (missing.length) {
    progress(`per-user MFA: the user listing did not return perUserMfaState for ${missing.length} users; reading theirs one by one (in $batch)`);
    const results = await graph.perUserMfa.getMany(missing);
    results.forEach((r, i) => {
      const id = missing[i]!;
      if (r.error?.isNotFound) {
        stateOf.delete(id);
        listed.delete(id);
        return;
      }
      const state = r.body?.perUserMfaState ?? null;
      stateOf.set(id, state);
      if (state === "disabled" && !journaled.has(id)) listed.delete(id);
      else listed.get(id)!.perUserMfaState = state;
    });
  }
  return { users: [...listed.values()], stateOf, total: stateOf.size };
}

/** The users of every group and role the policy's user condition names (included or excluded), nested groups expanded. */
export async function readScopeMembers(graph: GraphApi, users: ConditionalAccessUsers | null | undefined): Promise<ScopeMembers> {
  const t = targetsOf(users ?? { includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] });
  const groupUsers = new Map<string, ReadonlySet<string>>();
  const roleUsers = new Map<string, ReadonlySet<string>>();
  const userIds = (members: { "@odata.type": string; id: string }[]) =>
    new Set(members.filter((m) => m["@odata.type"] === "#microsoft.graph.user").map((m) => normalizeGuid(m.id)));
  for (const id of normalizeIdSet([...t.includeGroups, ...t.excludeGroups])) groupUsers.set(id, userIds(await graph.groups.transitiveMembers(id)));
  for (const id of normalizeIdSet([...t.includeRoles, ...t.excludeRoles])) roleUsers.set(id, userIds(await graph.directoryRoles.members(id)));
  return { groupUsers, roleUsers };
}

/**
 * Sets each user's per-user state, 20 a `$batch`, saying progress every 200. An item that failed, or a batch whose
 * answer was lost, is read back: a write that landed counts as done. Throws, naming the users, when some are still not in their state.
 */
export async function setPerUserStates(graph: GraphApi, who: string, changes: readonly { userId: string; state: PerUserMfaState }[], what: string): Promise<void> {
  const failed: { userId: string; state: PerUserMfaState; error: string }[] = [];
  for (let start = 0; start < changes.length; start += PROGRESS_EVERY) {
    const chunk = changes.slice(start, start + PROGRESS_EVERY);
    try {
      const results = await graph.perUserMfa.setMany(chunk);
      results.forEach((r, i) => r.error && failed.push({ ...chunk[i]!, error: r.error.message }));
    } catch (error) {
      // The whole $batch failed or its answer was lost: some of it may have landed; the read-back below tells.
      failed.push(...chunk.map((c) => ({ ...c, error: error instanceof Error ? error.message : String(error) })));
    }
    say(who, `per-user MFA: ${what} ${Math.min(start + PROGRESS_EVERY, changes.length)}/${changes.length} users`);
  }
  if (!failed.length) return;
  const readBack = await graph.perUserMfa.getMany(failed.map((f) => f.userId));
  const still = failed.filter((f, i) => readBack[i]!.body?.perUserMfaState !== f.state);
  if (still.length)
    throw new Error(
      `per-user MFA: ${still.length} of ${changes.length} users could not be set (${what}): ` +
        still.slice(0, 5).map((f) => `${f.userId} to ${f.state}: ${f.error}`).join("; ") + (still.length > 5 ? `; and ${still.length - 5} more` : ""),
    );
}
