// The per-user MFA journal kept in a ManagedMfaPolicy's outputs: each user this resource switched off, with the
// state they had. It must stay small in a large tenant (50,000 users with 2% on per-user MFA is 1,000 entries), so
// object ids are packed as their 16 bytes, base64: 22 characters a user instead of a 60-character JSON object.

import { normalizeGuid } from "./normalize";

export type LegacyMfaState = "enabled" | "enforced";
export const LEGACY_MFA_STATES: readonly LegacyMfaState[] = ["enabled", "enforced"];

/** As stored: one packed id list per previous state. */
export interface PerUserMfaJournal {
  /** Users switched off who were `enabled`, packed (see `packIds`). */
  enabled: string;
  /** Users switched off who were `enforced`, packed. */
  enforced: string;
  /** How many users the journal holds, for a reader of the state. */
  count: number;
}

/** User id (normalised) → the state to put back. */
export type PerUserMfaEntries = ReadonlyMap<string, LegacyMfaState>;

export const EMPTY_PER_USER_JOURNAL: PerUserMfaJournal = { enabled: "", enforced: "", count: 0 };

const HEX_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Sorted GUIDs as one base64 string of their bytes (in text order, not Microsoft's mixed-endian layout). */
export function packIds(ids: readonly string[]): string {
  const sorted = [...new Set(ids.map(normalizeGuid))].sort();
  for (const id of sorted) if (!HEX_GUID.test(id)) throw new Error(`per-user MFA journal: ${JSON.stringify(id)} is not an object id`);
  return Buffer.from(sorted.map((id) => id.replace(/-/g, "")).join(""), "hex").toString("base64");
}

export function unpackIds(packed: string): string[] {
  const hex = Buffer.from(packed, "base64").toString("hex");
  if (hex.length % 32) throw new Error("per-user MFA journal: the packed id list is damaged (not a whole number of ids)");
  const ids: string[] = [];
  for (let i = 0; i < hex.length; i += 32) {
    const h = hex.slice(i, i + 32);
    ids.push(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
  }
  return ids;
}

export function journalEntries(journal: PerUserMfaJournal | undefined | null): Map<string, LegacyMfaState> {
  const entries = new Map<string, LegacyMfaState>();
  if (!journal) return entries;
  for (const state of LEGACY_MFA_STATES) for (const id of unpackIds(journal[state] ?? "")) entries.set(id, state);
  return entries;
}

export function packJournal(entries: PerUserMfaEntries): PerUserMfaJournal {
  const of = (state: LegacyMfaState) => [...entries].filter(([, s]) => s === state).map(([id]) => id);
  return { enabled: packIds(of("enabled")), enforced: packIds(of("enforced")), count: entries.size };
}

/** `earlier` plus `added`; a user in both keeps the earlier state, from before this resource first touched them. */
export function mergeEntries(earlier: PerUserMfaEntries, added: Iterable<readonly [string, LegacyMfaState]>): Map<string, LegacyMfaState> {
  const merged = new Map(earlier);
  for (const [id, state] of added) if (!merged.has(normalizeGuid(id))) merged.set(normalizeGuid(id), state);
  return merged;
}
