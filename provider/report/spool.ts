import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
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

export async function* readNdjson<T>(file: string): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as T;
}
