// Every route of the sandbox org, in one table.

import { Router } from "../router.js";
import { registerAppRoutes } from "./apps.js";
import { registerCatalogRoutes } from "./catalog.js";
import { registerGroupRuleRoutes } from "./group-rules.js";
import { registerGroupRoutes } from "./groups.js";
import { registerLogRoutes } from "./logs.js";
import { registerPolicyRoutes } from "./policies.js";
import { registerRoleRoutes } from "./roles.js";
import { registerUserLifecycleRoutes } from "./user-lifecycle.js";
import { registerUserResourceRoutes } from "./user-resources.js";
import { registerUserRoutes } from "./users.js";

export function buildRouter(): Router {
  const router = new Router();
  registerUserRoutes(router);
  registerUserLifecycleRoutes(router);
  registerUserResourceRoutes(router);
  registerRoleRoutes(router);
  registerGroupRuleRoutes(router);
  registerGroupRoutes(router);
  registerAppRoutes(router);
  registerPolicyRoutes(router);
  registerCatalogRoutes(router);
  registerLogRoutes(router);
  return router;
}
