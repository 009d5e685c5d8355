// The generator's worker thread (see offload.ts). Plain JavaScript: it must start without a TypeScript loader,
// under tsx and vitest alike. Starts importing what workerData.preload names at once (the point: imports are
// most of its cost), then answers { id, kind, input } with { id, output } or { id, error }.
import { parentPort, workerData } from "node:worker_threads";

const loaders = {
  types: () => import("openapi-typescript"),
  tokens: () => import("gpt-tokenizer/encoding/o200k_base"),
};
const loaded = {};
const load = (kind) => (loaded[kind] ??= loaders[kind]());
for (const kind of workerData.preload) void load(kind).catch(() => {}); // a failure is reported by the job that needs it

const jobs = {
  /** openapi-typescript's `.d.ts` text of an OpenAPI document. */
  types: async (doc) => {
    const { default: openapiTS, astToString } = await load("types");
    return astToString(await openapiTS(doc, { silent: true }));
  },
  /** o200k token count of each text. */
  tokens: async (texts) => {
    const { encode } = await load("tokens");
    return texts.map((text) => encode(text).length);
  },
};

parentPort.on("message", async ({ id, kind, input }) => {
  try {
    parentPort.postMessage({ id, output: await jobs[kind](input) });
  } catch (cause) {
    parentPort.postMessage({ id, error: cause instanceof Error ? cause.message : String(cause) });
  }
});
