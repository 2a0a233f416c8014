// Sign-in contexts: where a Conditional Access policy applies, as sets that can be combined, so the report can tell
// whether several policies (and blocks) together leave any sign-in without MFA. Only applications and client apps are
// decomposed exactly; a policy narrowed by anything else (locations, platforms, devices, risk, flows, an application
// filter, user actions) is never counted as covering a context: the report claims no protection it cannot show.
import type { ConditionalAccessConditionSet } from "../graph/types";
import { otherLimitations } from "./scope";

/** Conditional Access's client app types (graph.md §2); `exchangeActiveSync` and `other` are legacy authentication. */
export const CLIENT_APPS = ["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"] as const;
export type ClientApp = (typeof CLIENT_APPS)[number];
const MODERN_CLIENT_APPS: readonly ClientApp[] = ["browser", "mobileAppsAndDesktopClients"];

/** Applications as a set: every application but some, or only some (ids and keywords lower-cased). */
export type AppSet = { all: true; except: ReadonlySet<string> } | { all: false; only: ReadonlySet<string> };

/** The sign-ins a policy applies to: these client apps × these applications. */
export interface SignInScope {
  clientApps: ReadonlySet<ClientApp>;
  apps: AppSet;
}

/** Modern authentication to every application: where per-user MFA `enabled` asks for MFA. */
export const MODERN_SIGN_INS: SignInScope = { clientApps: new Set(MODERN_CLIENT_APPS), apps: { all: true, except: new Set() } };

const isClientApp = (value: string): value is ClientApp => (CLIENT_APPS as readonly string[]).includes(value);
const lower = (values: readonly string[] | undefined) => (values ?? []).map((v) => v.toLowerCase());

/** The policy's sign-ins, or `null` when something other than applications and client apps narrows it. */
export function signInScope(conditions: ConditionalAccessConditionSet): SignInScope | null {
  if (otherLimitations(conditions).length > 0) return null;
  const apps = conditions.applications;
  if (apps?.applicationFilter || (apps?.includeUserActions ?? []).length > 0 || (apps?.includeAuthenticationContextClassReferences ?? []).length > 0) return null;
  const include = apps ? lower(apps.includeApplications).filter((a) => a !== "none") : ["all"];
  const except = new Set(lower(apps?.excludeApplications));
  const appSet: AppSet = include.includes("all") ? { all: true, except } : { all: false, only: new Set(include.filter((a) => !except.has(a))) };
  const types = conditions.clientAppTypes ?? [];
  // `easSupported` is the older spelling of the Exchange ActiveSync client type.
  const named = types.map((t) => (t === "easSupported" ? "exchangeActiveSync" : t)).filter(isClientApp);
  const clientApps = new Set<ClientApp>(types.length === 0 || types.includes("all") ? CLIENT_APPS : named);
  return { clientApps, apps: appSet };
}

/** The client apps on which these scopes, taken together, leave some application uncovered. */
export function uncoveredClientApps(scopes: readonly SignInScope[]): ClientApp[] {
  return CLIENT_APPS.filter((c) => !coversEveryApp(scopes.filter((s) => s.clientApps.has(c)).map((s) => s.apps)));
}

/** Whether a union of application sets is every application: what no "all but" set covers, some "only" set must. */
function coversEveryApp(sets: readonly AppSet[]): boolean {
  let left: Set<string> | undefined;
  for (const s of sets) {
    if (s.all) left = left ? new Set([...left].filter((a) => s.except.has(a))) : new Set(s.except);
  }
  if (!left) return false;
  for (const s of sets) if (!s.all) for (const a of s.only) left.delete(a);
  return left.size === 0;
}
