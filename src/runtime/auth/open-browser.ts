import { spawn } from "node:child_process";

export interface OpenBrowserOptions {
  /** A command to run with the URL as its one argument instead of the OS opener (OKTA_MCP_BROWSER). No shell. */
  command?: string;
  /** Told whether the opener started and exited cleanly (false: print the URL for the human instead). */
  onResult?: (opened: boolean) => void;
}

/** Best effort: a headless machine simply has no browser, and the URL is on stderr anyway. */
export function openBrowser(url: string, options: OpenBrowserOptions = {}): void {
  const [command, args] = options.command
    ? [options.command, [url]]
    : process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", '""', url.replace(/&/g, "^&")]]
        : ["xdg-open", [url]];
  let reported = false;
  const report = (opened: boolean) => {
    if (reported) return;
    reported = true;
    options.onResult?.(opened);
  };
  try {
    const child = spawn(command as string, args as string[], { detached: true, stdio: "ignore" });
    child.on("error", () => report(false));
    child.on("exit", (code) => report(code === 0));
    child.unref();
  } catch {
    report(false);
  }
}
