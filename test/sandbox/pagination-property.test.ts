import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newClient, nextLink, ORG, q } from "./helpers.js";

// Cursors encode positions, not offsets: whatever is created or deleted between pages,
// every user that existed throughout is served exactly once, in order.
describe("sandbox pagination under concurrent changes", () => {
  it("serves each surviving user exactly once, whatever happens between pages", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.constantFrom("create", "delete", "none"), { minLength: 1, maxLength: 12 }),
        async (limit, changes) => {
          const c = newClient(11);
          const path = `/api/v1/users?search=${q("status pr")}`;
          const before: string[] = (await c.json("GET", path)).body.map((u: any) => u.id);
          const deleted = new Set<string>();
          const seen: string[] = [];
          let next: string | undefined = `${ORG}${path}&limit=${limit}`;
          let step = 0;
          while (next) {
            const response = await c.call("GET", next);
            const page: any[] = await response.json();
            expect(page.length).toBeLessThanOrEqual(limit);
            seen.push(...page.map((u) => u.id));
            next = nextLink(response.headers.get("link"));
            // Changes stop after the scripted list: endless creates would keep appending pages forever.
            const change = changes[step++] ?? "none";
            if (change === "create") {
              const login = `prop${step}.${limit}@example.com`;
              await c.json("POST", "/api/v1/users?activate=false", { profile: { firstName: "P", lastName: "Q", email: login, login } });
            } else if (change === "delete") {
              // Delete (two calls) a user not yet served and one already served.
              for (const id of [before.find((id) => !seen.includes(id) && !deleted.has(id)), seen[0]]) {
                if (!id || deleted.has(id)) continue;
                await c.call("DELETE", `/api/v1/users/${id}`);
                await c.call("DELETE", `/api/v1/users/${id}`);
                deleted.add(id);
              }
            }
          }
          expect(new Set(seen).size).toBe(seen.length);
          const survivors = before.filter((id) => !deleted.has(id));
          const servedSurvivors = seen.filter((id) => before.includes(id) && !deleted.has(id));
          expect(servedSurvivors).toEqual(survivors);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("two orgs from the same seed stay identical under the same calls, logs included", async () => {
    const run = async () => {
      const c = newClient(5);
      const { body: [user] } = await c.json("GET", "/api/v1/users?limit=1");
      await c.json("POST", "/api/v1/users", { profile: { firstName: "D", lastName: "E", email: "d.e@example.com", login: "d.e@example.com" } });
      await c.json("POST", `/api/v1/users/${user.id}/lifecycle/suspend`);
      await c.json("POST", "/api/v1/groups", { profile: { name: "Same" } });
      return [await (await c.call("GET", "/api/v1/users")).text(), await (await c.call("GET", "/api/v1/logs?limit=1000")).text(), await (await c.call("GET", "/api/v1/groups")).text()];
    };
    expect(await run()).toEqual(await run());
  });
});
