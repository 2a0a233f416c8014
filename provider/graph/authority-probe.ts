// Why no token can be had, when the identity platform's own answer does not say. MSAL reports a tenant that does
// not exist, a port where nothing listens and a certificate Node.js does not trust all as
// `endpoints_resolution_error`, and only after @azure/identity's retries. One GET of the tenant's OpenID
// configuration, the document MSAL fetches first, tells them apart within seconds.
import * as https from "node:https";
import type { ResolvedConnection } from "./connection";

export interface AuthorityProblem {
  /** What went wrong, in the words of whoever said it (the identity platform, the socket, TLS). */
  cause: string;
  /** What to do about it. */
  fix: string;
  aadstsCode?: string;
}

const UNTRUSTED = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "CERT_UNTRUSTED",
]);

export const PROBE_TIMEOUT_MS = 10_000;

/** The problem with the connection's authority, or undefined when its OpenID configuration is served. */
export function probeAuthority(connection: ResolvedConnection, timeoutMs = PROBE_TIMEOUT_MS): Promise<AuthorityProblem | undefined> {
  const { authorityHost, tenantId, sources } = connection;
  const url = `${authorityHost}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`;
  const hostFrom = sources.authorityHost ? ` (${sources.authorityHost})` : "";
  const tenantFrom = sources.tenantId ? ` (${sources.tenantId})` : "";
  return new Promise((resolve) => {
    const request = https.get(url, { timeout: timeoutMs }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        if (response.statusCode === 200) return resolve(undefined);
        const described = identityError(body);
        const aadstsCode = /AADSTS\d+/.exec(described ?? "")?.[0];
        resolve({
          cause: `${url} answered ${response.statusCode}${described ? `: ${described}` : ""}`,
          fix:
            aadstsCode === "AADSTS90002"
              ? `check the tenant id${tenantFrom}: use the directory (tenant) id or a verified domain of the tenant, in the right cloud`
              : `check the tenant id${tenantFrom} and the authority host${hostFrom}`,
          ...(aadstsCode ? { aadstsCode } : {}),
        });
      });
      response.on("error", (e) => resolve(socketProblem(e as NodeJS.ErrnoException, authorityHost, hostFrom)));
    });
    request.on("timeout", () => {
      request.destroy();
      resolve({
        cause: `no answer from ${authorityHost} within ${timeoutMs / 1000} s`,
        fix: `check the authority host${hostFrom} and that this machine can reach it (proxy, firewall)`,
      });
    });
    request.on("error", (e) => resolve(socketProblem(e as NodeJS.ErrnoException, authorityHost, hostFrom)));
  });
}

function socketProblem(e: NodeJS.ErrnoException, host: string, hostFrom: string): AuthorityProblem {
  const code = e.code ?? "";
  if (code === "ECONNREFUSED")
    return {
      cause: `nothing is listening at ${host} (ECONNREFUSED)`,
      fix: `check the authority host${hostFrom}; with the emulator: is it running, on that port?`,
    };
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return { cause: `the host of ${host} cannot be resolved (${code})`, fix: `check the authority host${hostFrom} and this machine's DNS` };
  if (UNTRUSTED.has(code) || /certificate/i.test(e.message))
    return {
      cause: `the TLS certificate of ${host} is not trusted by Node.js (${code || e.message})`,
      fix:
        "with the emulator, set NODE_EXTRA_CA_CERTS to the caCertPath it printed when it started " +
        "(e.g. NODE_EXTRA_CA_CERTS=~/.cache/entra-mfa-emulator/tls/ca.pem); behind a TLS-inspecting proxy, to the proxy's CA",
    };
  return { cause: `${host}: ${code ? `${code} ` : ""}${e.message}`, fix: `check the authority host${hostFrom}` };
}

/** `error_description` of an identity-platform error body, without its trace ids and timestamps. */
function identityError(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: string; error_description?: string };
    const text = parsed.error_description ?? parsed.error;
    return text === undefined ? undefined : withoutTraceIds(text);
  } catch {
    return undefined;
  }
}

/** An identity-platform message up to its trace id, correlation id and timestamp, which differ on every try. */
export function withoutTraceIds(message: string): string {
  return message.split(/\r?\n|\s+(?:Trace ID|Correlation ID|Timestamp):/)[0]!.trim();
}
