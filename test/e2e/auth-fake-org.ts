// A loopback "Okta org" for end-to-end auth tests: a real node:http server (the CLI runs in a child process)
// whose authorization server is the msw fake (test/auth/fake-okta-as.ts) and whose /api/v1/* is the sandbox org.
// API calls must carry a token this server issued (with a valid DPoP proof when the token is DPoP-bound) or the
// registered API token; only then is Authorization rewritten to the sandbox's own token and the call forwarded.
import { createSandboxOrg, type SandboxOrg } from "../../src/sandbox/index.js";
import { listenOnLoopback } from "../../src/sandbox/listen.js";
import { FakeOktaAs } from "../auth/fake-okta-as.js";

export interface ApiCall {
  method: string;
  path: string;
  authorization: string | null;
  dpop: string | null;
  /** "forwarded", or why the call was refused. */
  outcome: string;
}

export interface FakeOktaOrg {
  url: string;
  as: FakeOktaAs;
  sandbox: SandboxOrg;
  apiCalls: ApiCall[];
  /** Accept `SSWS <token>` on the API (the admin's API token). */
  acceptApiToken(token: string): void;
  close(): Promise<void>;
}

export async function startFakeOktaOrg(): Promise<FakeOktaOrg> {
  const sandbox = createSandboxOrg();
  const apiCalls: ApiCall[] = [];
  const apiTokens = new Set<string>();
  let as: FakeOktaAs | undefined;

  const listening = await listenOnLoopback(async (request) => {
    const fakeAs = as!;
    const url = new URL(request.url);
    const fromAs = await fakeAs.handle(request);
    if (fromAs) return fromAs;
    if (!url.pathname.startsWith("/api/v1/")) return new Response("not found", { status: 404 });

    const call: ApiCall = {
      method: request.method,
      path: url.pathname + url.search,
      authorization: request.headers.get("authorization"),
      dpop: request.headers.get("dpop"),
      outcome: "",
    };
    apiCalls.push(call);
    const [scheme, credential] = (call.authorization ?? "").split(" ");
    if (scheme === "SSWS") {
      if (!apiTokens.has(credential ?? "")) {
        call.outcome = "unknown API token";
        return Response.json({ errorCode: "E0000011", errorSummary: "Invalid token provided" }, { status: 401 });
      }
    } else {
      const checked = await fakeAs.checkApiRequest(request);
      if (!checked.ok) {
        call.outcome = fakeAs.resourceRequests.at(-1)?.outcome ?? "refused";
        return checked.response;
      }
    }
    call.outcome = "forwarded";
    const headers = new Headers(request.headers);
    headers.set("authorization", `SSWS ${sandbox.token}`);
    headers.delete("dpop");
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return sandbox.handle(new Request(request.url, { method: request.method, headers, body }));
  });
  as = new FakeOktaAs(listening.url);
  as.deviceInterval = 1;
  return {
    url: listening.url,
    as,
    sandbox,
    apiCalls,
    acceptApiToken: (token) => apiTokens.add(token),
    close: listening.close,
  };
}
