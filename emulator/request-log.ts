// Every Graph and identity request served (control routes excluded), for "zero writes" assertions and benchmarks.

export interface RequestLogEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: string;
  /** "v1.0" | "beta" for Graph; "identity" for the token and discovery endpoints. */
  version: string;
  /** 0 when the connection was dropped by a fault. */
  status: number;
  tenantId?: string;
  appId?: string;
  write: boolean;
  batchItem: boolean;
  durationMs: number;
  requestId: string;
}

export interface RequestFilter {
  method?: string;
  pathPrefix?: string;
  version?: string;
  tenantId?: string;
  write?: boolean;
  batchItem?: boolean;
  status?: number;
  sinceSeq?: number;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  add(entry: Omit<RequestLogEntry, "seq" | "at">, startedAt: Date): RequestLogEntry {
    const full = { seq: ++this.seq, at: startedAt.toISOString(), ...entry };
    this.entries.push(full);
    return full;
  }

  list(filter: RequestFilter = {}): RequestLogEntry[] {
    return this.entries.filter(
      (e) =>
        (filter.method === undefined || e.method.toUpperCase() === filter.method.toUpperCase()) &&
        (filter.pathPrefix === undefined || e.path.toLowerCase().startsWith(filter.pathPrefix.toLowerCase())) &&
        (filter.version === undefined || e.version === filter.version) &&
        (filter.tenantId === undefined || e.tenantId?.toLowerCase() === filter.tenantId.toLowerCase()) &&
        (filter.write === undefined || e.write === filter.write) &&
        (filter.batchItem === undefined || e.batchItem === filter.batchItem) &&
        (filter.status === undefined || e.status === filter.status) &&
        (filter.sinceSeq === undefined || e.seq > filter.sinceSeq),
    );
  }

  reset(): void {
    this.entries = [];
  }
}
