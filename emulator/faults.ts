// Injected failures: matched by method and path prefix (after /v1.0 or /beta), each used `times` times.

interface FaultBase {
  method?: string;
  /** Prefix of the path after the version, e.g. "/identity/conditionalAccess/policies". */
  path: string;
  /** Default 1. */
  times?: number;
  /** Matching requests let through before the fault applies (default 0): "the fourth PATCH" is `skip: 3`. */
  skip?: number;
  /**
   * Once this fault has applied, every later request is dropped until the faults are cleared: the client died at
   * that request, so the tenant keeps exactly what had landed (tests kill the process meanwhile).
   */
  blackout?: boolean;
}

export type FaultSpec =
  | (FaultBase & { kind: "status"; status: 429 | 503 | 504; retryAfter?: number })
  | (FaultBase & { kind: "commit-then-status"; status: 503 | 504 })
  | (FaultBase & { kind: "drop" })
  | (FaultBase & { kind: "commit-then-drop" });

export type Fault = FaultSpec & { id: number; remaining: number; skipping: number };

const KINDS = ["status", "commit-then-status", "drop", "commit-then-drop"];

const BLACKOUT: Fault = { kind: "drop", path: "/", id: 0, remaining: Number.POSITIVE_INFINITY, skipping: 0 };

export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;
  private blackedOut = false;

  inject(spec: FaultSpec): Fault {
    if (!spec || typeof spec.path !== "string" || !KINDS.includes(spec.kind)) {
      throw new Error(`fault needs a path and a kind among ${KINDS.join(", ")}`);
    }
    if ((spec.kind === "status" || spec.kind === "commit-then-status") && ![429, 503, 504].includes(spec.status)) {
      throw new Error("fault status must be 429, 503 or 504");
    }
    if (spec.skip !== undefined && !(Number.isInteger(spec.skip) && spec.skip >= 0)) throw new Error("fault skip must be a non-negative integer");
    const fault = { ...spec, id: this.nextId++, remaining: spec.times ?? 1, skipping: spec.skip ?? 0 } as Fault;
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
    this.blackedOut = false;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** The first matching fault, used up once; a fault still skipping counts this request and lets it through. */
  take(method: string, path: string): Fault | undefined {
    if (this.blackedOut) return BLACKOUT;
    const matching = this.faults.filter(
      (f) => (!f.method || f.method.toUpperCase() === method.toUpperCase()) && path.toLowerCase().startsWith(f.path.toLowerCase()),
    );
    const due = matching.filter((f) => {
      if (f.skipping === 0) return true;
      f.skipping -= 1;
      return false;
    });
    const fault = due[0];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    if (fault.blackout) this.blackedOut = true;
    return fault;
  }
}
