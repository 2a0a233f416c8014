// The plan works on object ids, as Conditional Access does; the people reading it gave names (user principal names).
// Its prose shows the name where the user gave one.
import { normalizeGuid } from "./normalize";
import type { TakeoverPlan } from "./takeover-plan";

/** Normalised object id → the name the user gave for it. */
export type IdNames = Readonly<Record<string, string>>;

/** From name → id (as resolved from the tenant) to id → name. */
export function namesOf(resolved: Readonly<Record<string, string>>): IdNames {
  return Object.fromEntries(Object.entries(resolved).map(([name, id]) => [normalizeGuid(id), name]));
}

const GUID_IN_TEXT = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

export function nameIds(text: string, names: IdNames): string {
  return text.replace(GUID_IN_TEXT, (id) => names[normalizeGuid(id)] ?? id);
}

/** The same plan, its descriptions, warnings and errors naming what the user named. The data keeps the ids. */
export function namedPlan(plan: TakeoverPlan, names: IdNames): TakeoverPlan {
  if (!Object.keys(names).length) return plan;
  const say = (text: string) => nameIds(text, names);
  return {
    ...plan,
    steps: plan.steps.map((s) => ({ ...s, description: say(s.description), undo: { ...s.undo, description: say(s.undo.description) } })),
    takenOver: plan.takenOver.map((t) => ({ ...t, notes: t.notes.map(say) })),
    leftAlone: plan.leftAlone.map((l) => ({ ...l, reason: say(l.reason) })),
    warnings: plan.warnings.map(say),
    errors: plan.errors.map(say),
  };
}
