// Logs go to stderr only: stdout belongs to MCP. Every line passes the secret redactor first.
import { redactText } from "./secret-redactor.js";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function parseLogLevel(value: string | undefined): LogLevel | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase();
  if (v === "warning") return "warn";
  return v in ORDER ? (v as LogLevel) : undefined;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const at = (l: Exclude<LogLevel, "silent">) => (message: string) => {
    if (ORDER[l] >= ORDER[level]) write(redactText(`okta-mcp-server ${l}: ${message}\n`));
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
