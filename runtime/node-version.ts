// The Node.js versions this package runs on. The emulator's trust set-up (tls.getCACertificates and
// setDefaultCACertificates) arrived in Node.js 22.19 and 24.5, and the same floor holds for the whole package, so that
// every entry point (the library, the handlers, `entra-mfa`, the emulator and the test run) fails the same way, early,
// instead of with "tls.getCACertificates is not a function" halfway through.

export const SUPPORTED_NODE = "22.19 or newer on Node.js 22, or 24.5 or newer";
/** The lowest supported minor release of each major line; majors above the last one are supported. */
const FLOORS: ReadonlyArray<readonly [major: number, minor: number]> = [
  [22, 19],
  [24, 5],
];

export function isSupportedNode(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  const last = FLOORS[FLOORS.length - 1]!;
  if (major > last[0]) return true;
  const floor = FLOORS.find(([m]) => m === major);
  return floor !== undefined && minor >= floor[1];
}

/** What to tell the user when this Node.js is too old, or undefined when it will do. */
export function unsupportedNodeMessage(who: string, version = process.versions.node): string | undefined {
  if (isSupportedNode(version)) return undefined;
  return (
    `${who} needs Node.js ${SUPPORTED_NODE}; this is Node.js ${version}. ` +
    "Install Node.js 24 (nodejs.org, or your version manager: `nvm install 24`), then run the command again."
  );
}

/** For libraries: a clear error at load time. */
export function requireSupportedNode(who: string): void {
  const message = unsupportedNodeMessage(who);
  if (message) throw new Error(message);
}

/** For commands: the message on stderr and exit code 1, without a stack trace. */
export function exitUnlessSupportedNode(who: string): void {
  const message = unsupportedNodeMessage(who);
  if (!message) return;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
