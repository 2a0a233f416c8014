// Reads what the MFA status report needs from Graph, spending as few requests as `economy.ts` defines and drawing no
// 429s: the tenant-wide facts first (held in memory, they are small), then the users, streamed. The registration
// report, the slowest read (its own limit of 5 requests per 10 s), runs beside both from the start.
//
// Joining users to their per-user facts without holding 50,000 of each: per-user MFA comes with the user listing
// (`$select=…,perUserMfaState`), and each user leaves for a private spool file (NDJSON) as its page is read; only a
// user whose entry lacks the state waits for a per-user read in a `$batch` of 20. The registration report is read
// into a map of the few fields the report reads. When both are done the spool is replayed, each user joined to its
// registration by id. Graph gives neither listing in id order, so a streaming merge join is not possible; the
// map holds only compact registration rows (five fields, method lists shared), the spool everything else.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GraphApi } from "../graph/api";
import type { BatchItemResult } from "../graph/batch";
import { budgetsFor, resourceUnitBudget, type GraphBudgets as Budgets, type WindowBudget } from "../graph/budget";
import { GraphRequestError } from "../graph/errors";
import { nextPageLink, type Page } from "../graph/http";
import type {
  DirectoryObject,
  Group,
  PerUserMfaState,
  StrongAuthenticationRequirements,
  SystemCredentialPreferences,
  User,
  UserRegistrationDetails,
} from "../graph/types";
import { DEFAULT_DISPLAY_NAME } from "../plan/inputs";
import { idKey, type DirectoryRoleMembers, type DirectoryUser, type ExpandedGroup, type TenantDirectory, type UserRecord } from "./directory";
import { BATCH_SIZE, PAGE_SIZE } from "./economy";
import { prepareContext } from "./evaluate";
import { readNdjson, writeNdjson } from "./spool";

/**
 * Exactly the user properties the report reads; `accountEnabled`, `userType` and `perUserMfaState` are not in Graph's
 * default set (the last is served only when selected, graph.md §4).
 */
export const USER_SELECT = ["id", "userPrincipalName", "displayName", "accountEnabled", "userType", "perUserMfaState"] as const;
const REGISTRATION_PATH = "/reports/authenticationMethods/userRegistrationDetails";

export interface CollectProgress {
  usersRead: number;
  /** Known once the user listing has ended. */
  usersTotal?: number;
  /** `$batch`es of per-user MFA reads for users whose listing did not carry the state (none where Graph serves it). */
  mfaBatchesDone: number;
  /** Known once the user listing has ended. */
  mfaBatchesTotal?: number;
  registrationsRead: number;
  registrationsDone: boolean;
}

export interface CollectOptions {
  onProgress?: (progress: Readonly<CollectProgress>) => void;
  /** The policy this library manages, named as such in the report. */
  managedPolicyId?: string;
  /** Else the managed policy is found by display name (default: ManagedMfaPolicy's default name). */
  managedPolicyName?: string;
  /** `$batch`es in flight at once; default 6. The resource-unit budget, not this, sets the pace on large tenants. */
  concurrency?: number;
  /** Page size for user, member and registration listings; default 999 (Graph's largest). Tests use small pages. */
  pageSize?: number;
  /** Where the private spool directory is made; default the OS temp directory. */
  spoolDir?: string;
}

export interface CollectedDirectory {
  tenant: TenantDirectory;
  /**
   * One pass only. The user listing starts when iteration starts; the registration report is already being read
   * (it is the slowest), and iterating (to the end, or breaking off) is what releases it.
   */
  users: AsyncIterable<UserRecord>;
  /** What could not be read and what that means; complete once `users` has been read to the end. */
  warnings: string[];
}

/** What the report reads of a registration row; id and user principal name come back from the user at the join. */
type Registration = Pick<
  UserRegistrationDetails,
  "isMfaRegistered" | "isMfaCapable" | "methodsRegistered" | "isSystemPreferredAuthenticationMethodEnabled" | "systemPreferredAuthenticationMethods"
>;

