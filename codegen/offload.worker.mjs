// One of the generator's worker threads (see offload.ts), for the job workerData.kind names. Plain JavaScript:
// it must start without a TypeScript loader, under tsx and vitest alike. Imports at once (the point: the import
// is most of its cost), then answers { id, input } with { id, output } or { id, error }.
import { parentPort, workerData } from "node:worker_threads";

const jobs = {
  /** openapi-typescript's `.d.ts` text of an OpenAPI document. */
  types: async () => {
    const { default: openapiTS, astToString } = await import("openapi-typescript");
    return async (doc) => astToString(await openapiTS(doc, { silent: true }));
  },
  /** o200k token count of each text. */
  tokens: async () => {
    const { encode } = await import("gpt-tokenizer/encoding/o200k_base");
    return async (texts) => texts.map((text) => encode(text).length);
  },
};

const job = jobs[workerData.kind]();
job.catch(() => {}); // a failed import is reported to each job below

parentPort.on("message", async ({ id, input }) => {
  try {
    parentPort.postMessage({ id, output: await (await job)(input) });
  } catch (cause) {
    parentPort.postMessage({ id, error: cause instanceof Error ? cause.message : String(cause) });
  }
});
