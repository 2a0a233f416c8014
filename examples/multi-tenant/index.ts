// Two customer tenants from one program: one `connection` per tenant. Each tenant's secret comes from stack config
// as a secret, so it is stored encrypted in state.
import * as pulumi from "@pulumi/pulumi";
import { ManagedMfaPolicy, SystemPreferredMfa } from "pulumi-entra-mfa";

interface TenantConfig {
  name: string;
  tenantId: string;
  clientId: string;
  breakGlassGroupId: string;
}

const config = new pulumi.Config();
const tenants = config.requireObject<TenantConfig[]>("tenants");

export const policies: Record<string, pulumi.Output<string>> = {};
for (const tenant of tenants) {
  const connection = {
    tenantId: tenant.tenantId,
    clientId: tenant.clientId,
    clientSecret: config.requireSecret(`${tenant.name}ClientSecret`),
    graphBaseUrl: config.get("graphBaseUrl"),
    authorityHost: config.get("authorityHost"),
  };
  const mfa = new ManagedMfaPolicy(`${tenant.name}-mfa`, {
    includeAllUsers: true,
    excludeGroups: [tenant.breakGlassGroupId],
    connection,
  });
  new SystemPreferredMfa(`${tenant.name}-system-preferred-mfa`, { state: "enabled", connection });
  policies[tenant.name] = mfa.policyId;
}
