// A private CA and a server certificate for 127.0.0.1/localhost, generated once and reused from tlsDir, so a
// test process can trust the CA file (NODE_EXTRA_CA_CERTS) before the emulator even starts.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import { X509Certificate } from "node:crypto";
import * as selfsigned from "selfsigned";

export interface TlsMaterial {
  caCertPath: string;
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
}

const BUNDLE = "emulator-tls.json";
const CA_FILE = "ca.pem";
const LOCK = ".lock";
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

export function defaultTlsDir(): string {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(cache, "entra-mfa-emulator", "tls");
}

export async function loadOrCreateTls(dir = defaultTlsDir()): Promise<TlsMaterial> {
  fs.mkdirSync(dir, { recursive: true });
  const existing = readBundle(dir);
  if (existing) return existing;
  return withLock(dir, async () => readBundle(dir) ?? writeBundle(dir, await generate()));
}

/** Trusts the emulator's CA for every TLS client of this process (fetch, https, MSAL). */
export function trustEmulatorCa(pem: string): void {
  const current = tls.getCACertificates("default");
  if (current.some((c) => c.trim() === pem.trim())) return;
  tls.setDefaultCACertificates([...current, pem]);
}

type Bundle = { caCertPem: string; caKeyPem: string; serverCertPem: string; serverKeyPem: string };

function readBundle(dir: string): TlsMaterial | undefined {
  let bundle: Bundle;
  try {
    bundle = JSON.parse(fs.readFileSync(path.join(dir, BUNDLE), "utf8")) as Bundle;
  } catch {
    return undefined;
  }
  if (!stillValid(bundle)) return undefined;
  const caCertPath = path.join(dir, CA_FILE);
  if (!fs.existsSync(caCertPath) || fs.readFileSync(caCertPath, "utf8") !== bundle.caCertPem) {
    atomicWrite(caCertPath, bundle.caCertPem);
  }
  return { caCertPath, caCertPem: bundle.caCertPem, serverCertPem: bundle.serverCertPem, serverKeyPem: bundle.serverKeyPem };
}

function stillValid(bundle: Bundle): boolean {
  try {
    const ca = new X509Certificate(bundle.caCertPem);
    const server = new X509Certificate(bundle.serverCertPem);
    const horizon = Date.now() + RENEW_BEFORE_MS;
    return (
      server.verify(ca.publicKey) &&
      new Date(server.validTo).getTime() > horizon &&
      new Date(ca.validTo).getTime() > horizon &&
      server.checkIP("127.0.0.1") !== undefined &&
      server.checkHost("localhost") !== undefined
    );
  } catch {
    return false;
  }
}

function writeBundle(dir: string, bundle: Bundle): TlsMaterial {
  atomicWrite(path.join(dir, BUNDLE), JSON.stringify(bundle), 0o600);
  atomicWrite(path.join(dir, CA_FILE), bundle.caCertPem);
  const material = readBundle(dir);
  if (!material) throw new Error(`emulator TLS: could not persist certificates in ${dir}`);
  return material;
}

async function generate(): Promise<Bundle> {
  const notBeforeDate = new Date(Date.now() - 3600 * 1000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 825 * 24 * 3600 * 1000);
  const ca = await selfsigned.generate([{ name: "commonName", value: "entra-mfa-emulator local CA" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await selfsigned.generate([{ name: "commonName", value: "127.0.0.1" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  return { caCertPem: ca.cert, caKeyPem: ca.private, serverCertPem: server.cert, serverKeyPem: server.private };
}

function atomicWrite(file: string, content: string, mode = 0o644): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, content, { mode });
  fs.renameSync(tmp, file);
}

/** Serialises generation between processes starting at once (parallel test runs, a CLI and a test). */
async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(dir, LOCK);
  for (let attempt = 0; ; attempt++) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 30_000) fs.rmSync(lock, { recursive: true, force: true });
      else if (attempt > 600) throw new Error(`emulator TLS: ${lock} is held by another process`);
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
