import { once } from "node:events";
import type { UserMfaStatus } from "../model";

/** Where a renderer writes text. A renderer awaits each write, so a slow stream holds the producer back. */
export interface TextSink {
  write(chunk: string): void | Promise<void>;
}

/** Users as a collector produces them: a list, a generator, or an async stream straight off Graph. */
export type UserSource = Iterable<UserMfaStatus> | AsyncIterable<UserMfaStatus>;

/** A sink over a Node writable stream that honours back-pressure (waits for `drain`). */
export function streamSink(stream: NodeJS.WritableStream): TextSink {
  return {
    async write(chunk) {
      if (!stream.write(chunk)) await once(stream, "drain");
    },
  };
}

/** Renders into a string: for tests, small tenants and callers that want the whole document. */
export async function renderToString(render: (sink: TextSink) => Promise<void>): Promise<string> {
  const parts: string[] = [];
  await render({ write: (chunk) => void parts.push(chunk) });
  return parts.join("");
}
