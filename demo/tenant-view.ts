// What a person wants to see of a tenant's MFA set-up, read from an emulator dump, and what changed between two reads.
import type { TenantFixture } from "../emulator";
import type {
  AuthenticationMethodTarget, AuthenticationMethodsPolicy, ConditionalAccessPolicy, SecurityDefaultsPolicy,
} from "../provider/graph/types";

export interface TenantView {
  securityDefaults: "on" | "off";
  /** Policy id → "name: state, grant". */
  policies: Map<string, string>;
  systemPreferred: string;
  /** User principal names of enabled users no MFA is enforced for. */
  withoutMfa: string[];
}

const STATES: Record<string, string> = { enabled: "enabled", enabledForReportingButNotEnforced: "report-only", disabled: "disabled" };

function grantOf(policy: ConditionalAccessPolicy): string {
  const grant = policy.grantControls;
  const controls: string[] = [...(grant?.builtInControls ?? [])];
  if (grant?.authenticationStrength) controls.push(`strength "${grant.authenticationStrength.displayName ?? "?"}"`);
  return controls.length ? controls.join(` ${grant?.operator ?? "OR"} `) : "none";
}

function targetName(target: AuthenticationMethodTarget | undefined, groups: Map<string, string>): string {
  if (!target) return "nobody";
  if (target.id === "all_users") return "all users";
  return groups.has(target.id) ? `group "${groups.get(target.id)}"` : `${target.targetType} ${target.id}`;
}

export function viewOf(dump: TenantFixture, unprotectedUserIds: string[]): TenantView {
  const groups = new Map((dump.groups ?? []).map((g) => [g.id, g.displayName ?? g.id]));
  const users = new Map((dump.users ?? []).map((u) => [String(u.id), String(u.userPrincipalName)]));
  const policies = new Map(
    ((dump.conditionalAccessPolicies ?? []) as ConditionalAccessPolicy[]).map((p) => [p.id, `"${p.displayName}": ${STATES[p.state] ?? p.state}, grant ${grantOf(p)}`]),
  );
  const preferences = (dump.authenticationMethodsPolicy as AuthenticationMethodsPolicy | undefined)?.systemCredentialPreferences;
  const excluded = preferences?.excludeTargets.length ? `, except ${targetName(preferences.excludeTargets[0], groups)}` : "";
  return {
    // An emulator dump always holds the policy object (a fixture may say just true or false).
    securityDefaults: (dump.securityDefaults as SecurityDefaultsPolicy).isEnabled ? "on" : "off",
    policies,
    systemPreferred: `${preferences?.state ?? "default"} for ${targetName(preferences?.includeTargets[0], groups)}${excluded}`,
    withoutMfa: unprotectedUserIds.map((id) => users.get(id) ?? id).sort(),
  };
}

function people(names: string[]): string {
  return names.length === 0 ? "nobody" : names.length <= 3 ? names.join(", ") : `${names.length} users`;
}

export function renderView(view: TenantView): string[] {
  return [
    `Security Defaults: ${view.securityDefaults}`,
    ...[...view.policies.values()].map((p) => `policy ${p}`),
    `system-preferred MFA: ${view.systemPreferred}`,
    `MFA not enforced for: ${people(view.withoutMfa)}`,
  ];
}

/** The lines that differ: `~` changed, `+` added, `-` removed. */
export function changesBetween(before: TenantView, after: TenantView): string[] {
  const out: string[] = [];
  if (before.securityDefaults !== after.securityDefaults) out.push(`~ Security Defaults: ${before.securityDefaults} → ${after.securityDefaults}`);
  for (const [id, was] of before.policies) {
    const now = after.policies.get(id);
    if (now === undefined) out.push(`- policy ${was}`);
    else if (now !== was) out.push(`~ policy ${was}  →  ${now}`);
  }
  for (const [id, now] of after.policies) if (!before.policies.has(id)) out.push(`+ policy ${now}`);
  if (before.systemPreferred !== after.systemPreferred) out.push(`~ system-preferred MFA: ${before.systemPreferred} → ${after.systemPreferred}`);
  if (before.withoutMfa.join() !== after.withoutMfa.join()) out.push(`~ MFA not enforced for: ${people(before.withoutMfa)} → ${people(after.withoutMfa)}`);
  return out;
}
