// Several customer tenants from one program: one `connection` per tenant. Each tenant's secret comes from stack config
// as a secret, so it is stored encrypted in state. What a connection leaves out (e.g. `entra-mfa:graphBaseUrl`) comes
// from stack config, as for a single tenant.
import * as pulumi from "@pulumi/pulumi";
import { ManagedMfaPolicy, SecurityDefaultsOff, SystemPreferredMfa } from "pulumi-entra-mfa";

interface TenantConfig {
  name: string;
  tenantId: string;
  clientId: string;
  breakGlassGroupId: string;
  /** The members of the break-glass group: the only people the hand-over may leave out. */
  breakGlassAccounts: string[];
}

const config = new pulumi.Config();
const tenants = config.requireObject<TenantConfig[]>("tenants");

export const policies: Record<string, pulumi.Output<string>> = {};
for (const tenant of tenants) {
  const connection = {
    tenantId: tenant.tenantId,
    clientId: tenant.clientId,
    clientSecret: config.requireSecret(`${tenant.name}ClientSecret`),
  };
  const mfa = new ManagedMfaPolicy(`${tenant.name}-mfa`, {
    includeAllUsers: true,
    excludeGroups: [tenant.breakGlassGroupId],
    connection,
  });
  // Where Security Defaults is on, it goes off as the managed policy goes on; where it is off, this changes nothing.
  new SecurityDefaultsOff(`${tenant.name}-security-defaults-off`, {
    handoverPolicyIds: [mfa.policyId],
    breakGlassAccounts: tenant.breakGlassAccounts,
    connection,
  });
  new SystemPreferredMfa(`${tenant.name}-system-preferred-mfa`, { state: "enabled", connection });
  policies[tenant.name] = mfa.policyId;
}
