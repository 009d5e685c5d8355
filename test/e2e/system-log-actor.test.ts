// "The audit trail correlates with Okta's System Log", shown on --sandbox: a change made through the server is
// logged with the credential that made it as actor (the OAuth client app, as Okta logs access-token calls), and
// the Okta request id in the server's audit record finds the event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, startCli, text, type CliSession } from "../runtime/e2e-helpers.js";

type Structured = Record<string, any>;

describe("System Log actor and audit correlation on --sandbox", () => {
  let session: CliSession;
  beforeAll(async () => {
    ensureBuilt();
    session = await startCli({ args: ["--sandbox", "--audit-log", "-"] });
  });
  afterAll(async () => session?.close());

  it("the audit record's request id finds the event, whose actor is the server's client app", async () => {
    const created = await session.client.callTool({ name: "create_group", arguments: { profile: { name: "Correlation Test", description: "made by the test" } } });
    expect(created.isError, text(created)).toBeFalsy();
    const record = session
      .stderr()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Structured)
      .find((r) => r.tool === "create_group" && r.phase === "outcome");
    expect(record?.oktaRequestId).toEqual(expect.any(String));

    const logs = await session.client.callTool({ name: "get_logs", arguments: { filter: `transaction.id eq "${record!.oktaRequestId}"`, fields: ["*"] } });
    expect(logs.isError, text(logs)).toBeFalsy();
    const events = (logs.structuredContent as Structured).items as Structured[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventType: "group.lifecycle.create",
      actor: { type: "PublicClientApp", displayName: "okta-mcp-server" },
      target: [expect.objectContaining({ displayName: "Correlation Test" })],
      transaction: { id: record!.oktaRequestId },
    });
    // The actor is an app of the org, as in Okta.
    const app = await session.client.callTool({ name: "get_application", arguments: { appId: events[0].actor.id } });
    expect((app.structuredContent as Structured).label).toBe("okta-mcp-server");
  });
});
