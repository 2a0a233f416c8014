// Every tenant in one report: each tenant's report collected as the single-tenant report is, all tenants at once.
// Graph's budgets belong to the app and tenant (graph/budget.ts, graph/pacer.ts), so reading tenants side by side
// costs no tenant any of its budget; a tenant that fails is kept with its error and the others go on.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConfigSource } from "../graph";
import type { CollectOptions, CollectProgress } from "./collect";
import type { ReportHeader, UserMfaStatus } from "./model";
import type { SpooledReport } from "./pipeline";
import { spoolMfaStatus } from "./status";
import { fleetSummary, type FleetEntry, type FleetSummary, type FleetTenant } from "./fleet-summary";

export type FleetEvent =
  | { kind: "started" }
  | { kind: "progress"; progress: Readonly<CollectProgress> }
  | { kind: "done"; users: number; seconds: number }
  | { kind: "failed"; error: string; seconds: number };

export interface FleetArgs extends Omit<CollectOptions, "onProgress" | "managedPolicyId"> {
  tenants: readonly FleetTenant[];
  /**
   * Tenants read at once; default 16. Each is paced by its own budgets, not by the others, so this does not slow any
   * tenant's Graph reads: it bounds the process's memory and CPU (past a dozen tenants at once, evaluating and
   * spooling users, not Graph, sets the pace).
   */
  tenantConcurrency?: number;
  config?: ConfigSource;
  onTenant?: (tenant: FleetTenant, event: FleetEvent) => void;
  generatedAt?: Date;
}

export interface SpooledFleet {
  generatedAt: string;
  /** In the order of the tenants given. */
  entries: FleetEntry[];
  summary: FleetSummary;
  /** Deletes every tenant's spool. */
  dispose(): Promise<void>;
}

export interface FleetMfaStatus {
  generatedAt: string;
  summary: FleetSummary;
  tenants: ({ tenant: string; name: string; seconds: number } & ({ ok: true; header: ReportHeader; users: UserMfaStatus[] } | { ok: false; error: string }))[];
}

const DEFAULT_TENANT_CONCURRENCY = 16;

/**
 * Reads every tenant (never writes) and evaluates every user, each tenant's users spooled to a private file. A
 * tenant's failure (no consent, no licence, wrong credentials, unreachable) becomes its entry's error.
 */
export async function spoolFleetMfaStatus(args: FleetArgs): Promise<SpooledFleet> {
  if (args.tenants.length === 0) throw new Error("getFleetMfaStatus: no tenants given");
  const generatedAt = args.generatedAt ?? new Date();
  const spoolDir = await mkdtemp(join(args.spoolDir ?? tmpdir(), "entra-mfa-fleet-"));
  const reports: SpooledReport[] = [];
  const entries: FleetEntry[] = new Array(args.tenants.length);
  const readOne = async (index: number) => {
    const tenant = args.tenants[index]!;
    const began = performance.now();
    const seconds = () => (performance.now() - began) / 1000;
    args.onTenant?.(tenant, { kind: "started" });
    try {
      const report = await spoolMfaStatus({
        concurrency: args.concurrency,
        pageSize: args.pageSize,
        managedPolicyName: args.managedPolicyName,
        connection: { ...tenant.connection, tenantId: tenant.tenant },
        config: args.config,
        spoolDir,
        generatedAt,
        onProgress: (progress) => args.onTenant?.(tenant, { kind: "progress", progress }),
      });
      reports.push(report);
      entries[index] = { tenant, seconds: seconds(), ok: true, header: report.header, users: report.users };
      args.onTenant?.(tenant, { kind: "done", users: report.header.summary.users.total, seconds: seconds() });
    } catch (e) {
      const error = (e as Error).message ?? String(e);
      entries[index] = { tenant, seconds: seconds(), ok: false, error };
      args.onTenant?.(tenant, { kind: "failed", error, seconds: seconds() });
    }
  };
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < args.tenants.length; i = next++) await readOne(i);
  };
  const width = Math.max(1, Math.min(args.tenantConcurrency ?? DEFAULT_TENANT_CONCURRENCY, args.tenants.length));
  await Promise.all(Array.from({ length: width }, worker));
  return {
    generatedAt: generatedAt.toISOString(),
    entries,
    summary: fleetSummary(entries),
    dispose: async () => {
      await Promise.all(reports.map((r) => r.dispose()));
      await rm(spoolDir, { recursive: true, force: true });
    },
  };
}

/** The fleet report for programs, every user in memory. For many large tenants prefer `spoolFleetMfaStatus`. */
export async function getFleetMfaStatus(args: FleetArgs): Promise<FleetMfaStatus> {
  const fleet = await spoolFleetMfaStatus(args);
  try {
    const tenants: FleetMfaStatus["tenants"] = [];
    for (const e of fleet.entries) {
      const base = { tenant: e.tenant.tenant, name: e.tenant.name, seconds: e.seconds };
      if (!e.ok) {
        tenants.push({ ...base, ok: false, error: e.error });
        continue;
      }
      const users: UserMfaStatus[] = [];
      for await (const u of e.users()) users.push(u);
      tenants.push({ ...base, ok: true, header: e.header, users });
    }
    return { generatedAt: fleet.generatedAt, summary: fleet.summary, tenants };
  } finally {
    await fleet.dispose();
  }
}
