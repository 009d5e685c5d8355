// `npx tsx bench/hostile.ts`: the hostile-input figures, measured on the built CLI over stdio against a hostile
// fake org on loopback (test/security/hostile-org.ts) or the sandbox. Each case prints one line: what was
// sent, how long the server took, how much memory it held at its peak (VmHWM), what came back.
// Flags: --cli <path> (another build, e.g. an older checkout's dist/runtime/cli.js), --only a,b (cases),
// --cap <s> (longest wait for one answer; a case that hangs reports "no answer in <cap> s").
// Nothing here is a pass/fail gate: the tests in test/security/ assert the behaviour, this measures it.
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { childEnv, installCleanupHandlers, spawnTracked } from "./lib/processes.js";
import { RawSession as Session, type RawAnswer } from "../test/security/raw-stdio.js";
import { compressionBomb, json, startHostileOrg, streamHugeUserArray, type HostileOrg } from "../test/security/hostile-org.js";

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const projectDir = fileURLToPath(new URL("..", import.meta.url));
const cli = flag("--cli") ?? join(projectDir, "dist", "runtime", "cli.js");
const only = flag("--only")?.split(",");
const capMs = Number(flag("--cap") ?? 120) * 1000;
const TOKEN = "00hostileBenchApiToken0000000000000000000";
const out = (line: string) => process.stdout.write(`${line}\n`);
const mib = (n: number) => `${n.toFixed(0)} MiB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function excerpt(answer: RawAnswer): string {
  if (!answer.message) return `no answer in ${secs(answer.ms)}`;
  const result = answer.message.result;
  const text = result?.content?.map((c: { text?: string }) => c.text ?? "").join(" ") ?? JSON.stringify(answer.message.error ?? answer.message);
  return `${result?.isError ? "error" : "ok"} "${String(text).slice(0, 140)}"`;
}

async function orgSession(org: HostileOrg, extraArgs: string[] = [], env: Record<string, string> = {}, capabilities: object = {}) {
  return RawSession.open(cli, ["--audit-log", "off", ...extraArgs], {
    OKTA_ORG_URL: org.url,
    OKTA_API_TOKEN: TOKEN,
    OKTA_SCOPES: "okta.users.read okta.users.manage okta.groups.read okta.roles.read",
    ...env,
  }, capabilities);
}

// Children are tracked (killed with the bench) and get the bench's environment (no OKTA_* of the shell).
const RawSession = {
  open: (cliPath: string, args: string[], env: Record<string, string>, capabilities: object = {}) =>
    Session.open(cliPath, args, env, capabilities, (command, argv, options) => spawnTracked(command, argv, { ...options, env: childEnv(options.env as Record<string, string>) })),
};

type Case = () => Promise<void>;
const cases: Record<string, Case> = {
  async proto() {
    const s = await RawSession.open(cli, ["--sandbox", "--audit-log", "off"], {});
    try {
      const list = await s.call("list_users", { limit: 1 }, capMs);
      const id = list.message.result.structuredContent.items[0].id;
      const profile = JSON.parse('{"__proto__":{"polluted":"YES"}}');
      const update = await s.call("update_user", { id, profile }, capMs);
      const get = await s.call("get_user", { id, fields: ["profile.__proto__.polluted"] }, capMs);
      const ping = await s.request("ping", {}, 10_000);
      const list2 = await s.request("tools/list", {}, 10_000);
      out(`proto: update_user ${excerpt(update)}; get_user ${excerpt(get)}; then ping ${ping.message ? `answered in ${secs(ping.ms)}` : "no answer in 10 s"}, tools/list ${list2.message ? "answered" : "no answer in 10 s"}`);
    } finally {
      await s.close();
    }
  },

  async "proto-org"() {
    // A hostile org (not the sandbox) whose record carries a "__proto__" key, shaped with the default projection.
    const org = await startHostileOrg((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"id":"00uproto","status":"ACTIVE","profile":{"login":"a@example.com","__proto__":{"polluted":"YES"}},"__proto__":{"isAdmin":true}}');
    });
    const s = await orgSession(org);
    try {
      const get = await s.call("get_user", { id: "00uproto" }, capMs);
      const list = await s.call("get_user", { id: "00uproto", fields: ["id", "profile.login", "profile.polluted", "isAdmin"] }, capMs);
      const ping = await s.request("ping", {}, 10_000);
      out(`proto-org: record with "__proto__" keys: get_user ${excerpt(get)}; with fields ${excerpt(list)}; then ping ${ping.message ? `answered in ${secs(ping.ms)}` : "no answer in 10 s"}`);
    } finally {
      await s.close();
      await org.close();
    }
  },

  async "brotli-bomb"() {
    const decoded = 1 << 30;
    const bomb = await compressionBomb(decoded);
    const org = await startHostileOrg((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "br" });
      res.end(bomb);
    });
    const s = await orgSession(org);
    try {
      const before = s.peakRssMiB();
      const answer = await s.call("get_user", { id: "00ubomb" }, capMs);
      out(`brotli-bomb: ${bomb.length} B of brotli decoding to ${decoded / 2 ** 20} MiB: ${secs(answer.ms)}, peak RSS ${mib(s.peakRssMiB())} (${mib(before)} before the call), ${excerpt(answer)}`);
    } finally {
      await s.close();
      await org.close();
    }
  },

  async "huge-json"() {
    const bytes = 200 * 2 ** 20;
    const org = await startHostileOrg((_req, res) => streamHugeUserArray(res, bytes));
    const s = await orgSession(org);
    try {
      const before = s.peakRssMiB();
      const answer = await s.call("list_users", { limit: 200 }, capMs);
      out(`huge-json: 200 MiB JSON page: ${secs(answer.ms)}, peak RSS ${mib(s.peakRssMiB())} (${mib(before)} before), ${excerpt(answer)}`);
    } finally {
      await s.close();
      await org.close();
    }
  },

  async "dense-json"() {
    // 15 MiB of empty objects: under any sane byte cap, but millions of objects once parsed.
    const body = `[${"{},".repeat(5 * 2 ** 20)}{}]`;
    const org = await startHostileOrg((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
    const s = await orgSession(org);
    try {
      const answer = await s.call("list_users", {}, capMs);
      out(`dense-json: ${(body.length / 2 ** 20).toFixed(1)} MiB of {} items: ${secs(answer.ms)}, peak RSS ${mib(s.peakRssMiB())}, ${excerpt(answer)}`);
    } finally {
      await s.close();
      await org.close();
    }
  },

  async "concurrent-max"() {
    // Eight calls at once (the default concurrency), each answered with the largest body the caps let through:
    // just under 16 MiB in just under 524,288 values (short strings), the worst case for memory that still parses.
    const count = 16 * 2 ** 20 / 32 - 2;
    const body = `[${`"${"a".repeat(29)}",`.repeat(count)}"a"]`;
    const org = await startHostileOrg((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
    const s = await orgSession(org);
    try {
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: 8 }, () => s.call("list_users", {}, capMs)));
      out(`concurrent-max: 8 calls at once, each a ${(body.length / 2 ** 20).toFixed(1)} MiB page of ${count + 1} values: ${secs(performance.now() - started)}, peak RSS ${mib(s.peakRssMiB())}, ${excerpt(answers[0]).slice(0, 100)}`);
    } finally {
      await s.close();
      await org.close();
    }
  },

  async "deep-json"() {
    // 5 MiB: under the byte cap, so only the nesting bound can stop it.
    const depth = 2 ** 20;
    const body = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    const org = await startHostileOrg((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
    const s = await orgSession(org);
    try {
      const answer = await s.call("get_user", { id: "00udeep" }, capMs);
      out(`deep-json: ${depth} nested objects: ${secs(answer.ms)}, peak RSS ${mib(s.peakRssMiB())}, ${excerpt(answer)}; stderr ${s.stderr.includes("    at ") ? "has a stack trace" : "has no stack trace"}`);
    } finally {
      await s.close();
      await org.close();
    }
  },

  async "empty-pages"() {
    const org = await startHostileOrg((_req, res, url) => {
      const n = Number(url.searchParams.get("after") ?? 0) + 1;
      json(res, 200, [], { link: `<${"http://127.0.0.1"}/api/v1/users?after=${n}&limit=200>; rel="next"` });
    });
    const s = await orgSession(org);
    try {
      const cap = Math.min(capMs, 30_000);
      const answer = await s.call("list_users", { fetchAll: true }, cap);
      out(`empty-pages: fetchAll over empty pages with rel="next": ${org.requests.length} requests in ${secs(answer.ms)}, ${excerpt(answer)}`);
    } finally {
      await s.close();
      await org.close();
    }
  },

  async stalled() {
    const org = await startHostileOrg(() => {
      // Never answers.
    });
    const s = await orgSession(org, ["--timeout", "2000"]);
    try {
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => s.call("get_user", { id: `00u${i}` }, capMs)));
      const wall = performance.now() - started;
      const unanswered = answers.filter((a) => !a.message).length;
      const codes = new Set(answers.map((a) => a.message?.result?.structuredContent?.error?.code ?? "none"));
      out(`stalled: 1,000 concurrent calls, --timeout 2000, org never answers: all settled in ${secs(wall)} (${unanswered} unanswered), codes ${[...codes].join(",")}, ${org.requests.length} requests reached the org`);
    } finally {
      await s.close();
      await org.close();
    }
  },

  async "rate-limit-59s"() {
    const org = await startHostileOrg((_req, res) => {
      const reset = Math.ceil(Date.now() / 1000) + 59;
      json(res, 429, { errorCode: "E0000047", errorSummary: "API call exceeded rate limit due to too many requests." }, { "x-rate-limit-limit": "600", "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(reset) });
    });
    const s = await orgSession(org);
    try {
      const answer = await s.call("get_user", { id: "00u429" }, Math.max(capMs, 240_000));
      out(`rate-limit-59s: 429 with reset 59 s ahead, every time: ${secs(answer.ms)}, ${org.requests.length} requests, ${excerpt(answer)}`);
    } finally {
      await s.close();
      await org.close();
    }
  },

  async "elicit-null"() {
    for (const [label, result] of [["result: null", null], ["result: {} (no action)", {}]] as const) {
      const s = await RawSession.open(cli, ["--sandbox", "--audit-log", "off"], {}, { elicitation: { form: {} } });
      try {
        s.onServerRequest = (request) => (request.method === "elicitation/create" ? { jsonrpc: "2.0", id: request.id, result } : undefined);
        const list = await s.call("list_users", { limit: 1 }, capMs);
        const id = list.message.result.structuredContent.items[0].id;
        const answer = await s.call("deactivate_user", { id }, capMs);
        out(`elicit-null: elicitation answered with ${label}: ${answer.message ? `answered in ${secs(answer.ms)}` : `no answer in ${secs(answer.ms)}`}, ${excerpt(answer)}`);
      } finally {
        await s.close();
      }
    }
  },

  async "long-name"() {
    const org = await startHostileOrg();
    try {
      for (const size of [1, 5]) {
        const name = "x".repeat(size * 2 ** 20);
        const direct = await orgSession(org);
        try {
          const answer = await direct.call(name, {}, capMs);
          out(`long-name: direct tools/call with a ${size} MB name: ${secs(answer.ms)}, answer ${(answer.bytes / 2 ** 20).toFixed(2)} MiB, ${excerpt(answer).slice(0, 80)}`);
        } finally {
          await direct.close();
        }
        const discover = await orgSession(org, ["--tool-mode", "discover"]);
        try {
          const answer = await discover.call("call_operation", { tool: name }, capMs);
          out(`long-name: discover call_operation with a ${size} MB tool: ${secs(answer.ms)}, answer ${(answer.bytes / 2 ** 20).toFixed(2)} MiB, ${excerpt(answer).slice(0, 80)}`);
          const search = await discover.call("search_operations", { query: "user ".repeat(size * 2 ** 18) }, capMs);
          out(`long-name: discover search_operations with a ${size} MB query: ${secs(search.ms)}, ${excerpt(search).slice(0, 80)}`);
        } finally {
          await discover.close();
        }
      }
    } finally {
      await org.close();
    }
  },

  async secrets() {
    const org = await startHostileOrg((req, res) =>
      json(res, 400, { errorCode: "E0000001", errorSummary: `Api validation failed: header ${req.headers.authorization}`, errorCauses: [{ errorSummary: `token ${req.headers.authorization}` }] }),
    );
    try {
      const s = await orgSession(org);
      try {
        const answer = await s.call("get_user", { id: "00uecho" }, capMs);
        const text = JSON.stringify(answer.message);
        out(`secrets: org echoing the Authorization header in errorSummary: token ${text.includes(TOKEN) ? "APPEARS" : "does not appear"} in the result`);
      } finally {
        await s.close();
      }
      const crlf = `${TOKEN}\r\nX-Injected: 1`;
      let startup = "";
      try {
        const s = await orgSession(org, [], { OKTA_API_TOKEN: crlf });
        const answer = await s.call("get_user", { id: "00ucrlf" }, capMs);
        const text = JSON.stringify(answer.message) + s.stderr;
        startup = `server started; the call: token ${text.includes(TOKEN) ? "APPEARS" : "does not appear"} in its output (${excerpt(answer).slice(0, 120)})`;
        await s.close();
      } catch (err) {
        startup = `refused at start-up: ${(err as Error).message.split("\n")[0].slice(0, 200)}`;
      }
      out(`secrets: API token with CR/LF: ${startup}`);
    } finally {
      await org.close();
    }
  },

  async "query-injection"() {
    const org = await startHostileOrg((_req, res) => json(res, 200, []));
    const s = await orgSession(org);
    try {
      const answer = await s.call("list_custom_roles", { limit: { "]=1&after=http://127.0.0.2&x[": 1 } }, capMs);
      out(`query-injection: list_custom_roles limit={"]=1&after=http://127.0.0.2&x[":1}: org saw ${JSON.stringify(org.requests.map((r) => r.url))}, ${excerpt(answer)}`);
    } finally {
      await s.close();
      await org.close();
    }
  },

  async "lone-surrogate"() {
    const org = await startHostileOrg((_req, res) => json(res, 404, { errorCode: "E0000007", errorSummary: "Not found" }));
    const s = await orgSession(org);
    try {
      const answer = await s.call("get_user", { id: "\ud800" }, capMs);
      out(`lone-surrogate: get_user id="\\ud800": ${excerpt(answer)}; stderr ${/\n\s+at /.test(s.stderr) ? "HAS a stack trace" : "has no stack trace"}; ${org.requests.length} requests reached the org`);
    } finally {
      await s.close();
      await org.close();
    }
  },
};

installCleanupHandlers();
out(`hostile cases against ${cli}`);
for (const [name, run] of Object.entries(cases)) {
  if (only && !only.includes(name)) continue;
  try {
    await run();
  } catch (err) {
    out(`${name}: bench error: ${(err as Error).message.slice(0, 300)}`);
  }
}
process.exit(0);
