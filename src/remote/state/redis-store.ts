import { ConfigError } from "../../runtime/errors.js";
import type { Logger } from "../../runtime/logger.js";
import type { StateStore } from "./store.js";
export async function createRedisStore(_url: string, _log: Logger): Promise<StateStore> {
  throw new ConfigError("Redis is not built yet");
}
