import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { streamSink } from "./render/sink";

/** A private NDJSON file written one object a line, honouring back-pressure: how the report keeps memory flat. */
export interface NdjsonWriter<T> {
  write(value: T): Promise<void>;
  close(): Promise<void>;
}

export function writeNdjson<T>(file: string): NdjsonWriter<T> {
  const out = createWriteStream(file, { mode: 0o600, highWaterMark: 1 << 20 });
  const sink = streamSink(out);
  return {
    write: async (value) => sink.write(JSON.stringify(value) + "\n"),
    close: () => new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve()))),
  };
}

export async function* readNdjson<T>(file: string): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as T;
}
