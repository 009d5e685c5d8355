import { buildMinimalServer } from "./lib/build-minimal-server.js";
import { measureColdStarts } from "./cold-start.js";
import { readFileSync } from "node:fs";
const rounds = Number(process.argv[2] ?? 7);
const clis = process.argv.slice(3);
const minimalJs = await buildMinimalServer();
const env = { OKTA_ORG_URL: "http://127.0.0.1:9", OKTA_API_TOKEN: "x", OKTA_SCOPES: readFileSync("/tmp/bundle15/scopes.txt", "utf8").trim() };
const n = process.execPath;
const vs: any[] = [{ id: "minimal", label: "", command: n, args: [minimalJs] }];
for (const spec of clis) { const [cli, ...extra] = spec.split(" "); vs.push({ id: spec, label: "", command: n, args: [cli, "--audit-log", "off", ...extra], env }); }
const r = await measureColdStarts(vs, { rounds, warmupRounds: 1, timeoutMs: 20000 }, () => {});
const floor = r[0];
for (const v of r) console.log(v.id.padEnd(60), v.firstToolsListMs.toFixed(1), (v.firstToolsListMs / floor.firstToolsListMs).toFixed(2) + "x", "rss", v.rssAfterToolsListMiB.toFixed(1), (v.rssAfterToolsListMiB / floor.rssAfterToolsListMiB).toFixed(2) + "x", v.error ?? "", v.toolCount);
