import { exclusionText, policyText, scopedText, sourceText } from "../describe";
import type { UserMfaStatus } from "../model";

/** Multi-valued cells are joined with this in flat formats (CSV, HTML cells). */
export const LIST_SEPARATOR = "; ";

export interface Column {
  header: string;
  value(status: UserMfaStatus): string;
}

const list = (values: readonly string[] | null): string => (values === null ? "unknown" : values.join(LIST_SEPARATOR));
const yesNo = (value: boolean | null): string => (value === null ? "unknown" : value ? "yes" : "no");

/** One row per user, every fact the report holds, flattened to text (the CSV's columns, in order). */
export const COLUMNS = {
  id: { header: "User id", value: (s) => s.id },
  userPrincipalName: { header: "User principal name", value: (s) => s.userPrincipalName },
  displayName: { header: "Display name", value: (s) => s.displayName ?? "" },
  accountEnabled: { header: "Account enabled", value: (s) => yesNo(s.accountEnabled) },
  userType: { header: "User type", value: (s) => s.userType },
  adminRoles: { header: "Admin roles", value: (s) => list(s.adminRoles) },
  mfaEnforced: { header: "MFA enforced", value: (s) => s.mfaEnforced },
  enforcedBy: { header: "Enforced by", value: (s) => list(s.enforcedBy.map((x) => sourceText(x))) },
  partialBy: { header: "Partially enforced by", value: (s) => list(s.partialBy.map((x) => scopedText(x))) },
  reportOnlyBy: { header: "Report-only policies", value: (s) => list(s.reportOnlyBy.map((x) => scopedText(x))) },
  optionalBy: { header: "MFA optional (OR) in", value: (s) => list(s.optionalBy.map((x) => policyText(x))) },
  excludedBy: { header: "Excluded from", value: (s) => list(s.excludedBy.map((x) => exclusionText(x))) },
  verdictReason: { header: "Why", value: (s) => s.verdictReason },
  perUserMfaState: { header: "Per-user MFA", value: (s) => s.perUserMfaState ?? "unknown" },
  mfaRegistered: { header: "MFA registered", value: (s) => yesNo(s.mfaRegistered) },
  mfaCapable: { header: "MFA capable", value: (s) => yesNo(s.mfaCapable) },
  methodsRegistered: { header: "Registered methods", value: (s) => list(s.methodsRegistered) },
  systemPreferredApplies: { header: "System-preferred MFA applies", value: (s) => s.systemPreferred.applies },
  systemPreferredMethods: { header: "System-preferred method", value: (s) => list(s.systemPreferred.methods) },
} satisfies Record<string, Column>;

export type ColumnKey = keyof typeof COLUMNS;
