import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

export const CHROMIUM = "/usr/bin/chromium";

/** Headless flags that keep Chromium off the network and away from any profile. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install the Debian package "chromium" (apt-get install -y chromium) to run the HTML report browser tests`);
  }
}

function withProfile<T>(run: (profileDir: string) => T): T {
  const profile = mkdtempSync(join(tmpdir(), "entra-mfa-chromium-"));
  try {
    return run(profile);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The DOM after the page's scripts ran (`--dump-dom`). */
export function dumpDom(file: string): string {
  requireChromium();
  return withProfile((profile) => {
    const result = spawnSync(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, "--dump-dom", `file://${file}`], {
      encoding: "utf8",
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`chromium --dump-dom exited ${result.status}: ${result.stderr}`);
    return result.stdout;
  });
}

/**
 * A page driven through the DevTools protocol over `--remote-debugging-pipe` (fd 3 in, fd 4 out, NUL-separated JSON),
 * so a test can click and type like a person and read the page back.
 */
export class BrowserPage {
  private nextId = 1;
  private buffer = "";
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private sessionId = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    (child.stdio[4] as Readable).on("data", (chunk: Buffer) => this.receive(chunk.toString("utf8")));
    child.once("exit", (code, signal) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`chromium exited (code ${code}, signal ${signal})`));
      this.pending.clear();
    });
    child.once("error", (error) => {
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    });
  }

  /** `windowWidth`: the browser window's width in CSS pixels (Chromium's default otherwise). */
  static async open(file: string, loadTimeoutMs = 10_000, windowWidth?: number): Promise<BrowserPage> {
    requireChromium();
    const profile = mkdtempSync(join(tmpdir(), "entra-mfa-chromium-"));
    const size = windowWidth ? [`--window-size=${windowWidth},900`] : [];
    const child = spawn(CHROMIUM, [...FLAGS, ...size, `--user-data-dir=${profile}`, "--remote-debugging-pipe", "about:blank"], {
      stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"],
    });
    const page = new BrowserPage(child, profile);
    const { targetId } = (await page.send("Target.createTarget", { url: `file://${file}` })) as { targetId: string };
    const { sessionId } = (await page.send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
    page.sessionId = sessionId;
    // The new target starts as about:blank, already "complete": wait until it is our document that has loaded.
    await page.waitFor(`location.href === ${JSON.stringify(`file://${file}`)} && document.readyState === "complete"`, loadTimeoutMs);
    return page;
  }

  /** Evaluates an expression in the page and returns its (JSON-serialisable) value. */
  async eval<T>(expression: string): Promise<T> {
    const reply = (await this.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true }, this.sessionId)) as {
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (reply.exceptionDetails) throw new Error(`page threw: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text}`);
    return reply.result.value;
  }

  async waitFor(condition: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.eval<boolean>(`Boolean(${condition})`))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${condition}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    const exited = new Promise((r) => this.child.once("exit", r));
    await this.send("Browser.close", {}).catch(() => undefined);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (this.child.exitCode === null) this.child.kill();
    rmSync(this.profile, { recursive: true, force: true });
  }

  private send(method: string, params: object, sessionId?: string): Promise<unknown> {
    const id = this.nextId++;
    const message = JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.child.stdio[3] as Writable).write(message + "\0");
    });
  }

  private receive(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf("\0")) >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end)) as { id?: number; result?: unknown; error?: { message: string } };
      this.buffer = this.buffer.slice(end + 1);
      const waiter = message.id !== undefined ? this.pending.get(message.id) : undefined;
      if (!waiter) continue;
      this.pending.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    }
  }
}
