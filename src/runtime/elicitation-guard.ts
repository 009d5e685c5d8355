// A client can answer our confirmation request with something that is not a JSON-RPC result at all
// (`"result": null`). The SDK drops such a message (the stdio transport fails its schema check and reports
// it to onerror, without the message; other transports pass it on as an unknown type) and the elicitation
// then waits out its whole timeout: 10 minutes for a human. This guard watches the transport: it tags each
// confirmation request; when the answer to one is malformed (no result object, or no action), or the client
// sends a message that fails the protocol's schema while confirmations are waiting, it aborts them at once,
// which the pipeline reports as "not confirmed". Nothing else on the connection is touched.
import type { JSONRPCMessage, Transport } from "@modelcontextprotocol/server";

const MARKER = "okta-mcp-server/confirmation";

export interface ElicitationGuard {
  /** Installs the watch on a transport; call before the Server connects to it. */
  attach(transport: Transport): void;
  /**
   * Runs one elicitation: `send` gets the `_meta` to put on the request and a signal to pass to it, which is
   * aborted if the client's answer is malformed.
   */
  track<T>(send: (meta: Record<string, string>, signal: AbortSignal) => Promise<T>): Promise<T>;
}

/** Why an answer to an elicitation is not usable, or undefined when it is a proper result or error. */
export function malformedAnswer(message: Record<string, unknown>): string | undefined {
  if ("error" in message) return undefined;
  const result = message.result;
  if (result === null || typeof result !== "object" || Array.isArray(result)) return `the client answered the confirmation request without a result (${result === null ? "null" : typeof result})`;
  if (typeof (result as { action?: unknown }).action !== "string") return "the client answered the confirmation request without an action";
  return undefined;
}

/** The error a transport reports for a message that failed the JSON-RPC schema (a zod error, with its issues). */
function isSchemaError(error: unknown): boolean {
  return error instanceof Error && (error.name === "ZodError" || Array.isArray((error as { issues?: unknown }).issues));
}

export function createElicitationGuard(): ElicitationGuard {
  let counter = 0;
  const byTag = new Map<string, AbortController>();
  const byRequestId = new Map<string | number, AbortController>();

  return {
    attach(transport) {
      const send = transport.send.bind(transport);
      transport.send = (message: JSONRPCMessage, options) => {
        const m = message as { id?: string | number; method?: string; params?: { _meta?: Record<string, unknown> } };
        const tag = m.method === "elicitation/create" ? m.params?._meta?.[MARKER] : undefined;
        if (typeof tag === "string" && m.id !== undefined) {
          const controller = byTag.get(tag);
          if (controller) byRequestId.set(m.id, controller);
        }
        return send(message, options);
      };
      // The SDK keeps handlers set before connect() and calls them first.
      const previousError = transport.onerror;
      transport.onerror = (error) => {
        // A line that is JSON but not a valid JSON-RPC message: the transport drops it and cannot say whose
        // answer it was, so every confirmation waiting for an answer fails closed.
        if (isSchemaError(error)) {
          for (const controller of new Set(byRequestId.values())) controller.abort(new Error("the client sent a malformed message while the confirmation was waiting for its answer"));
          byRequestId.clear();
        }
        previousError?.(error);
      };
      const previous = transport.onmessage;
      transport.onmessage = (message, extra) => {
        const m = message as Record<string, unknown>;
        const id = m.id as string | number | undefined;
        if (id !== undefined && !("method" in m) && byRequestId.has(id)) {
          const controller = byRequestId.get(id)!;
          byRequestId.delete(id);
          const problem = malformedAnswer(m);
          if (problem) controller.abort(new Error(problem));
        }
        previous?.(message, extra);
      };
    },

    async track(send) {
      const tag = `c${++counter}`;
      const controller = new AbortController();
      byTag.set(tag, controller);
      try {
        return await send({ [MARKER]: tag }, controller.signal);
      } finally {
        byTag.delete(tag);
        for (const [id, c] of byRequestId) if (c === controller) byRequestId.delete(id);
      }
    },
  };
}
