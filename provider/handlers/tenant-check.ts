// The part of check that reads the tenant (never writes): one `$batch` for the users, groups, roles and strength
// the inputs name, and for ManagedMfaPolicy the policy list. A read that fails is not an answer: check then fails
// saying it could not be done, and never reports an object as missing because Graph did not say.
import { createMarkOf, GraphRequestError, markOwner, type BatchItemResult, type GraphApi } from "../graph";
import type { CheckFailure, ManagedMfaPolicySpec } from "../plan/inputs";
import { backoffMs, sleep } from "../graph/retry";
import { isUnknown, normalizeGuid } from "../plan/normalize";
import {
  directoryReferences,
  displayNameFailure,
  MANAGED_POLICY_LISTS,
  missingReferenceFailures,
  referenceKey,
  resolvedOverlapFailures,
  roleObjectIdFailures,
  targetReferences,
  unknownStrengthFailure,
  type DirectoryReference,
  type DirectoryRoleFact,
} from "../plan/tenant-inputs";

type Raw = Record<string, unknown>;

/** A read check needed did not get an answer. */
export class TenantCheckError extends Error {
  override name = "TenantCheckError";
}

/** Collects reads that failed; a 404 is an answer ("no such object"), so it is not one of them. */
class Answers {
  readonly failed: string[] = [];

  of<T>(result: BatchItemResult<T>, input: string): T | undefined {
    if (!result.error) return result.body;
    if (!result.error.isNotFound) this.failed.push(`${input}: ${result.error.message}`);
    return undefined;
  }

  /** Throws when some read failed: what was checked is not enough to say anything. */
  settle(graph: GraphApi): void {
    if (this.failed.length) throw couldNotCheck(graph, this.failed);
  }
}

function couldNotCheck(graph: GraphApi, failed: readonly string[]): TenantCheckError {
  return new TenantCheckError(
    `could not check the inputs against tenant ${graph.connection.tenantId} (nothing was written, and nothing is known to be wrong): ` +
      `${failed.join("; ")}. Run it again; if Graph keeps throttling, raise entra-mfa:graphMaxAttempts or entra-mfa:graphRetryBaseDelayMs.`,
  );
}

/** Runs the reads, turning a request that failed outright (the `$batch` itself, the policy list) into TenantCheckError. */
async function reading<T>(graph: GraphApi, what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof GraphRequestError) throw couldNotCheck(graph, [`${what}: ${error.message}`]);
    throw error;
  }
}

interface Looked {
  /** referenceKey → object id, for the references the tenant holds. */
  found: Map<string, string>;
  roles?: DirectoryRoleFact[];
  /** undefined: not asked; false: no such strength. */
  strengthExists?: boolean;
}

/**
 * How many times a user or group that is not found is looked for: one created moments ago (by azuread, earlier in
 * the same `pulumi up`) may not be readable yet while the directory replicates, and that is no typo.
 */
const LOOKS_FOR_A_MISS = 3;

async function lookUp(graph: GraphApi, refs: readonly DirectoryReference[], extra: { directoryRoles?: boolean; authenticationStrengthId?: string } = {}): Promise<Looked> {
  const found = new Map<string, string>();
  const looked: Looked = { found };
  let pending = [...new Map(refs.map((r) => [referenceKey(r), r])).values()];
  for (let look = 1; ; look++) {
    const users = pending.filter((r) => r.kind === "user");
    const groups = pending.filter((r) => r.kind === "group");
    const first = look === 1;
    const answers = await reading(graph, "POST /$batch", () =>
      graph.references.lookUp({
        users: users.map((r) => r.value.trim()),
        groups: groups.map((r) => r.value.trim()),
        directoryRoles: first && (extra.directoryRoles ?? false),
        ...(first && extra.authenticationStrengthId ? { authenticationStrengthId: extra.authenticationStrengthId } : {}),
      }),
    );
    const collected = new Answers();
    const record = (list: readonly DirectoryReference[], results: typeof answers.users) =>
      list.forEach((ref, i) => {
        const body = collected.of(results[i]!, ref.path);
        if (body?.id) found.set(referenceKey(ref), normalizeGuid(body.id));
      });
    record(users, answers.users);
    record(groups, answers.groups);
    const roles = answers.directoryRoles && collected.of(answers.directoryRoles, "includeRoles")?.value;
    if (roles) looked.roles = roles;
    if (answers.authenticationStrength)
      looked.strengthExists = collected.of(answers.authenticationStrength, "authenticationStrengthId") !== undefined;
    collected.settle(graph);
    pending = pending.filter((r) => !found.has(referenceKey(r)));
    if (!pending.length || look >= LOOKS_FOR_A_MISS) return looked;
    await sleep(backoffMs(look, graph.http.retry));
  }
}

/** ManagedMfaPolicy: its users and groups exist, none is both in and out, roles are templates, the strength and the name are right. */
export async function managedPolicyTenantFailures(graph: GraphApi, raw: Raw, spec: ManagedMfaPolicySpec): Promise<CheckFailure[]> {
  const tenantId = graph.connection.tenantId;
  const refs = directoryReferences(raw, MANAGED_POLICY_LISTS);
  const looked = await lookUp(graph, refs, {
    directoryRoles: spec.includeRoles.length > 0,
    ...(spec.authenticationStrengthId ? { authenticationStrengthId: spec.authenticationStrengthId } : {}),
  });
  const name = isUnknown(raw.displayName) || isUnknown(raw.adoptPolicyId) ? undefined : await displayNameTaken(graph, raw, spec);
  return [
    ...missingReferenceFailures(refs, looked.found, tenantId),
    ...resolvedOverlapFailures(refs, looked.found),
    ...roleObjectIdFailures(raw.includeRoles, looked.roles ?? []),
    ...(looked.strengthExists === false && spec.authenticationStrengthId ? [unknownStrengthFailure(spec.authenticationStrengthId, tenantId)] : []),
    ...(name ? [name] : []),
  ];
}

/** Another policy with the display name the managed policy is to have. */
async function displayNameTaken(graph: GraphApi, raw: Raw, spec: ManagedMfaPolicySpec): Promise<CheckFailure | undefined> {
  const policies = await reading(graph, "GET /identity/conditionalAccess/policies", () => graph.conditionalAccess.list());
  const owner = typeof raw.resourceName === "string" ? markOwner(raw.resourceName) : undefined;
  // The policy this resource made (its create mark names it, or predates names) or adopts may keep its own name.
  const own = new Set(
    policies
      .filter((p) => {
        const mark = createMarkOf(p.description);
        return mark && (!mark.owner || mark.owner === owner);
      })
      .map((p) => normalizeGuid(p.id)),
  );
  if (spec.adoptPolicyId) own.add(normalizeGuid(spec.adoptPolicyId));
  return displayNameFailure(spec.displayName, policies, own);
}

/** SecurityDefaultsOff: the break-glass accounts exist. */
export async function securityDefaultsOffTenantFailures(graph: GraphApi, raw: Raw): Promise<CheckFailure[]> {
  const refs = directoryReferences(raw, [["breakGlassAccounts", "user"]]);
  return missingReferenceFailures(refs, (await lookUp(graph, refs)).found, graph.connection.tenantId);
}

/** SystemPreferredMfa: its include and exclude targets exist. */
export async function systemPreferredTenantFailures(graph: GraphApi, raw: Raw): Promise<CheckFailure[]> {
  const refs = targetReferences(raw);
  return missingReferenceFailures(refs, (await lookUp(graph, refs)).found, graph.connection.tenantId);
}
