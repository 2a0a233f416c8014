import * as pulumi from "@pulumi/pulumi";

/**
 * How a resource reaches its tenant. Every field is optional: what is not given here comes from stack config
 * (the `azuread:` keys @pulumi/azuread users already set) and then from the AZURE_* / ARM_* environment.
 * Give one `connection` per tenant to manage several tenants from one program.
 */
export interface ConnectionArgs {
  tenantId?: pulumi.Input<string>;
  clientId?: pulumi.Input<string>;
  /** Stored as a secret in state. */
  clientSecret?: pulumi.Input<string>;
  /** PEM text of the certificate and its private key. Stored as a secret in state. */
  clientCertificate?: pulumi.Input<string>;
  clientCertificatePath?: pulumi.Input<string>;
  clientCertificatePassword?: pulumi.Input<string>;
  /** Workload identity federation (OIDC from CI): a token, or a file the CI refreshes. */
  useOidc?: pulumi.Input<boolean>;
  oidcToken?: pulumi.Input<string>;
  oidcTokenFilePath?: pulumi.Input<string>;
  useMsi?: pulumi.Input<boolean>;
  msiClientId?: pulumi.Input<string>;
  /** National cloud: public (default), usgovernment, dod, china. */
  cloud?: pulumi.Input<string>;
  /** Overrides for a custom endpoint, e.g. the local Graph emulator. */
  graphBaseUrl?: pulumi.Input<string>;
  authorityHost?: pulumi.Input<string>;
}

/** The whole connection goes to state as one secret, so a plain-string secret in it is never stored in clear. */
export function secretConnection(connection: pulumi.Input<ConnectionArgs> | undefined): pulumi.Input<ConnectionArgs> | undefined {
  return connection === undefined ? undefined : pulumi.secret(connection);
}

/** Resource options shared by every resource of this library. */
export function withSecretOutputs(opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "connection"] };
}