interface SpooledUser {
  user: DirectoryUser;
  perUserMfaState: UserRecord["perUserMfaState"];
}

/** Resource units per call (graph.md §5): the base cost, −1 with `$select`, never below 1. */
const UNITS = { usersPage: 1, membersPage: 4, oneObject: 1 };

export async function collectDirectory(graph: GraphApi, options: CollectOptions = {}): Promise<CollectedDirectory> {
  // The app's budgets in this tenant, shared with every other reader of it in the process.
  const budgets = budgetsFor(graph.connection.key, graph.connection.clientId);
  const settings = { concurrency: options.concurrency ?? 6, pageSize: options.pageSize ?? PAGE_SIZE };
  const warnings: string[] = [];
  const reader = new Reader(graph, budgets, settings.concurrency);

  const progress: CollectProgress = { usersRead: 0, mfaBatchesDone: 0, registrationsRead: 0, registrationsDone: false };
  const report = () => options.onProgress?.(progress);

  // Alone first, so the one token is fetched once rather than by every parallel call that follows.
  const securityDefaults = await budgets.directory.use(UNITS.oneObject, () => graph.securityDefaults.get());
  // The registration report sets the floor of the wall time (5 requests per 10 s), so it starts now, beside the rest.
  const registrations = startRegistrations(reader, settings.pageSize, progress, warnings, report);
  try {
    const tenant = await readTenant(graph, reader, budgets, settings.pageSize, warnings, securityDefaults.isEnabled, options);
    const users = streamUsers(reader, { ...settings, spoolDir: options.spoolDir }, registrations, progress, warnings, report);
    return { tenant, users, warnings };
  } catch (e) {
    await registrations.cancel();
    throw e;
  }
}

/** Everything but the users: policies, system-preferred MFA, roles and the groups that matter. */
async function readTenant(
  graph: GraphApi,
  reader: Reader,
  budgets: Budgets,
  pageSize: number,
  warnings: string[],
  securityDefaultsOn: boolean,
  options: CollectOptions,
): Promise<TenantDirectory> {
  const [policies, systemCredentialPreferences, roles] = await Promise.all([
    // Paced by the Graph client's Conditional Access pacer (1 request/second per tenant).
    graph.conditionalAccess.list(),
    readSystemPreferences(graph, budgets, warnings),
    budgets.directory.use(UNITS.oneObject, () => graph.directoryRoles.list()),
  ]);
  const managedPolicyId = options.managedPolicyId ?? policies.find((p) => p.displayName === (options.managedPolicyName ?? DEFAULT_DISPLAY_NAME))?.id;
  const base = { tenantId: graph.connection.tenantId, securityDefaults: { isEnabled: securityDefaultsOn }, policies, systemCredentialPreferences, managedPolicyId };

  const roleMembers = await reader.many(
    roles.map((role) => ({ url: `/directoryRoles/${encodeURIComponent(role.id)}/members?$select=id`, units: UNITS.oneObject })),
  );
  const referenced = referencedGroups({ ...base, groups: {}, directoryRoles: {} });
  const referencedKeys = new Set(referenced);
  const roleGroups = new Set<string>();
  const roleUsers = roleMembers.map((members) => {
    const objects = members ?? [];
    for (const o of objects) if (isGroup(o) && !referencedKeys.has(idKey(o.id))) roleGroups.add(idKey(o.id));
    return objects;
  });
  const groups = await expandGroups(reader, referenced, [...roleGroups], pageSize, warnings);

  const directoryRoles: Record<string, DirectoryRoleMembers> = {};
  roles.forEach((role, i) => {
    if (roleMembers[i] === undefined) return;
    const userIds = new Set<string>();
    for (const o of roleUsers[i]!) {
      if (isUser(o)) userIds.add(o.id);
      else if (isGroup(o)) for (const id of groups[idKey(o.id)]?.transitiveUserIds ?? []) userIds.add(id);
    }
    directoryRoles[role.roleTemplateId] = { displayName: role.displayName ?? role.roleTemplateId, memberUserIds: [...userIds] };
  });
  for (const key of roleGroups) delete groups[key];

  return { ...base, groups, directoryRoles };
}

