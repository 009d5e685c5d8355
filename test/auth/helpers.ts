import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "../../src/runtime/logger.js";

type LogLevel = keyof Logger;

export interface TestKey {
  publicKey: KeyObject;
  pkcs1Pem: string;
  pkcs8Pem: string;
  jwkJson: string;
  publicPem: string;
  publicJwkJson: string;
  encryptedPem: string;
}

export function makeKey(type: "rsa" | "ec"): TestKey {
  const { privateKey, publicKey } =
    type === "rsa" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    publicKey,
    pkcs1Pem: privateKey.export({ type: type === "rsa" ? "pkcs1" : "sec1", format: "pem" }) as string,
    pkcs8Pem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    jwkJson: JSON.stringify(privateKey.export({ format: "jwk" })),
    publicPem: publicKey.export({ type: "spki", format: "pem" }) as string,
    publicJwkJson: JSON.stringify(publicKey.export({ format: "jwk" })),
    encryptedPem: privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" }) as string,
  };
}

export function tempDir(prefix = "okta-auth-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeTemp(name: string, content: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

export class LogCollector {
  readonly lines: Array<{ level: LogLevel; message: string }> = [];
  private readonly push = (level: LogLevel) => (message: string) => void this.lines.push({ level, message });
  readonly log: Logger = { debug: this.push("debug"), info: this.push("info"), warn: this.push("warn"), error: this.push("error") };
  text(): string {
    return this.lines.map((l) => `${l.level} ${l.message}`).join("\n");
  }
  at(level: LogLevel): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.message);
  }
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public ms = Date.now()) {}
  readonly now = (): number => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}
