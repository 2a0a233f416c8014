import type { ReportContext } from "./evaluate";
import type { AdminGap, PolicyRole, PolicySummary, ReportSummary, UserMfaStatus } from "./model";

/** Builds the summary while users stream past, holding counters only (plus the admins that need naming). */
export class SummaryAccumulator {
  private readonly users = { total: 0, enabled: 0, disabled: 0, members: 0, guests: 0, admins: 0 };
  private readonly enabledUsers = { covered: 0, partial: 0, reportOnlyOnly: 0, notCovered: 0, mfaNotRegistered: 0, mfaRegistrationUnknown: 0 };
  private readonly adminsNotCovered: AdminGap[] = [];
  private readonly policies = new Map<string, PolicySummary>();
  private systemPreferredUsers = 0;
  private registrationUnknown = 0;
  private perUserMfaUnknown = 0;

  constructor(private readonly context: ReportContext) {
    for (const p of context.policies) {
      this.policies.set(p.ref.id, { policy: p.ref, state: p.state, role: p.role, limitedTo: p.limitedTo, appliesToUsers: 0, excludedUsers: 0 });
    }
  }

  add(status: UserMfaStatus): void {
    const u = this.users;
    u.total++;
    if (status.userType === "guest") u.guests++;
    else u.members++;
    if (status.adminRoles.length > 0) u.admins++;
    if (status.mfaRegistered === null) this.registrationUnknown++;
    if (status.perUserMfaState === null) this.perUserMfaUnknown++;
    if (!status.accountEnabled) {
      u.disabled++;
      return;
    }
    u.enabled++;
    const e = this.enabledUsers;
    if (status.mfaEnforced === "yes") e.covered++;
    else if (status.mfaEnforced === "partial") e.partial++;
    else if (status.mfaEnforced === "reportOnly") e.reportOnlyOnly++;
    else e.notCovered++;
    if (status.mfaRegistered === false) e.mfaNotRegistered++;
    else if (status.mfaRegistered === null) e.mfaRegistrationUnknown++;
    if (status.systemPreferred.applies === "yes") this.systemPreferredUsers++;
    if (status.mfaEnforced !== "yes" && status.adminRoles.length > 0) {
      this.adminsNotCovered.push({
        id: status.id,
        userPrincipalName: status.userPrincipalName,
        displayName: status.displayName,
        adminRoles: status.adminRoles,
        mfaEnforced: status.mfaEnforced,
      });
    }
    for (const s of status.enforcedBy) {
      if (s.kind === "policy") this.countApplies(s.policy.id);
      if (s.kind === "combined") for (const m of s.policies) this.countApplies(m.policy.id);
    }
    for (const m of [...status.partialBy, ...status.reportOnlyBy]) this.countApplies(m.policy.id);
    for (const p of status.optionalBy) this.countApplies(p.id);
    for (const x of status.excludedBy) {
      const summary = this.policies.get(x.policy.id);
      if (summary) summary.excludedUsers++;
    }
  }

  private countApplies(policyId: string): void {
    const summary = this.policies.get(policyId);
    if (summary) summary.appliesToUsers++;
  }

  result(): ReportSummary {
    const policies = [...this.policies.values()].map((p) => ({ ...p }));
    const policyCounts: Record<PolicyRole, number> = { enforcing: 0, partial: 0, reportOnly: 0, optional: 0, notInForce: 0 };
    for (const p of policies) policyCounts[p.role]++;
    const warnings = [...this.context.warnings];
    // Counts only: a user without a registration row is unknown whatever the cause (a collector that could not read
    // the report says why in its own warning; a user too new for the report has no row).
    if (this.registrationUnknown > 0) warnings.push(`MFA registration is unknown for ${this.registrationUnknown} users.`);
    if (this.perUserMfaUnknown > 0) warnings.push(`Legacy per-user MFA state is unknown for ${this.perUserMfaUnknown} users.`);
    const prefs = this.context.systemPreferred;
    return {
      users: { ...this.users },
      enabledUsers: { ...this.enabledUsers },
      adminsNotCovered: [...this.adminsNotCovered].sort((a, b) => a.userPrincipalName.localeCompare(b.userPrincipalName)),
      securityDefaults: { isEnabled: this.context.securityDefaultsOn },
      policies,
      policyCounts,
      systemPreferred: {
        state: prefs ? prefs.state : "unreadable",
        includeTargets: prefs ? prefs.includeTargets : [],
        excludeTargets: prefs ? prefs.excludeTargets : [],
        appliesToUsers: this.systemPreferredUsers,
      },
      warnings,
    };
  }
}
