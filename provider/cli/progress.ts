import type { RetryEvent } from "../graph";
import { onGraphRetry } from "../handlers/context";
import type { CollectProgress, FleetEvent, FleetTenant } from "../report";

const number = (n: number) => n.toLocaleString("en-US");

export function progressLine(p: Readonly<CollectProgress>): string {
  const users = `users ${number(p.usersRead)}${p.usersTotal !== undefined ? " (all)" : ""} read`;
  // Per-user MFA comes with the users; batches of it are read only for users whose listing lacked it.
  const batches = p.mfaBatchesDone > 0 || (p.mfaBatchesTotal ?? 0) > 0
    ? [`per-user MFA batches ${number(p.mfaBatchesDone)}${p.mfaBatchesTotal !== undefined ? `/${number(p.mfaBatchesTotal)}` : ""}`]
    : [];
  const registrations = `registration rows ${number(p.registrationsRead)}${p.registrationsDone ? " (done)" : ""}`;
  return [users, ...batches, registrations].join(" · ");
}

/**
 * Progress on stderr: one line rewritten in place on a terminal (at most 5 times a second), else a line every 5 s,
 * so a CI log shows the run is alive without drowning in it.
 */
export function stderrProgress(stream: NodeJS.WriteStream = process.stderr) {
  const tty = stream.isTTY === true;
  const interval = tty ? 200 : 5_000;
  let last = 0;
  let latest: Readonly<CollectProgress> | undefined;
  let shown = "";
  const show = (line: string) => {
    if (line === shown) return;
    shown = line;
    stream.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
  };
  return {
    update(p: Readonly<CollectProgress>) {
      latest = p;
      const now = Date.now();
      if (now - last < interval) return;
      last = now;
      show(progressLine(p));
    },
    done() {
      if (latest) show(progressLine(latest));
      if (tty && shown) stream.write("\n");
    },
  };
}

export function retryLine(e: RetryEvent): string {
  return `entra-mfa: ${e.method} ${e.path}: attempt ${e.attempt} failed (${e.reason}); trying again in ${(e.delayMs / 1000).toFixed(1)} s`;
}

/** Says each Graph retry on stderr, so a slow answer is not silence. Returns the function that stops it. */
export function stderrRetries(stream: NodeJS.WritableStream = process.stderr): () => void {
  return onGraphRetry((e) => stream.write(`${retryLine(e)}\n`));
}

/**
 * A fleet's progress on stderr, each line naming its tenant: when it starts, its collector's progress at most every
 * 5 s, and when it is done or failed (with the error). On a terminal the progress lines are left out: 100 tenants
 * would scroll the outcomes away.
 */
export function stderrFleetProgress(total: number, stream: NodeJS.WriteStream = process.stderr) {
  const tty = stream.isTTY === true;
  const last = new Map<string, number>();
  let finished = 0;
  const say = (line: string) => stream.write(`${line}\n`);
  return (tenant: FleetTenant, event: FleetEvent) => {
    const who = `entra-mfa: [${tenant.name}]`;
    switch (event.kind) {
      case "started":
        if (!tty) say(`${who} reading ${tenant.tenant}`);
        return;
      case "progress": {
        const now = Date.now();
        if (tty || now - (last.get(tenant.tenant) ?? 0) < 5_000) return;
        last.set(tenant.tenant, now);
        say(`${who} ${progressLine(event.progress)}`);
        return;
      }
      case "done":
        say(`${who} done (${++finished}/${total}): ${number(event.users)} users in ${event.seconds.toFixed(1)} s`);
        return;
      case "failed":
        say(`${who} FAILED (${++finished}/${total}) after ${event.seconds.toFixed(1)} s: ${event.error}`);
        return;
    }
  };
}
