import { readFileSync } from "node:fs";
import type { ConnectionInput } from "../graph";
import { UsageError, type Options } from "./usage";

/** How every command reaches a tenant: these flags, then AZURE_* / ARM_* variables, as the resources resolve it. */
export const CONNECTION_OPTIONS = {
  tenant: { type: "string" },
  "client-id": { type: "string" },
  "client-secret-file": { type: "string" },
  "certificate-path": { type: "string" },
  "use-msi": { type: "boolean" },
  cloud: { type: "string" },
  "graph-base-url": { type: "string" },
  "authority-host": { type: "string" },
} as const satisfies Options;

export const CONNECTION_HELP = `Connection (each falls back to the environment, as the resources do):
  --tenant ID               tenant id or domain (AZURE_TENANT_ID, ARM_TENANT_ID)
  --client-id ID            application (client) id (AZURE_CLIENT_ID, ARM_CLIENT_ID)
  --client-secret-file FILE read the client secret from FILE; else AZURE_CLIENT_SECRET or ARM_CLIENT_SECRET
                            (there is no --client-secret: a secret on the command line lands in shell history)
  --certificate-path FILE   PEM certificate with its private key (AZURE_CLIENT_CERTIFICATE_PATH)
  --use-msi                 managed identity (ARM_USE_MSI)
  --cloud NAME              public, usgovernment, dod or china (ARM_ENVIRONMENT)
  --graph-base-url URL      Graph's https origin, e.g. an emulator's
  --authority-host URL      the token issuer's https origin (AZURE_AUTHORITY_HOST)
  With no credential at all, the DefaultAzureCredential chain is used (e.g. az login).`;

type ConnectionValues = { [K in keyof typeof CONNECTION_OPTIONS]?: (typeof CONNECTION_OPTIONS)[K]["type"] extends "boolean" ? boolean : string };

export function connectionOf(values: ConnectionValues): ConnectionInput {
  const connection: ConnectionInput = {
    tenantId: values.tenant,
    clientId: values["client-id"],
    clientCertificatePath: values["certificate-path"],
    useMsi: values["use-msi"],
    cloud: values.cloud,
    graphBaseUrl: values["graph-base-url"],
    authorityHost: values["authority-host"],
  };
  const secretFile = values["client-secret-file"];
  if (secretFile !== undefined) {
    try {
      connection.clientSecret = readFileSync(secretFile, "utf8").trim();
    } catch (e) {
      throw new UsageError(`--client-secret-file ${secretFile}: ${(e as Error).message}`);
    }
    if (!connection.clientSecret) throw new UsageError(`--client-secret-file ${secretFile} is empty`);
  }
  return Object.fromEntries(Object.entries(connection).filter(([, v]) => v !== undefined)) as ConnectionInput;
}
