// The emulator's public API: start an HTTPS Microsoft Graph + identity platform emulator loaded from a fixture.
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import type { FixtureFile, TenantFixture } from "./model";
import { EmulatorState } from "./state";
import { createControl, type EmulatorControl } from "./control";
import { requestListener } from "./server";
import { loadOrCreateTls, trustEmulatorCa } from "./tls";
import { requireSupportedNode } from "../runtime/node-version";

requireSupportedNode("The Graph emulator");

export interface EmulatorOptions {
  /** A fixture object, a bare tenant, or a path to a JSON file. */
  fixture: FixtureFile | TenantFixture | string;
  /** Default 0: a free port. */
  port?: number;
  /** Where the CA and server certificate live; default a per-user cache directory, reused across runs. */
  tlsDir?: string;
  /** Conditional Access throttle; default { requestsPerSecond: 1 } per tenant. */
  caThrottle?: { requestsPerSecond: number } | false;
  /** Added to every Graph and identity request; default 0. */
  latencyMs?: number;
  /** Identity-and-access resource-unit budgets and the reports limit (graph.md §5); default true. */
  directoryThrottle?: boolean;
  /**
   * Record the timeline (each mutation with the tenant's MFA protection right after it); default true. The judge
   * reads every user, so a bench of a thousand writes in a 50,000-user tenant turns it off to time the client.
   */
  timeline?: boolean;
}

export interface Emulator {
  /** https://127.0.0.1:PORT — both the Graph base URL and the authority host. */
  url: string;
  caCertPath: string;
  caCertPem: string;
  control: EmulatorControl;
  stop(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const state = new EmulatorState({
    latencyMs: opts.latencyMs ?? 0,
    caThrottle: opts.caThrottle ?? { requestsPerSecond: 1 },
    directoryThrottle: opts.directoryThrottle ?? true,
    timeline: opts.timeline ?? true,
  });
  state.load(opts.fixture);
  const tls = await loadOrCreateTls(opts.tlsDir);
  const control = createControl(state);
  const server = https.createServer({ key: tls.serverKeyPem, cert: tls.serverCertPem, keepAliveTimeout: 5000 }, requestListener(state, control));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    caCertPath: tls.caCertPath,
    caCertPem: tls.caCertPem,
    control,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export { trustEmulatorCa };
export { defaultTlsDir } from "./tls";
export { ALL_PERMISSIONS, PERMISSIONS } from "./permissions";
export { FixtureError } from "./fixtures";
export { evaluateProtection } from "./mfa-evaluator";
export type { EmulatorControl } from "./control";
export type { FaultSpec, Fault } from "./faults";
export type { RequestLogEntry, RequestFilter } from "./request-log";
export type { TimelineEntry } from "./timeline";
export type { TenantStore } from "./store";
export type * from "./model";
