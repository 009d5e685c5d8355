// A tools/call the SDK answers with a JSON-RPC error before (or instead of) our pipeline — params the protocol schema
// refuses, a handler that threw — still leaves an audit line. Taps a transport before the Server connects to it:
// the Server keeps calling the transport's own onmessage first, and sends every answer through transport.send.
import { randomUUID } from "node:crypto";
import { isJSONRPCErrorResponse, isJSONRPCRequest, type JSONRPCMessage, type Transport } from "@modelcontextprotocol/server";
import { type AuditLog, auditValue, writeAuditRecord } from "./audit.js";
import type { Logger } from "./logger.js";

// Calls waiting for their answer, by JSON-RPC id; bounded (a cancelled call gets no answer and is forgotten here).
const MAX_TRACKED = 1024;

export function auditRefusedCalls(transport: Transport, audit: AuditLog, log: Logger): void {
  const calls = new Map<string | number, { time: string; started: number; name: unknown; args: unknown }>();
  const received = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if (isJSONRPCRequest(message) && message.method === "tools/call") {
      const params = (message.params ?? {}) as { name?: unknown; arguments?: unknown };
      if (calls.size >= MAX_TRACKED) calls.delete(calls.keys().next().value as string | number);
      calls.set(message.id, { time: new Date().toISOString(), started: Date.now(), name: params.name, args: params.arguments });
    }
    received?.call(transport, message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message: JSONRPCMessage, options) => {
    const id = (message as { id?: string | number }).id;
    const call = id === undefined ? undefined : calls.get(id);
    if (call && id !== undefined) {
      calls.delete(id);
      if (isJSONRPCErrorResponse(message)) {
        writeAuditRecord(
          audit,
          {
            time: call.time,
            callId: randomUUID(),
            phase: "call",
            tool: typeof call.name === "string" ? (auditValue(call.name) as string) : "(no tool name)",
            arguments: auditValue(call.args),
            decision: "refused",
            errorCode: "ERR_PROTOCOL",
            detail: auditValue(`JSON-RPC error ${message.error.code}: ${message.error.message}`) as string,
            durationMs: Date.now() - call.started,
          },
          log,
        );
      }
    }
    return send(message, options);
  };
}
