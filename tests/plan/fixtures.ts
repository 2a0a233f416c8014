// Hand-built tenant snapshots: policies shaped the way Graph returns them (server-filled [] and null).

import type { ConditionalAccessGrantControls, ConditionalAccessPolicy, ConditionalAccessUsers } from "../../provider/graph/types";
import { validateManagedMfaPolicy, type ManagedMfaPolicyArgs, type ManagedMfaPolicySpec } from "../../provider/plan/inputs";

let counter = 0;
/** A fresh GUID-shaped id, distinct per call; `tag` makes failures readable. */
export function id(tag = 0): string {
  counter += 1;
  return `${String(tag).padStart(8, "0")}-0000-4000-8000-${String(counter).padStart(12, "0")}`;
}

export const MFA_STRENGTH = "00000000-0000-0000-0000-000000000002";
export const PHISHING_RESISTANT = "00000000-0000-0000-0000-000000000004";
export const GLOBAL_ADMIN_ROLE = "62e90394-69f5-4237-9190-012177145e10";

export function grant(operator: "AND" | "OR", builtInControls: string[], strengthId?: string): ConditionalAccessGrantControls {
  return {
    operator,
    builtInControls: builtInControls as ConditionalAccessGrantControls["builtInControls"],
    customAuthenticationFactors: [],
    termsOfUse: [],
    ...(strengthId
      ? {
          "authenticationStrength@odata.context": "https://graph.microsoft.com/v1.0/$metadata#...",
          authenticationStrength: { id: strengthId, displayName: "strength", requirementsSatisfied: "mfa" },
        }
      : {}),
  };
}

export function users(u: Partial<ConditionalAccessUsers>): ConditionalAccessUsers {
  return {
    includeUsers: [],
    excludeUsers: [],
    includeGroups: [],
    excludeGroups: [],
    includeRoles: [],
    excludeRoles: [],
    includeGuestsOrExternalUsers: null,
    excludeGuestsOrExternalUsers: null,
    ...u,
  };
}

export interface PolicyOptions {
  displayName?: string;
  state?: ConditionalAccessPolicy["state"];
  users?: Partial<ConditionalAccessUsers>;
  grantControls?: ConditionalAccessGrantControls | null;
  includeApplications?: string[];
  sessionControls?: unknown;
  conditions?: Record<string, unknown>;
}

export function policy(o: PolicyOptions = {}): ConditionalAccessPolicy {
  return {
    id: id(1),
    displayName: o.displayName ?? "Some policy",
    state: o.state ?? "enabled",
    createdDateTime: "2024-01-02T03:04:05.1234567Z",
    modifiedDateTime: null,
    templateId: null,
    description: null,
    sessionControls: o.sessionControls ?? null,
    conditions: {
      clientAppTypes: ["all"],
      signInRiskLevels: [],
      userRiskLevels: [],
      servicePrincipalRiskLevels: [],
      platforms: null,
      locations: null,
      devices: null,
      clientApplications: null,
      authenticationFlows: null,
      applications: {
        includeApplications: o.includeApplications ?? ["All"],
        excludeApplications: [],
        includeUserActions: [],
        includeAuthenticationContextClassReferences: [],
        applicationFilter: null,
      },
      users: users(o.users ?? { includeUsers: ["All"] }),
      ...o.conditions,
    },
    grantControls: o.grantControls === undefined ? grant("OR", ["mfa"]) : o.grantControls,
  };
}

/** A validated spec; fails the test when the args do not validate. */
export function spec(args: ManagedMfaPolicyArgs = {}): ManagedMfaPolicySpec {
  const checked = validateManagedMfaPolicy({ includeAllUsers: true, ...args });
  if (checked.failures.length) throw new Error(`fixture spec invalid: ${JSON.stringify(checked.failures)}`);
  return checked.spec;
}

export const BREAK_GLASS = "b0000000-0000-4000-8000-00000000b6a5";
