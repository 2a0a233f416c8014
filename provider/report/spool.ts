import { createReadStream, createWriteStream } from "node:fs";
import { streamSink } from "./render/sink";

/** A private NDJSON file written one object a line, honouring back-pressure: how the report keeps memory flat. */
export interface NdjsonWriter<T> {
  write(value: T): Promise<void>;
  close(): Promise<void>;
}

/**
 * Lines are gathered into chunks of about this many characters before they reach the stream: one stream write per
 * user (hundreds of thousands in a fleet) cost more CPU in the stream machinery than the JSON did.
 */
const CHUNK_CHARS = 64 * 1024;

export function writeNdjson<T>(file: string): NdjsonWriter<T> {
  const out = createWriteStream(file, { mode: 0o600, highWaterMark: 1 << 20 });
  const sink = streamSink(out);
  let pending = "";
  const flush = async () => {
    const chunk = pending;
    pending = "";
    if (chunk) await sink.write(chunk);
  };
  return {
    write: async (value) => {
      pending += JSON.stringify(value) + "\n";
      if (pending.length >= CHUNK_CHARS) await flush();
    },
    close: async () => {
      await flush();
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    },
  };
}

/** The objects of an NDJSON file, in order. Splits the chunks itself: readline's per-line events cost more than the parse. */
export async function* readNdjson<T>(file: string): AsyncGenerator<T> {
  let rest = "";
  for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; start = end + 1, end = text.indexOf("\n", start)) {
      if (end > start) yield JSON.parse(text.slice(start, end)) as T;
    }
    rest = text.slice(start);
  }
  if (rest) yield JSON.parse(rest) as T;
}
