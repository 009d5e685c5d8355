// openapi.d.ts holds the types of the allowlisted operations only, and they drive openapi-fetch's checks.
import createClient from "openapi-fetch";
import { expect, it } from "vitest";
import type { paths } from "../../src/generated/openapi.js";
import { generateQuietly, miniAllowlist, miniSpec } from "./support.js";

it("types cover exactly the allowlisted paths and methods", async () => {
  const { files, built } = await generateQuietly({ specPath: miniSpec, allowlistPath: miniAllowlist });
  const types = files.get("openapi.d.ts") as string;
  const pathBlock = types.slice(types.indexOf("export interface paths"), types.indexOf("export type webhooks"));
  const typedPaths = [...pathBlock.matchAll(/^ {4}"([^"]+)": \{$/gm)].map((m) => m[1]).sort();
  expect(typedPaths).toEqual([...new Set(built.catalog.tools.map((t) => t.path))].sort());
  const operations = [...types.matchAll(/^ {4}(\w+): \{$/gm)].map((m) => m[1]);
  expect(operations).toEqual(expect.arrayContaining([...new Set(built.catalog.tools.map((t) => t.operationId))]));
});

it("the committed types drive openapi-fetch (tsc checks the path and parameter types here)", async () => {
  const seen: string[] = [];
  const fetch = async (request: Request) => {
    seen.push(request.url);
    return Response.json({ id: "00u1" });
  };
  const client = createClient<paths>({ baseUrl: "https://example.okta.com", fetch });
  const { data } = await client.GET("/api/v1/users/{id}", { params: { path: { id: "00u1" } } });
  expect(data?.id).toBe("00u1");
  expect(seen).toEqual(["https://example.okta.com/api/v1/users/00u1"]);
  // @ts-expect-error a path that is not allowlisted has no type
  const unknownPath = () => client.GET("/api/v1/not-a-path");
  expect(unknownPath).toBeTypeOf("function");
});
