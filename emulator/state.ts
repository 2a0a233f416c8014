// Everything one running emulator holds: tenants, token key, throttles, faults, logs and settings.
import type { TenantFixture, FixtureFile } from "./model";
import { TenantStore } from "./store";
import { TokenSigner } from "./jwt";
import { ConditionalAccessThrottle, DirectoryThrottle } from "./throttle";
import { FaultRegistry } from "./faults";
import { RequestLog } from "./request-log";
import { Timeline } from "./timeline";
import { Router } from "./router";
import { ROUTES } from "./routes";
import { loadTenants } from "./fixtures";

export interface Settings {
  latencyMs: number;
  caThrottle: { requestsPerSecond: number } | false;
  directoryThrottle: boolean;
  /** Judge every mutation for the timeline (the MFA evaluator reads every user: a bench of many writes turns it off). */
  timeline: boolean;
}

export class EmulatorState {
  readonly tenants = new Map<string, TenantStore>();
  readonly signer = new TokenSigner();
  readonly faults = new FaultRegistry();
  readonly log = new RequestLog();
  readonly timeline = new Timeline();
  readonly router = new Router(ROUTES);
  directoryThrottle = new DirectoryThrottle();
  caThrottle: ConditionalAccessThrottle | undefined;

  constructor(readonly settings: Settings) {
    this.setCaThrottle(settings.caThrottle);
  }

  setCaThrottle(opts: { requestsPerSecond: number } | false): void {
    if (opts !== false && !(opts.requestsPerSecond > 0)) throw new Error("caThrottle.requestsPerSecond must be positive");
    this.settings.caThrottle = opts;
    this.caThrottle = opts === false ? undefined : new ConditionalAccessThrottle(opts.requestsPerSecond);
  }

  load(fixture: FixtureFile | TenantFixture | string): TenantStore[] {
    const stores = loadTenants(fixture);
    for (const s of stores) this.tenants.set(s.tenantId.toLowerCase(), s);
    return stores;
  }

  /** By tenant id, or by one of its domains (as the identity endpoints accept). */
  tenant(idOrDomain: string): TenantStore | undefined {
    const key = idOrDomain.toLowerCase();
    return this.tenants.get(key) ?? [...this.tenants.values()].find((t) => t.domains.some((d) => d.toLowerCase() === key));
  }
}
