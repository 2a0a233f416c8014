import type { ConnectionInput } from "../graph";
import type { ReportHeader, ReportSummary, UserMfaStatus } from "./model";

/** One tenant of the fleet: how it is named in the report and how it is reached. */
export interface FleetTenant {
  /** Tenant id or domain, as given. */
  tenant: string;
  /** Display name in the report. */
  name: string;
  /** Resolved like a resource's connection (then `config`, then AZURE_* / ARM_*); its tenantId is the tenant's. */
  connection: ConnectionInput;
}

/** A tenant's outcome: its report, or the error that stopped it. */
export type FleetEntry = { tenant: FleetTenant; seconds: number } & (
  | { ok: true; header: ReportHeader; users(): AsyncIterable<UserMfaStatus> }
  | { ok: false; error: string }
);

/** What every fleet rendering reads: the summary first, then each tenant's users (replayable once per renderer). */
export interface FleetReport {
  generatedAt: string;
  summary: FleetSummary;
  entries: readonly FleetEntry[];
}

/** Coverage of enabled users, the four verdicts: what the fleet's pictures and tables show. */
export interface Coverage {
  covered: number;
  partial: number;
  reportOnly: number;
  notCovered: number;
}

/** One line of the fleet summary. Counts are `null` for a tenant that could not be read. */
export interface FleetTenantRow {
  name: string;
  tenant: string;
  /** The tenant as its report names it (the id or domain it was reached by). */
  tenantId: string | null;
  users: number | null;
  enabledUsers: number | null;
  coverage: Coverage | null;
  adminsNotCovered: number | null;
  mfaNotRegistered: number | null;
  mfaRegistrationUnknown: number | null;
  securityDefaults: boolean | null;
  systemPreferred: ReportSummary["systemPreferred"]["state"] | null;
  /** Why the tenant could not be read. */
  error: string | null;
  /** What the tenant's report could not read (it still stands). */
  warnings: string[];
}

export interface FleetSummary {
  tenants: FleetTenantRow[];
  /** Over the tenants that were read. */
  totals: {
    tenants: number;
    read: number;
    failed: number;
    users: number;
    enabledUsers: number;
    coverage: Coverage;
    adminsNotCovered: number;
    mfaNotRegistered: number;
    mfaRegistrationUnknown: number;
    securityDefaultsOn: number;
  };
}

export function coverageOf(s: ReportSummary): Coverage {
  const e = s.enabledUsers;
  return { covered: e.covered, partial: e.partial, reportOnly: e.reportOnlyOnly, notCovered: e.notCovered };
}

export function fleetSummary(entries: readonly FleetEntry[]): FleetSummary {
  const tenants = entries.map((e): FleetTenantRow => {
    const base = { name: e.tenant.name, tenant: e.tenant.tenant };
    if (!e.ok) {
      return {
        ...base,
        tenantId: null,
        users: null,
        enabledUsers: null,
        coverage: null,
        adminsNotCovered: null,
        mfaNotRegistered: null,
        mfaRegistrationUnknown: null,
        securityDefaults: null,
        systemPreferred: null,
        error: e.error,
        warnings: [],
      };
    }
    const s = e.header.summary;
    return {
      ...base,
      tenantId: e.header.tenantId,
      users: s.users.total,
      enabledUsers: s.users.enabled,
      coverage: coverageOf(s),
      adminsNotCovered: s.adminsNotCovered.length,
      mfaNotRegistered: s.enabledUsers.mfaNotRegistered,
      mfaRegistrationUnknown: s.enabledUsers.mfaRegistrationUnknown,
      securityDefaults: s.securityDefaults.isEnabled,
      systemPreferred: s.systemPreferred.state,
      error: null,
      warnings: s.warnings,
    };
  });
  const read = tenants.filter((t) => t.error === null);
  const sum = (pick: (t: FleetTenantRow) => number | null) => read.reduce((n, t) => n + (pick(t) ?? 0), 0);
  return {
    tenants,
    totals: {
      tenants: tenants.length,
      read: read.length,
      failed: tenants.length - read.length,
      users: sum((t) => t.users),
      enabledUsers: sum((t) => t.enabledUsers),
      coverage: {
        covered: sum((t) => t.coverage?.covered ?? 0),
        partial: sum((t) => t.coverage?.partial ?? 0),
        reportOnly: sum((t) => t.coverage?.reportOnly ?? 0),
        notCovered: sum((t) => t.coverage?.notCovered ?? 0),
      },
      adminsNotCovered: sum((t) => t.adminsNotCovered),
      mfaNotRegistered: sum((t) => t.mfaNotRegistered),
      mfaRegistrationUnknown: sum((t) => t.mfaRegistrationUnknown),
      securityDefaultsOn: read.filter((t) => t.securityDefaults).length,
    },
  };
}