/**
 * Groups the report evaluates against: those of MFA-relevant and block policies in force (with Security Defaults on,
 * none is) and of the system-preferred MFA targets.
 */
function referencedGroups(directory: TenantDirectory): string[] {
  const context = prepareContext(directory);
  const sides = [...context.policies.filter((p) => p.role !== "notInForce"), ...context.blocks].flatMap((p) => [p.include, p.exclude]);
  if (context.systemPreferred) sides.push(context.systemPreferred.include, context.systemPreferred.exclude);
  return [...new Set(sides.flatMap((s) => s.groupIds))];
}

async function readSystemPreferences(graph: GraphApi, budgets: Budgets, warnings: string[]): Promise<SystemCredentialPreferences | undefined> {
  try {
    const policy = await budgets.directory.use(UNITS.oneObject, () => graph.authenticationMethodsPolicy.getBeta());
    return policy.systemCredentialPreferences ?? undefined;
  } catch (e) {
    if (!(e instanceof GraphRequestError && e.status === 403)) throw e;
    warnings.push(`System-preferred MFA is reported as unknown: ${e.message}`);
    return undefined;
  }
}

const isUser = (o: DirectoryObject) => o["@odata.type"] === "#microsoft.graph.user";
const isGroup = (o: DirectoryObject) => o["@odata.type"] === "#microsoft.graph.group";

/**
 * Each group once: its name (referenced groups only; names show in the report) and its first page of transitive
 * members in `$batch`es, then any further member pages one by one. A group that no longer exists is left out (the
 * report warns that it counts as empty). GroupMember.Read.All reads names too; where a name cannot be read (403), the
 * report shows the group by id, with a warning.
 */
async function expandGroups(
  reader: Reader,
  referenced: string[],
  roleHolding: string[],
  pageSize: number,
  warnings: string[],
): Promise<Record<string, ExpandedGroup>> {
  const membersUrl = (id: string) => `/groups/${encodeURIComponent(id)}/transitiveMembers?$select=id&$top=${pageSize}`;
  const requests = [
    ...referenced.flatMap((id) => [
      { url: `/groups/${encodeURIComponent(id)}?$select=id,displayName`, units: UNITS.oneObject },
      { url: membersUrl(id), units: UNITS.membersPage },
    ]),
    ...roleHolding.map((id) => ({ url: membersUrl(id), units: UNITS.membersPage })),
  ];
  const results = await reader.batches<Page<DirectoryObject> & Group>(requests);
  const isName = (i: number) => i < 2 * referenced.length && i % 2 === 0;
  const nameDenied = results.find((r, i) => isName(i) && r.error?.status === 403)?.error;
  if (nameDenied) warnings.push(`Groups are shown by id, their names could not be read: ${nameDenied.message}`);
  const body = (i: number) => {
    const { error, body } = results[i]!;
    if (error && !error.isNotFound && !(isName(i) && error.status === 403)) throw error;
    return body;
  };
  const groups: Record<string, ExpandedGroup> = {};
  const expand = async (id: string, first: Page<DirectoryObject> | undefined, displayName?: string) => {
    if (!first) return;
    const users: string[] = [];
    for await (const page of reader.restOfPages(first, UNITS.membersPage)) for (const o of page) if (isUser(o)) users.push(o.id);
    groups[id] = { ...(displayName ? { displayName } : {}), transitiveUserIds: users };
  };
  for (const [i, id] of referenced.entries()) await expand(id, body(2 * i + 1), body(2 * i)?.displayName);
  for (const [i, id] of roleHolding.entries()) await expand(id, body(2 * referenced.length + i));
  return groups;
}

/** Reads through the budgets: paged listings, and many small reads in `$batch`es of 20, several in flight. */
class Reader {
  constructor(
    private readonly graph: GraphApi,
    readonly budgets: Budgets,
    private readonly concurrency: number,
  ) {}

