import { randomUUID } from "node:crypto";
import { GraphRequestError, unlessNotFound } from "../errors";
import type { GraphHttp } from "../http";
import { backoffMs, sleep } from "../retry";
import type { ConditionalAccessPolicy, ConditionalAccessPolicyWrite } from "../types";

const PATH = "/identity/conditionalAccess/policies";

// A create stamps this into the description so that, when the POST's outcome is unknown, the policy it may have
// created can be recognised before anything is sent again.
const MARKER = /\s*\[entra-mfa create [0-9a-f-]{36}\]$/;

function stamp(description: unknown, marker: string): string {
  return typeof description === "string" && description ? `${description} ${marker}` : marker;
}

/** The description as the user wrote it: without the create marker. */
export function withoutCreateMarker(description: string | null | undefined): string | undefined {
  return description?.replace(MARKER, "") || undefined;
}

export function conditionalAccessApi(http: GraphHttp) {
  const list = () => http.listAll<ConditionalAccessPolicy>(PATH);
  const findByMarker = async (marker: string) =>
    (await list()).find((p) => typeof p.description === "string" && p.description.endsWith(marker));

  return {
    list,
    /** Resolves once a request here would be sent without waiting for the pacer (Pacer.untilFree); takes no turn. */
    untilFree: async (): Promise<void> => http.conditionalAccessPacer?.untilFree(),
    /** Undefined when the policy does not exist. */
    get: (id: string) => unlessNotFound(http.request<ConditionalAccessPolicy>("GET", `${PATH}/${encodeURIComponent(id)}`)),
    /**
     * Creates the policy exactly once. A POST that got no clear answer (5xx, timeout, dropped connection) may have
     * landed: the policies are listed to look for this call's marker before the POST is sent again.
     */
    create: async (policy: ConditionalAccessPolicyWrite): Promise<ConditionalAccessPolicy> => {
      const marker = `[entra-mfa create ${randomUUID()}]`;
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
