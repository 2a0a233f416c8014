// One entry per committed Graph mutation, with the tenant's MFA protection right after it.
import type { TenantStore } from "./store";
import { evaluateProtection } from "./mfa-evaluator";

export interface TimelineEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  /** The status the client was given (a commit-then-503 fault records 503: committed, but reported as failed). */
  status: number;
  requestId: string;
  unprotectedUserIds: string[];
  mfaEnforcedForAll: boolean;
}

export class Timeline {
  private readonly entries = new Map<string, TimelineEntry[]>();
  private seq = 0;

  record(tenant: TenantStore, e: { method: string; path: string; status: number; requestId: string }): TimelineEntry {
    const entry = { seq: ++this.seq, at: new Date().toISOString(), ...e, ...evaluateProtection(tenant) };
    const key = tenant.tenantId.toLowerCase();
    const entries = this.entries.get(key);
    if (entries) entries.push(entry);
    else this.entries.set(key, [entry]);
    return entry;
  }

  of(tenantId: string): TimelineEntry[] {
    return [...(this.entries.get(tenantId.toLowerCase()) ?? [])];
  }
}