  /** A listing's pages; `budget` and `units` say what each page draws on. */
  async *pages<T>(path: string, query: Record<string, string | number>, budget: WindowBudget, units: number): AsyncGenerator<T[]> {
    const first = await budget.use(units, () => this.graph.http.request<Page<T>>("GET", path, { query }));
    yield* this.restOfPages(first, units, budget);
  }

  /** A page already in hand, then the pages its `@odata.nextLink` leads to. */
  async *restOfPages<T>(first: Page<T>, units: number, budget: WindowBudget = this.budgets.directory): AsyncGenerator<T[]> {
    for (let page = first; ; ) {
      yield page.value ?? [];
      const next = nextPageLink(page, "a listing");
      if (!next) return;
      page = await budget.use(units, () => this.graph.http.request<Page<T>>("GET", next));
    }
  }

  /**
   * Every page of each collection, flattened, in request order; `undefined` for a collection that does not exist (404).
   * Any other failure throws (it names the permission on a 403).
   */
  async many(requests: { url: string; units: number }[]): Promise<(DirectoryObject[] | undefined)[]> {
    const out: (DirectoryObject[] | undefined)[] = [];
    for (const { error, body } of await this.batches<Page<DirectoryObject>>(requests)) {
      if (error && !error.isNotFound) throw error;
      if (!body) {
        out.push(undefined);
        continue;
      }
      const all: DirectoryObject[] = [];
      for await (const page of this.restOfPages(body, UNITS.oneObject)) all.push(...page);
      out.push(all);
    }
    return out;
  }

  /** Sends the requests in `$batch`es of 20, `concurrency` at a time, each batch admitted by the directory budget. */
  async batches<T>(requests: { url: string; units: number }[]): Promise<BatchItemResult<T>[]> {
    const chunks: { url: string; units: number }[][] = [];
    for (let i = 0; i < requests.length; i += BATCH_SIZE) chunks.push(requests.slice(i, i + BATCH_SIZE));
    const results: BatchItemResult<T>[][] = new Array(chunks.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < chunks.length; i = next++) results[i] = await this.batch<T>(chunks[i]!, "v1.0");
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, chunks.length) }, worker));
    return results.flat();
  }

  batch<T>(chunk: { url: string; units: number }[], version: "v1.0" | "beta"): Promise<BatchItemResult<T>[]> {
    const units = chunk.reduce((sum, r) => sum + r.units, 0);
    return this.budgets.directory.use(units, () => this.graph.batchGet<T>(chunk.map(({ url }) => ({ url })), version));
  }
}

