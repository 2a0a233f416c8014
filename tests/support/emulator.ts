// Mocha helper: `const emu = useEmulator(() => fixture)` starts an emulator before the suite, trusts its CA in this
// process, and stops it after. Gives the URL, the control surface, the first tenant's id, connection objects for
// a named app, and a small fetch wrapper for tests that talk to Graph directly.
import {
  startEmulator,
  trustEmulatorCa,
  type Emulator,
  type EmulatorControl,
  type EmulatorOptions,
  type FixtureFile,
  type TenantFixture,
} from "../../emulator";

export interface Connection {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  graphBaseUrl: string;
  authorityHost: string;
}

export interface GraphCall {
  method?: string;
  body?: unknown;
  /** App by displayName or clientId; default the tenant's first app. */
  app?: string;
  tenantId?: string;
  headers?: Record<string, string>;
  /** "v1.0" unless the path starts with a version or is absolute. */
  version?: "v1.0" | "beta";
}

export interface GraphReply {
  status: number;
  headers: Headers;
  body: any;
}

export interface EmulatorHandle {
  readonly emulator: Emulator;
  readonly url: string;
  readonly control: EmulatorControl;
  /** The first tenant of the fixture. */
  readonly tenantId: string;
  /** Connection settings for an app (by displayName or clientId; default the tenant's first app). */
  connection(app?: string, tenantId?: string): Connection;
  /** An access token from the emulator's real token endpoint. */
  token(app?: string, tenantId?: string): Promise<string>;
  /** Calls Graph with a fresh token for the app. */
  graph(path: string, call?: GraphCall): Promise<GraphReply>;
}

export type FixtureSource = FixtureFile | TenantFixture | string;

export function useEmulator(fixture: () => FixtureSource, opts: Omit<EmulatorOptions, "fixture"> = {}): EmulatorHandle {
  let running: Emulator | undefined;
  const tokens = new Map<string, string>();
  const emu = (): Emulator => {
    if (!running) throw new Error("useEmulator: the emulator is not running (use it inside it/before hooks)");
    return running;
  };

  before(async function () {
    this.timeout(30_000);
    running = await startEmulator({ ...opts, fixture: fixture() });
    trustEmulatorCa(running.caCertPem);
  });
  after(async () => {
    await running?.stop();
    running = undefined;
    tokens.clear();
  });

  const handle: EmulatorHandle = {
    get emulator() {
      return emu();
    },
    get url() {
      return emu().url;
    },
    get control() {
      return emu().control;
    },
    get tenantId() {
      return emu().control.tenantIds()[0];
    },
    connection(app, tenantId = handle.tenantId) {
      const tenant = emu().control.tenant(tenantId);
      const found = app === undefined ? tenant.apps[0] : tenant.apps.find((a) => a.displayName === app || a.clientId === app);
      if (!found) throw new Error(`useEmulator: tenant ${tenantId} has no app "${app}"`);
      if (found.clientSecret === undefined) throw new Error(`useEmulator: app "${app}" has no client secret`);
      return { tenantId: tenant.tenantId, clientId: found.clientId, clientSecret: found.clientSecret, graphBaseUrl: emu().url, authorityHost: emu().url };
    },
    async token(app, tenantId) {
      const c = handle.connection(app, tenantId);
      const response = await fetch(`${c.authorityHost}/${c.tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: c.clientId, client_secret: c.clientSecret, scope: "https://graph.microsoft.com/.default" }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (!body.access_token) throw new Error(`useEmulator: token request failed: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    async graph(path, call = {}) {
      const key = `${call.tenantId ?? handle.tenantId}/${call.app ?? ""}`;
      let token = tokens.get(key);
      if (!token) tokens.set(key, (token = await handle.token(call.app, call.tenantId)));
      const url = /^https:/.test(path) ? path : /^\/(v1\.0|beta)\//.test(path) ? `${emu().url}${path}` : `${emu().url}/${call.version ?? "v1.0"}${path}`;
      const response = await fetch(url, {
        method: call.method ?? (call.body === undefined ? "GET" : "POST"),
        headers: { Authorization: `Bearer ${token}`, ...(call.body !== undefined ? { "Content-Type": "application/json" } : {}), ...call.headers },
        body: call.body === undefined ? undefined : typeof call.body === "string" ? call.body : JSON.stringify(call.body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    },
  };
  return handle;
}
