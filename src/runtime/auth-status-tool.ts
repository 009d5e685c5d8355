// get_auth_status: what this session may do, and why some tools are missing. Needs no scope.
import type { ToolSpec } from "../tool-spec.js";
import type { OktaAuth } from "./auth/types.js";
import type { BuiltinTool, ToolResult } from "./execute-tool.js";
import { incompleteToolsets } from "./inventory.js";
import type { ServedTool } from "./served-tools.js";

export const AUTH_STATUS_TOOL: ServedTool = {
  name: "get_auth_status",
  title: "Get auth status",
  description:
    "Shows the Okta org, the authentication method and state, the granted and not-granted scopes, and which toolsets lack tools for want of a scope. Call it when a tool is missing or refused.",
  inputSchema: { type: "object", properties: {} },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function authStatusTool(serverAuth: OktaAuth, selected: () => readonly ToolSpec[], unexposedToolsets: readonly string[] = []): BuiltinTool {
  return {
    name: AUTH_STATUS_TOOL.name,
    async run(_args, ctx): Promise<ToolResult> {
      // Remote mode: the status of the caller's own sign-in, not the server's.
      const auth = ctx.auth ?? serverAuth;
      // After a failed sign-in, report the failure as it stands: asking for scopes would start a new sign-in.
      // Otherwise ask for the scopes first: that may complete the first token request, which status() then reports.
      const before = auth.status();
      const granted = before.state === "failed" ? [] : await auth.grantedScopes();
      const status = before.state === "failed" ? before : auth.status();
      const structured: Record<string, unknown> = {
        org: status.orgUrl,
        authMethod: status.method,
        state: status.state,
        dpop: status.dpop,
        grantedScopes: granted,
        notGrantedScopes: status.notGranted ?? [],
        incompleteToolsets: incompleteToolsets(selected(), granted),
      };
      if (unexposedToolsets.length) {
        structured.toolsetsNotExposed = unexposedToolsets;
        structured.toolsetsHint = "These toolsets are not exposed by this server's configuration; the user can start it with --toolsets NAME,... (or --toolsets all).";
      }
      if (status.state === "pending") {
        structured.signIn = { verificationUri: status.verificationUriComplete ?? status.verificationUri, userCode: status.userCode };
      }
      if (status.error) structured.error = status.error;
      return { content: [{ type: "text", text: JSON.stringify(structured) }], structuredContent: structured };
    },
  };
}
