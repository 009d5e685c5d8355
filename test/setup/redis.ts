// Starts a real Redis for the tests (from the OS packages: apt-get install -y redis-server) on a free loopback
// port, in memory only, and stops it after the run. Tests read its URL with inject("redisUrl"); it is "" when
// redis-server is not installed, and the Redis tests then skip with one line saying how to run them. In CI
// (CI=true) a missing redis-server is an error: CI must not skip them silently.
import { spawn, spawnSync } from "node:child_process";
import { freeLoopbackPort } from "../../bench/lib/free-port.js";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** "" when redis-server is not installed (outside CI): tests that need it skip. */
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (spawnSync("redis-server", ["--version"]).status !== 0) {
    const how = "install redis-server (e.g. apt-get install -y redis-server, or brew install redis) to run them";
    if (process.env.CI) throw new Error(`redis-server is not installed: the Redis-backed remote-mode tests need it (${how})`);
    console.warn(`SKIPPED Redis-backed remote-mode tests: redis-server is not installed (${how})`);
    project.provide("redisUrl", "");
    return;
  }
  const port = await freeLoopbackPort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"], { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const probe = () => {
      if (spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout.trim() === "PONG") return resolve();
      if (Date.now() > deadline || child.exitCode !== null) return reject(new Error("redis-server did not start"));
      setTimeout(probe, 50);
    };
    probe();
  });
  project.provide("redisUrl", `redis://127.0.0.1:${port}`);
  return () => {
    child.kill("SIGTERM");
  };
}
