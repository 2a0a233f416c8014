import { randomUUID } from "node:crypto";
import { GraphRequestError, unlessNotFound } from "../errors";
import type { GraphHttp } from "../http";
import { backoffMs, sleep } from "../retry";
import type { ConditionalAccessPolicy, ConditionalAccessPolicyState, ConditionalAccessPolicyWrite } from "../types";

const PATH = "/identity/conditionalAccess/policies";

// Marks this library stamps into a policy's description so that the policy can be recognised from the tenant
// alone when the answer or the state that knew about it was lost (a POST's answer, a process killed mid-run). A
// later mark goes after an earlier one, so none is anchored at the end.
const CREATE_MARK = /\s*\[entra-mfa create [0-9a-f-]{36}(?: for ([\w.:-]+))?\]/;
const HANDOVER_MARK = /\s*\[entra-mfa hand-over, was (enabled|disabled|enabledForReportingButNotEnforced)\]/;

function stamp(description: unknown, mark: string): string {
  return typeof description === "string" && description ? `${description} ${mark}` : mark;
}

/** The resource name as a create mark carries it: a name with other characters keeps its shape. */
export const markOwner = (resourceName: string): string => resourceName.replace(/[^\w.:-]/g, "_");

/** A create mark in the description: a policy this library created, and for which resource when it says. */
export function createMarkOf(description: string | null | undefined): { owner?: string } | undefined {
  const match = description?.match(CREATE_MARK);
  return match ? (match[1] ? { owner: match[1] } : {}) : undefined;
}

/** The description as the user wrote it: without the create mark. */
export function withoutCreateMarker(description: string | null | undefined): string | undefined {
  return description?.replace(CREATE_MARK, "") || undefined;
}

/**
 * The description of a hand-over policy that SecurityDefaultsOff enables, saying what state it had: the record
 * survives a process killed before the engine could save the resource's outputs. The earliest mark wins, as the
 * earliest journal entry does: it is the state from before this library touched the policy.
 */
export function withHandoverMark(description: string | null | undefined, previousState: ConditionalAccessPolicyState): string {
  return handoverMarkOf(description) ? description! : stamp(description, `[entra-mfa hand-over, was ${previousState}]`);
}

/** The description without the hand-over mark; null when nothing else is left, as Graph keeps an unset one. */
export function withoutHandoverMark(description: string | null | undefined): string | null {
  return description?.replace(HANDOVER_MARK, "") || null;
}

/** The state a hand-over policy had before SecurityDefaultsOff enabled it, when its description says so. */
export function handoverMarkOf(description: string | null | undefined): ConditionalAccessPolicyState | undefined {
  return description?.match(HANDOVER_MARK)?.[1] as ConditionalAccessPolicyState | undefined;
}

export function conditionalAccessApi(http: GraphHttp) {
  const list = () => http.listAll<ConditionalAccessPolicy>(PATH);
  const findByMarker = async (marker: string) =>
    (await list()).find((p) => typeof p.description === "string" && p.description.includes(marker));

  return {
    list,
    /** Resolves once a request here would be sent without waiting for the pacer (Pacer.untilFree); takes no turn. */
    untilFree: async (): Promise<void> => http.conditionalAccessPacer?.untilFree(),
    /** Undefined when the policy does not exist. */
    get: (id: string) => unlessNotFound(http.request<ConditionalAccessPolicy>("GET", `${PATH}/${encodeURIComponent(id)}`)),
    /**
     * Creates the policy exactly once. A POST that got no clear answer (5xx, timeout, dropped connection) may have
     * landed: the policies are listed to look for this call's marker before the POST is sent again. The marker names
     * `owner` (the resource's name), so a later create can tell its own lost policy from another resource's.
     */
    create: async (policy: ConditionalAccessPolicyWrite, owner?: string): Promise<ConditionalAccessPolicy> => {
      const marker = `[entra-mfa create ${randomUUID()}${owner ? ` for ${markOwner(owner)}` : ""}]`;
      const body = { ...policy, description: stamp(policy.description, marker) };
      for (let attempt = 1; ; attempt++) {
        try {
          return await http.request<ConditionalAccessPolicy>("POST", PATH, { body });
        } catch (e) {
          if (!(e instanceof GraphRequestError && e.outcomeUnknown) || attempt >= http.retry.maxAttempts) throw e;
          const landed = await findByMarker(marker);
          if (landed) return landed;
          await sleep(backoffMs(attempt, http.retry));
        }
      }
    },
    /** PATCH → 204. Send whole sub-objects (`conditions.users`, `grantControls`): Graph may not merge nested ones. */
    update: async (id: string, patch: ConditionalAccessPolicyWrite): Promise<void> => {
      await http.request("PATCH", `${PATH}/${encodeURIComponent(id)}`, { body: patch });
    },
    /** A policy that is already gone counts as deleted. */
    delete: async (id: string): Promise<"deleted" | "alreadyGone"> => {
      const done = await unlessNotFound(http.request("DELETE", `${PATH}/${encodeURIComponent(id)}`).then(() => true));
      return done ? "deleted" : "alreadyGone";
    },
  };
}
