// The sandbox org in a process of its own, as a real org would be: then the CLI's thread does only the
// runtime's work, and the org's work runs elsewhere for both the MCP and the direct path.
import { pathToFileURL } from "node:url";
import { spawnTracked, stopChild, childEnv } from "./processes.js";

export interface ExternalSandbox {
  url: string;
  token: string;
  pid: number;
  stop(): Promise<void>;
}

/** `options` go to createSandboxOrg as they are (e.g. { size: "large", rateLimits: { enforce: true } }). */
export async function startExternalSandbox(sandboxModule: string, timeoutMs: number, options: Record<string, unknown> = {}): Promise<ExternalSandbox> {
  const script = `
    const { createSandboxOrg } = await import(${JSON.stringify(pathToFileURL(sandboxModule).href)});
    const org = createSandboxOrg(${JSON.stringify(options)});
    const listening = await org.listen({ port: 0 });
    process.stdout.write(JSON.stringify({ url: listening.url, token: org.token }) + "\\n");
    process.stdin.on("end", () => listening.close().then(() => process.exit(0)));
    process.stdin.resume();
  `;
  const child = spawnTracked(process.execPath, ["--input-type=module", "-e", script], { env: childEnv(), stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-1000)));
  const first = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`sandbox process did not start within ${timeoutMs} ms: ${stderr.trim()}`)), timeoutMs);
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n")) {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(line));
        } catch {
          reject(new Error(`sandbox process printed ${line.slice(0, 200)}`));
        }
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox process exited ${code}: ${stderr.trim()}`));
    });
  });
  const url = new URL(first.url);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
    await stopChild(child);
    throw new Error(`sandbox listens on ${url.hostname}, not loopback`);
  }
  return { url: first.url.replace(/\/$/, ""), token: first.token, pid: child.pid ?? 0, stop: () => stopChild(child) };
}
