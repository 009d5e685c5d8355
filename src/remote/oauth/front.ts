import { ConfigError } from "../../runtime/errors.js";
import type { RemoteAuthenticator } from "../http-server.js";
export async function createOAuthFront(_: unknown): Promise<RemoteAuthenticator> {
  throw new ConfigError("per-admin sign-in is not built yet");
}
