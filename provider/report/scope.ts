import type { ConditionalAccessConditionSet } from "../graph/types";

/**
 * Why a policy applies to only some of a user's sign-ins: the non-user conditions that narrow it (applications, client
 * apps, platforms, locations, devices, risk, authentication flows). Empty = every sign-in of a targeted user.
 * A policy with limitations protects its users only partially, however strong its grant.
 */
export function scopeLimitations(conditions: ConditionalAccessConditionSet): string[] {
  return [...applicationLimitations(conditions), ...clientAppLimitations(conditions), ...otherLimitations(conditions)];
}

type Add = (label: string, values: readonly string[] | undefined) => void;

function collector(): { limits: string[]; add: Add } {
  const limits: string[] = [];
  const add: Add = (label, values) => {
    if (values && values.length > 0) limits.push(`${label}: ${values.join(", ")}`);
  };
  return { limits, add };
}

function applicationLimitations(conditions: ConditionalAccessConditionSet): string[] {
  const { limits, add } = collector();
  const apps = conditions.applications;
  if (apps) {
    const include = (apps.includeApplications ?? []).filter((a) => a.toLowerCase() !== "none");
    if (!include.some((a) => a.toLowerCase() === "all")) {
      add("only applications", include);
      add("only user actions", apps.includeUserActions);
      add("only authentication contexts", apps.includeAuthenticationContextClassReferences);
    }
    add("except applications", apps.excludeApplications);
    if (apps.applicationFilter) limits.push(`applications matching a filter (${filterText(apps.applicationFilter)})`);
  }
  return limits;
}

function clientAppLimitations(conditions: ConditionalAccessConditionSet): string[] {
  const { limits, add } = collector();
  const clientApps = conditions.clientAppTypes ?? [];
  if (clientApps.length > 0 && !clientApps.includes("all")) add("only client apps", clientApps);
  return limits;
}

/** What narrows a policy beyond applications and client apps: platforms, locations, devices, risk, flows. */
export function otherLimitations(conditions: ConditionalAccessConditionSet): string[] {
  const { limits, add } = collector();
  const platforms = conditions.platforms as { includePlatforms?: string[]; excludePlatforms?: string[] } | null | undefined;
  if (platforms) {
    if (!(platforms.includePlatforms ?? ["all"]).includes("all")) add("only platforms", platforms.includePlatforms);
    add("except platforms", platforms.excludePlatforms);
  }

  const locations = conditions.locations as { includeLocations?: string[]; excludeLocations?: string[] } | null | undefined;
  if (locations) {
    if (!(locations.includeLocations ?? ["All"]).some((l) => l.toLowerCase() === "all")) {
      add("only locations", locations.includeLocations);
    }
    add("except locations", locations.excludeLocations);
  }

  const devices = conditions.devices as
    | { deviceFilter?: unknown; includeDevices?: string[]; excludeDevices?: string[] }
    | null
    | undefined;
  if (devices?.deviceFilter) limits.push(`devices matching a filter (${filterText(devices.deviceFilter)})`);
  if (devices && !(devices.includeDevices ?? ["All"]).some((d) => d.toLowerCase() === "all")) {
    add("only devices", devices.includeDevices);
  }
  add("except devices", devices?.excludeDevices);

  add("only at sign-in risk", conditions.signInRiskLevels);
  add("only at user risk", conditions.userRiskLevels);
  add("only at insider risk", flagsList(conditions.insiderRiskLevels));
  const flows = conditions.authenticationFlows as { transferMethods?: string } | null | undefined;
  add("only authentication flows", flagsList(flows?.transferMethods));
  return limits;
}

/** A policy whose application condition names nothing (`None`, or empty) applies to no sign-in at all. */
export function appliesToNoSignIn(conditions: ConditionalAccessConditionSet): boolean {
  const apps = conditions.applications;
  if (!apps) return false;
  const targets = [
    ...(apps.includeApplications ?? []).filter((a) => a.toLowerCase() !== "none"),
    ...(apps.includeUserActions ?? []),
    ...(apps.includeAuthenticationContextClassReferences ?? []),
  ];
  return targets.length === 0;
}

/** Graph serialises flags enums as comma-separated strings ("minor,moderate"). */
function flagsList(value: unknown): string[] | undefined {
  if (typeof value !== "string") return undefined;
  const flags = value.split(",").map((s) => s.trim()).filter((s) => s && s !== "none");
  return flags.length > 0 ? flags : undefined;
}

function filterText(filter: unknown): string {
  const f = filter as { mode?: string; rule?: string };
  return [f.mode, f.rule].filter(Boolean).join(": ") || "filter";
}
