import type { RetryEvent } from "../graph";
import { onGraphRetry } from "../handlers/context";
import type { CollectProgress } from "../report";

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
