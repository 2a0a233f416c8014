// The in-process control surface tests use to steer the emulator and read what happened.
import type { EmulatorState } from "./state";
import type { PerUserMfaOnUsers, TenantFixture } from "./model";
import type { TenantStore } from "./store";
import type { Fault, FaultSpec } from "./faults";
import type { RequestFilter, RequestLogEntry } from "./request-log";
import type { TimelineEntry } from "./timeline";
import { evaluateProtection, type Protection } from "./mfa-evaluator";
import { mintAccessToken } from "./identity";

export interface EmulatorControl {
  setLatency(ms: number): void;
  setCaThrottle(opts: { requestsPerSecond: number } | false): void;
  setDirectoryThrottle(on: boolean): void;
  injectFault(fault: FaultSpec): Fault;
  clearFaults(): void;
  faults(): Fault[];
  /** The tenant's state in fixture format (feed it back to startEmulator or loadTenant). */
  dump(tenantId: string): TenantFixture;
  timeline(tenantId: string): TimelineEntry[];
  /** MFA protection of the tenant as it is now (the same judge the timeline uses). */
  protection(tenantId: string): Protection;
  requests(filter?: RequestFilter): RequestLogEntry[];
  resetRequests(): void;
  /** The live store: change it to simulate edits made outside Pulumi (portal, another tool). */
  tenant(tenantId: string): TenantStore;
  tenantIds(): string[];
  /** How user reads answer `$select=perUserMfaState` from now on, and whose entries leave it out (ids or UPNs). */
  setPerUserMfaOnUsers(tenantId: string, mode: PerUserMfaOnUsers, omittedFor?: string[]): void;
  /** Adds or replaces a tenant. */
  loadTenant(tenant: TenantFixture): void;
  /** An access token as the token endpoint would issue it; a negative lifetime gives an expired one. */
  issueToken(tenantId: string, clientId: string, lifetimeSeconds?: number): string;
}

export function createControl(state: EmulatorState): EmulatorControl {
  const tenant = (id: string): TenantStore => {
    const t = state.tenant(id);
    if (!t) throw new Error(`emulator: no tenant "${id}" (known: ${[...state.tenants.values()].map((x) => x.tenantId).join(", ")})`);
    return t;
  };
  return {
    setLatency(ms) {
      if (!(ms >= 0)) throw new Error("latency must be a non-negative number of milliseconds");
      state.settings.latencyMs = ms;
    },
    setCaThrottle: (opts) => state.setCaThrottle(opts),
    setDirectoryThrottle(on) {
      state.settings.directoryThrottle = on;
    },
    injectFault: (f) => state.faults.inject(f),
    clearFaults: () => state.faults.clear(),
    faults: () => state.faults.list(),
    dump: (id) => tenant(id).toFixture(),
    timeline: (id) => state.timeline.of(tenant(id).tenantId),
    protection: (id) => evaluateProtection(tenant(id)),
    requests: (filter) => state.log.list(filter),
    resetRequests: () => state.log.reset(),
    tenant,
    tenantIds: () => [...state.tenants.values()].map((t) => t.tenantId),
    setPerUserMfaOnUsers(id, mode, omittedFor = []) {
      if (!["served", "omitted", "unknownProperty"].includes(mode)) throw new Error(`perUserMfaOnUsers must be served, omitted or unknownProperty, not "${String(mode)}"`);
      const t = tenant(id);
      const omitted = omittedFor.map((who) => {
        const user = t.user(who);
        if (!user) throw new Error(`emulator: tenant "${t.tenantId}" has no user "${who}"`);
        return String(user.id).toLowerCase();
      });
      t.perUserMfaOnUsers = mode;
      t.perUserMfaOmittedFor = new Set(omitted);
    },
    loadTenant(t) {
      state.load(t);
    },
    issueToken(id, clientId, lifetimeSeconds = 3599) {
      const t = tenant(id);
      const app = t.app(clientId);
      if (!app) throw new Error(`emulator: tenant "${t.tenantId}" has no app "${clientId}"`);
      return mintAccessToken(state, t, app, "https://graph.microsoft.com", lifetimeSeconds);
    },
  };
}