function streamUsers(
  reader: Reader,
  settings: { concurrency: number; pageSize: number; spoolDir?: string },
  registrations: RegistrationRead,
  progress: CollectProgress,
  warnings: string[],
  report: () => void,
): AsyncIterable<UserRecord> {
  return {
    async *[Symbol.asyncIterator]() {
      const dir = await mkdtemp(join(settings.spoolDir ?? tmpdir(), "entra-mfa-collect-"));
      try {
        const file = join(dir, "users.ndjson");
        await spoolUsersWithMfa(reader, settings, file, progress, warnings, report);
        const byId = await registrations.result;
        for await (const { user, perUserMfaState } of readNdjson<SpooledUser>(file)) {
          const registration = byId?.get(idKey(user.id));
          yield { user, perUserMfaState, registration: registration ? { id: user.id, userPrincipalName: user.userPrincipalName, ...registration } : null };
        }
      } finally {
        await registrations.cancel();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Users page by page, each with the per-user MFA state its listing carries (graph.md §4), written to the spool in
 * listing order. A user whose entry lacks the state (never taken as `disabled`) waits for the fallback: its
 * `authentication/requirements` read, in `$batch`es of exactly 20 (a batch may span pages, so the count stays
 * ⌈such users/20⌉), spooled when the batch is back. At most `concurrency` batches are in flight, and the next page is
 * only read when they have room, so memory holds about one page.
 */
async function spoolUsersWithMfa(
  reader: Reader,
  settings: { concurrency: number; pageSize: number },
  file: string,
  progress: CollectProgress,
  warnings: string[],
  report: () => void,
): Promise<void> {
  const out = writeNdjson<SpooledUser>(file);
  const fallback = new PerUserMfaFallback(reader, settings.concurrency, progress, report, (record) => out.write(record));
  try {
    for await (const page of listUsers(reader, settings.pageSize, warnings)) {
      for (const u of page) {
        const user = pick(u);
        const listed = listedMfaState(u);
        if (listed) await out.write({ user, perUserMfaState: listed });
        else fallback.add(user);
      }
      progress.usersRead += page.length;
      reader.budgets.directory.raiseTo(resourceUnitBudget(progress.usersRead));
      report();
      await fallback.sendFull();
    }
    progress.usersTotal = progress.usersRead;
    await fallback.finish();
  } finally {
    await fallback.settle();
    await out.close();
  }
  warnings.push(...fallback.warnings());
}

/**
 * The user listing with `perUserMfaState` selected. A cloud that does not know the property refuses the `$select`
 * (400) on the first page: the listing starts again without it, and every user takes the fallback.
 */
async function* listUsers(reader: Reader, pageSize: number, warnings: string[]): AsyncGenerator<User[]> {
  const query = (select: readonly string[]) => ({ $select: select.join(","), $top: pageSize });
  const pages = (select: readonly string[]) => reader.pages<User>("/users", query(select), reader.budgets.directory, UNITS.usersPage);
  const withMfa = pages(USER_SELECT);
  let first: IteratorResult<User[]>;
  try {
    first = await withMfa.next();
  } catch (e) {
    if (!(e instanceof GraphRequestError && e.status === 400)) throw e;
    warnings.push(`The user listing does not carry per-user MFA state here (${e.message}): it was read user by user instead.`);
    yield* pages(USER_SELECT.filter((p) => p !== PER_USER_MFA));
    return;
  }
  if (first.done) return;
  yield first.value;
  yield* withMfa;
}

const PER_USER_MFA = "perUserMfaState";

/** The state a listed user carries, if it carries one: absent or null is "not returned", never `disabled`. */
function listedMfaState(u: User): PerUserMfaState | undefined {
  const state = u[PER_USER_MFA];
  return typeof state === "string" ? (state as PerUserMfaState) : undefined;
}

const pick = (u: User): DirectoryUser => ({
  id: u.id,
  userPrincipalName: u.userPrincipalName,
  displayName: u.displayName ?? null,
  accountEnabled: u.accountEnabled,
  userType: u.userType ?? null,
});

/**
 * Per-user MFA for the users whose listing did not carry it: `authentication/requirements` (beta) in `$batch`es of
 * 20. A read that fails leaves the user's state unknown (the summary counts them), and one warning says why.
 */
class PerUserMfaFallback {
  private readonly pending: DirectoryUser[] = [];
  private readonly inFlight: Promise<SpooledUser[]>[] = [];
  private users = 0;
  private firstFailure?: GraphRequestError;
  private failed = false;

  constructor(
    private readonly reader: Reader,
    private readonly concurrency: number,
    private readonly progress: CollectProgress,
    private readonly report: () => void,
    private readonly write: (record: SpooledUser) => Promise<void>,
  ) {}

  add(user: DirectoryUser): void {
    this.pending.push(user);
    this.users++;
  }

  /** Sends every full batch, waiting (in order) while `concurrency` are in flight. */
  async sendFull(): Promise<void> {
    while (this.pending.length >= BATCH_SIZE) {
      this.send(this.pending.splice(0, BATCH_SIZE));
      await this.drain(this.concurrency - 1);
    }
  }

  /** Once the listing has ended: the last, partial batch, then every answer spooled. */
  async finish(): Promise<void> {
    this.progress.mfaBatchesTotal = Math.ceil(this.users / BATCH_SIZE);
    this.report();
    if (this.pending.length > 0) this.send(this.pending.splice(0));
    await this.drain(0);
  }

  /** Waits for whatever is still in flight (after a failure), without spooling it. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.inFlight);
  }

  warnings(): string[] {
    const out: string[] = [];
    if (this.users > 0) {
      out.push(`Per-user MFA state was not on the user listing for ${this.users} users: it was read for each of them instead (authentication/requirements, beta).`);
    }
    if (this.failed) out.push(`Legacy per-user MFA could not be read, e.g. ${this.firstFailure?.message ?? "no answer"}`);
    return out;
  }

  private send(users: DirectoryUser[]): void {
    const requests = users.map((u) => ({ url: `/users/${encodeURIComponent(u.id)}/authentication/requirements`, units: UNITS.oneObject }));
    const batch = this.reader.batch<StrongAuthenticationRequirements>(requests, "beta").then((results) => {
      this.progress.mfaBatchesDone++;
      this.report();
      return users.map((user, i) => ({ user, perUserMfaState: this.stateOf(results[i]!) }));
    });
    // Awaited in order later; until then a failure must not count as unhandled (it is rethrown when its turn comes).
    batch.catch(() => undefined);
    this.inFlight.push(batch);
  }

  private async drain(room: number): Promise<void> {
    while (this.inFlight.length > room) for (const record of await this.inFlight.shift()!) await this.write(record);
  }

  private stateOf(result: BatchItemResult<StrongAuthenticationRequirements>): UserRecord["perUserMfaState"] {
    if (result.body) return result.body.perUserMfaState;
    this.failed = true;
    this.firstFailure ??= result.error;
    return null;
  }
}

/** The registration report being read; `cancel` stops it after the page in hand and waits for that. */
interface RegistrationRead {
  result: Promise<Map<string, Registration> | undefined>;
  cancel(): Promise<void>;
}

function startRegistrations(reader: Reader, pageSize: number, progress: CollectProgress, warnings: string[], report: () => void): RegistrationRead {
  const stop = { requested: false };
  const result = readRegistrations(reader, pageSize, progress, warnings, report, stop);
  // Awaited when the users are replayed; until then a failure must not count as unhandled.
  result.catch(() => undefined);
  return {
    result,
    async cancel() {
      stop.requested = true;
      await result.catch(() => undefined);
    },
  };
}

/**
 * The registration report, paced to 5 requests per 10 s, into a map of the fields the report reads. A 403 (no
 * AuditLog.Read.All, or no Entra ID P1) leaves registration unknown for everyone, with a warning: the rest of the
 * report still stands.
 */
async function readRegistrations(
  reader: Reader,
  pageSize: number,
  progress: CollectProgress,
  warnings: string[],
  report: () => void,
  stop: { requested: boolean },
): Promise<Map<string, Registration> | undefined> {
  const byId = new Map<string, Registration>();
  const compact = compactor();
  try {
    for await (const page of reader.pages<UserRegistrationDetails>(REGISTRATION_PATH, { $top: pageSize }, reader.budgets.reports, 1)) {
      for (const r of page) byId.set(idKey(r.id), compact(r));
      progress.registrationsRead += page.length;
      report();
      if (stop.requested) return undefined;
    }
  } catch (e) {
    if (!(e instanceof GraphRequestError && e.status === 403)) throw e;
    warnings.push(`MFA registration is reported as unknown: ${e.message}`);
    return undefined;
  } finally {
    progress.registrationsDone = true;
    report();
  }
  return byId;
}

/** Few distinct method lists exist in a tenant: each is kept once, however many users share it. */
function compactor() {
  const lists = new Map<string, string[]>();
  const shared = (list: string[]) => {
    const key = list.join(",");
    let found = lists.get(key);
    if (!found) lists.set(key, (found = list));
    return found;
  };
  return (r: UserRegistrationDetails): Registration => ({
    isMfaRegistered: r.isMfaRegistered,
    isMfaCapable: r.isMfaCapable,
    methodsRegistered: shared(r.methodsRegistered ?? []),
    ...(r.isSystemPreferredAuthenticationMethodEnabled !== undefined ? { isSystemPreferredAuthenticationMethodEnabled: r.isSystemPreferredAuthenticationMethodEnabled } : {}),
    ...(r.systemPreferredAuthenticationMethods ? { systemPreferredAuthenticationMethods: shared(r.systemPreferredAuthenticationMethods) } : {}),
  });
}
