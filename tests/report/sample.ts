import type { DirectorySnapshot } from "../../provider/report/directory";
import { GLOBAL_ADMIN, guest, member, policy, registered, tenant } from "./tenant";

/** Display names a hostile or careless directory can hold: each one breaks a renderer that does not quote or escape. */
export const HOSTILE_NAMES = {
  csv: 'Smith, "Bob"\r\nJr.',
  script: "<script>document.title='pwned'</script>",
  img: `"><img src=x onerror="document.body.setAttribute('data-pwned','1')">`,
  formula: "=HYPERLINK(\"http://evil.example\",\"click\")",
  terminal: "Eve\x1b[2J\x1b[31mred",
  long: "A display name that is much longer than any terminal column could hold",
};

/** A small tenant with one user of every kind the report distinguishes, and hostile text in the names. */
export function sampleTenant(): DirectorySnapshot {
  return tenant({
    users: [
      member("u-csv", { displayName: HOSTILE_NAMES.csv }),
      member("u-script", { displayName: HOSTILE_NAMES.script, userPrincipalName: "script<b>@contoso.example" }),
      member("u-img", { displayName: HOSTILE_NAMES.img }),
      member("u-formula", { displayName: HOSTILE_NAMES.formula }),
      member("u-terminal", { displayName: HOSTILE_NAMES.terminal }),
      member("u-long", { displayName: HOSTILE_NAMES.long, userPrincipalName: "a.very.long.user.principal.name.indeed@contoso.example" }),
      member("u-admin-gap"),
      member("u-admin-ok"),
      member("u-disabled", { accountEnabled: false }),
      guest("u-guest"),
      member("u-partial"),
      member("u-report-only"),
    ],
    groups: {
      "g-staff": { displayName: "Staff, \"all\"", transitiveUserIds: ["u-csv", "u-script", "u-img", "u-formula", "u-terminal", "u-long", "u-admin-ok", "u-disabled"] },
      "g-breakglass": { displayName: "Break glass <accounts>", transitiveUserIds: ["u-admin-gap"] },
    },
    directoryRoles: { [GLOBAL_ADMIN]: { displayName: "Global Administrator", memberUserIds: ["u-admin-gap", "u-admin-ok"] } },
    policies: [
      policy({ id: "p-staff", displayName: "Require MFA: staff", users: { includeGroups: ["g-staff"] } }),
      policy({ id: "p-admins", displayName: "Require MFA: admins", users: { includeRoles: [GLOBAL_ADMIN], excludeGroups: ["g-breakglass"] } }),
      policy({ id: "p-guests", displayName: "Require MFA: guests", users: { includeUsers: ["GuestsOrExternalUsers"] } }),
      policy({ id: "p-o365", displayName: "MFA for Office", users: { includeUsers: ["u-partial"] }, applications: { includeApplications: ["Office365"] } }),
      policy({ id: "p-pilot", displayName: "Pilot", state: "enabledForReportingButNotEnforced", users: { includeUsers: ["u-report-only"] } }),
    ],
    managedPolicyId: "p-staff",
    registrations: {
      "u-csv": registered("u-csv", ["microsoftAuthenticatorPush", "sms"], { systemPreferredAuthenticationMethods: ["push"], isSystemPreferredAuthenticationMethodEnabled: true }),
      "u-admin-ok": registered("u-admin-ok", ["fido2"]),
      "u-partial": registered("u-partial", []),
    },
  });
}

export const SAMPLE_DATE = new Date("2026-11-21T12:00:00Z");
