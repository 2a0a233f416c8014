import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { X509Certificate } from "node:crypto";
import { startEmulator } from "../../emulator";
import { buildTenant } from "../support/fixtures";

describe("emulator TLS", function () {
  this.timeout(30_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-tls-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("creates a CA and a server certificate for 127.0.0.1 and localhost in tlsDir, and reuses them", async () => {
    const first = await startEmulator({ fixture: buildTenant(), tlsDir: dir });
    await first.stop();
    expect(first.caCertPath).to.equal(path.join(dir, "ca.pem"));
    expect(fs.readFileSync(first.caCertPath, "utf8")).to.equal(first.caCertPem);
    const ca = new X509Certificate(first.caCertPem);
    expect(ca.ca).to.equal(true);
    const second = await startEmulator({ fixture: buildTenant(), tlsDir: dir });
    await second.stop();
    expect(second.caCertPem).to.equal(first.caCertPem);
  });

  it("is trusted by a child process through NODE_EXTRA_CA_CERTS", async () => {
    const emu = await startEmulator({ fixture: buildTenant(), tlsDir: dir });
    try {
      const { execFile } = await import("node:child_process");
      const script = `fetch(${JSON.stringify(`${emu.url.replace("127.0.0.1", "localhost")}/${buildTenant().tenantId}/v2.0/.well-known/openid-configuration`)}).then(r => console.log(r.status), e => { console.log(e.cause?.code ?? e.message); })`;
      const out = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ["-e", script], { env: { ...process.env, NODE_EXTRA_CA_CERTS: emu.caCertPath } }, (err, stdout) => (err ? reject(err) : resolve(stdout.trim()))),
      );
      expect(out).to.equal("200");
    } finally {
      await emu.stop();
    }
  });
});
