// The Graph emulator as a child process (its CLI), and the HTTP control surface the demo reads the tenant through.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { trustEmulatorCa, type RequestLogEntry, type TenantFixture } from "../emulator";

export interface RunningEmulator {
  url: string;
  caCertPath: string;
  tenants: string[];
  process: ChildProcess;
}

/** Starts `entra-mfa-emulator --fixture FILE` and waits for the JSON line it prints when ready. */
export async function startEmulatorProcess(cli: string, fixture: string): Promise<RunningEmulator> {
  const child = spawn(process.execPath, [cli, "--fixture", fixture], { stdio: ["ignore", "pipe", "inherit"] });
  const ready = await new Promise<Omit<RunningEmulator, "process">>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve(JSON.parse(line)));
    child.once("exit", (code) => reject(new Error(`the emulator exited (code ${code}) before it was ready`)));
    child.once("error", reject);
  });
  // The demo reads the control surface over HTTPS: trust the emulator's CA in this process too.
  trustEmulatorCa(readFileSync(ready.caCertPath, "utf8"));
  return { ...ready, process: child };
}

/** The emulator's `/_emulator` control surface over HTTP. */
export class EmulatorControlClient {
  constructor(private readonly url: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/_emulator${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
    });
    if (!response.ok) throw new Error(`emulator control ${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  dump(tenantId: string): Promise<TenantFixture> {
    return this.call("GET", `/tenants/${tenantId}`);
  }

  unprotectedUsers(tenantId: string): Promise<string[]> {
    return this.call<{ unprotectedUserIds: string[] }>("GET", `/tenants/${tenantId}/protection`).then((p) => p.unprotectedUserIds);
  }

  requests(tenantId: string, sinceSeq: number): Promise<RequestLogEntry[]> {
    return this.call("GET", `/requests?tenantId=${tenantId}&sinceSeq=${sinceSeq}`);
  }

  setCaThrottle(requestsPerSecond: number): Promise<void> {
    return this.call("PUT", "/ca-throttle", { requestsPerSecond });
  }

  /** An access token for one of the tenant's apps, as the identity endpoint would issue it. */
  token(tenantId: string, clientId: string): Promise<string> {
    return this.call<{ access_token: string }>("POST", `/tenants/${tenantId}/tokens`, { clientId }).then((t) => t.access_token);
  }
}
