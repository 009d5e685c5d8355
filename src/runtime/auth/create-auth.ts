// Picks the authentication method from the configuration and builds it. Bad configuration fails here,
// synchronously, with one ConfigError line that never contains the key or token.
import { ConfigError } from "../errors.js";
import { silentLogger } from "../logger.js";
import type { AuthConfig } from "./auth-config.js";
import { DEVICE_FLOW, DeviceAuthorizationAuth } from "./device-auth.js";
import { createApiTokenAuth } from "./fixed-token-auth.js";
import { PrivateKeyJwtAuth } from "./private-key-jwt-auth.js";
import { readPrivateKey } from "./private-key.js";
import { defaultStateDir, TokenStore } from "./token-store.js";
import type { OktaAuth } from "./types.js";


// Polling must not keep a finished process alive.
function unrefSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export function createAuth(config: AuthConfig): OktaAuth {
  const log = config.log ?? silentLogger;
  const now = config.now ?? Date.now;
  if (config.privateKey) {
    if (!config.clientId) {
      throw new ConfigError("OKTA_PRIVATE_KEY is set but OKTA_CLIENT_ID is missing (set it to the app's Client ID)");
    }
    if (!config.keyId) {
      throw new ConfigError("OKTA_PRIVATE_KEY is set but OKTA_KEY_ID is missing (set it to the key's kid from the app's Public Keys)");
    }
    const key = readPrivateKey(config.privateKey);
    return new PrivateKeyJwtAuth({ config: { ...config, clientId: config.clientId, keyId: config.keyId }, key, log, now });
  }
  if (config.apiToken) return createApiTokenAuth({ ...config, log });
  if (config.clientId) {
    const store = new TokenStore(config.stateDir ?? defaultStateDir(), config.orgUrl, config.clientId, DEVICE_FLOW, log);
    return new DeviceAuthorizationAuth({
      config: { ...config, clientId: config.clientId },
      store,
      log,
      now,
      sleep: config.sleep ?? unrefSleep,
    });
  }
  throw new ConfigError(
    "No Okta credentials configured (set OKTA_CLIENT_ID with OKTA_PRIVATE_KEY and OKTA_KEY_ID for a service app, OKTA_CLIENT_ID alone for device sign-in, or OKTA_API_TOKEN)",
  );
}
