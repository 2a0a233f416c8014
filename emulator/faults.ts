// Injected failures: matched by method and path prefix (after /v1.0 or /beta), each used `times` times.

interface FaultBase {
  method?: string;
  /** Prefix of the path after the version, e.g. "/identity/conditionalAccess/policies". */
  path: string;
  /** Default 1. */
  times?: number;
}

export type FaultSpec =
  | (FaultBase & { kind: "status"; status: 429 | 503 | 504; retryAfter?: number })
  | (FaultBase & { kind: "commit-then-status"; status: 503 | 504 })
  | (FaultBase & { kind: "drop" })
  | (FaultBase & { kind: "commit-then-drop" });

export type Fault = FaultSpec & { id: number; remaining: number };

const KINDS = ["status", "commit-then-status", "drop", "commit-then-drop"];

export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  inject(spec: FaultSpec): Fault {
    if (!spec || typeof spec.path !== "string" || !KINDS.includes(spec.kind)) {
      throw new Error(`fault needs a path and a kind among ${KINDS.join(", ")}`);
    }
    if ((spec.kind === "status" || spec.kind === "commit-then-status") && ![429, 503, 504].includes(spec.status)) {
      throw new Error("fault status must be 429, 503 or 504");
    }
    const fault = { ...spec, id: this.nextId++, remaining: spec.times ?? 1 } as Fault;
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** The first matching fault, used up once. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) => (!f.method || f.method.toUpperCase() === method.toUpperCase()) && path.toLowerCase().startsWith(f.path.toLowerCase()),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}
