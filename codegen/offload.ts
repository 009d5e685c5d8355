// Worker threads for the generator's two heavy imports: openapi-typescript (TypeScript's compiler comes with it)
// and the o200k tokenizer's tables, each a second or so of single-threaded start-up. Started first, one thread
// each, the imports overlap with reading the spec and building the table on the main thread.
import { Worker } from "node:worker_threads";

export type OffloadJob = "types" | "tokens";

export interface Offload {
  /** The `.d.ts` text openapi-typescript prints for `doc` (structured-cloned to the worker). */
  typesOf(doc: unknown): Promise<string>;
  /** o200k token count of each text. */
  tokenCounts(texts: string[]): Promise<number[]>;
  close(): Promise<void>;
}

interface JobThread {
  run(input: unknown): Promise<unknown>;
  close(): Promise<void>;
}

function startThread(kind: OffloadJob): JobThread {
  // No execArgv: the worker is plain JavaScript and needs no TypeScript loader (tsx's would cost start-up time).
  const worker = new Worker(new URL("./offload.worker.mjs", import.meta.url), { execArgv: [], workerData: { kind } });
  const pending = new Map<number, { resolve: (output: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };
  // Kept alive only while a job waits: an idle worker never holds the process open.
  worker.unref();
  worker.on("message", ({ id, output, error }: { id: number; output?: unknown; error?: string }) => {
    const job = pending.get(id);
    if (!job) return;
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    if (error !== undefined) job.reject(new Error(error));
    else job.resolve(output);
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the generator's ${kind} worker thread exited (code ${code})`)));
  return {
    run(input) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, input });
      });
    },
    close: async () => void (await worker.terminate()),
  };
}

/** `preload`: the jobs whose threads start (and import) at once; the others start on first use. */
export function startOffload(preload: OffloadJob[]): Offload {
  const threads = new Map<OffloadJob, JobThread>();
  const thread = (kind: OffloadJob): JobThread => {
    let started = threads.get(kind);
    if (!started) threads.set(kind, (started = startThread(kind)));
    return started;
  };
  for (const kind of preload) thread(kind);
  return {
    typesOf: async (doc) => (await thread("types").run(doc)) as string,
    tokenCounts: async (texts) => (await thread("tokens").run(texts)) as number[],
    close: async () => void (await Promise.all([...threads.values()].map((t) => t.close()))),
  };
}
