// Resources served alike: network zones, trusted origins, authorization servers, identity providers,
// event hooks, brands and device assurance policies. List (paged, q on name) and get, plus generic create,
// replace, delete and activate/deactivate with the guards Okta applies (system and default objects stay).

import { plainTarget, recordMutation } from "../audit.js";
import { forbidden, notFound, OktaWireError, validationFailed } from "../okta-error.js";
import { listReply, noContent, ok, queryFlag } from "../reply.js";
import type { HandlerContext, Reply, Router } from "../router.js";
import type { CatalogResource, JsonObject } from "../state.js";

type Item = JsonObject & { id: string };

const PATHS = ["zones", "trustedOrigins", "authorizationServers", "idps", "eventHooks", "brands", "device-assurances"] as const;
const WITH_STATUS = new Set(["zones", "trustedOrigins", "authorizationServers", "idps", "eventHooks"]);
const SERVER_OWNED = ["id", "created", "createdBy", "createdDate", "lastUpdated", "lastUpdatedBy", "lastUpdate", "status", "system", "_links"];

function resourceOf(context: HandlerContext, path: string): CatalogResource {
  const resource = context.state.catalog.get(path);
  if (!resource) throw notFound(path, "Resource");
  return resource;
}

function itemOf(context: HandlerContext, resource: CatalogResource): Item {
  const item = resource.items.get(context.params.id);
  if (!item) throw notFound(context.params.id, resource.typeName);
  return item;
}

function render(path: string) {
  return (item: Item): unknown => ({ ...item, _links: { self: { href: `{{org}}/api/v1/${path}/${item.id}` } } });
}

const nameOf = (item: Item): string => String(item.name ?? item.origin ?? item.id);

function clientFields(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !SERVER_OWNED.includes(key)));
}

/** Objects Okta itself owns (system zones, the default brand and authorization server) cannot be removed or disabled. */
function guardOwned(item: Item): void {
  if (item.system === true || item.isDefault === true || item.id === "default") throw forbidden();
}

function list(path: string) {
  return (context: HandlerContext): Reply => {
    const { items } = resourceOf(context, path);
    const prefix = context.url.searchParams.get("q")?.toLowerCase();
    function* matching() {
      for (const item of items.values()) if (!prefix || nameOf(item).toLowerCase().startsWith(prefix)) yield item;
    }
    return listReply(context, matching(), (item) => [items.seqOf(item.id)], render(path));
  };
}

function create(path: string) {
  return async (context: HandlerContext): Promise<Reply> => {
    const { state } = context;
    const resource = resourceOf(context, path);
    const body = await context.body();
    const name = body.name ?? body.origin;
    if (typeof name !== "string" || name.trim() === "") throw validationFailed("name", "The field cannot be left blank");
    if (resource.items.find((item) => nameOf(item).toLowerCase() === name.toLowerCase())) throw validationFailed("name", "An object with this field already exists in the current organization");
    const now = state.clock.tick();
    const item: Item = {
      ...clientFields(body),
      id: state.random.oktaId(resource.idPrefix),
      ...(WITH_STATUS.has(path) ? { status: queryFlag(context.url, "activate", true) ? "ACTIVE" : "INACTIVE" } : {}),
      created: now,
      lastUpdated: now,
    };
    if (path === "authorizationServers") item.issuer = `{{org}}/oauth2/${item.id}`;
    resource.items.put(item);
    recordMutation(state, context.audit, resource.events.create, `Create ${resource.typeName}`, [plainTarget(item.id, resource.typeName, nameOf(item))], now);
    return ok(render(path)(item));
  };
}

function replace(path: string) {
  return async (context: HandlerContext): Promise<Reply> => {
    const { state } = context;
    const resource = resourceOf(context, path);
    const item = itemOf(context, resource);
    const body = await context.body();
    const now = state.clock.tick();
    const kept = Object.fromEntries(Object.entries(item).filter(([key]) => SERVER_OWNED.includes(key) || key === "issuer" || key === "isDefault"));
    for (const key of Object.keys(item)) delete item[key];
    Object.assign(item, clientFields(body), kept, { lastUpdated: now });
    recordMutation(state, context.audit, resource.events.update, `Update ${resource.typeName}`, [plainTarget(item.id, resource.typeName, nameOf(item))], now);
    return ok(render(path)(item));
  };
}

function remove(path: string) {
  return (context: HandlerContext): Reply => {
    const { state } = context;
    const resource = resourceOf(context, path);
    const item = itemOf(context, resource);
    guardOwned(item);
    if (path === "zones" && item.status === "ACTIVE") {
      throw new OktaWireError(400, "E0000001", "Api validation failed: zone", ["Deactivate the network zone before deleting it."]);
    }
    resource.items.delete(item.id);
    recordMutation(state, context.audit, resource.events.delete, `Delete ${resource.typeName}`, [plainTarget(item.id, resource.typeName, nameOf(item))]);
    return noContent();
  };
}

function setStatus(path: string, status: "ACTIVE" | "INACTIVE") {
  return (context: HandlerContext): Reply => {
    const { state } = context;
    const resource = resourceOf(context, path);
    const item = itemOf(context, resource);
    if (status === "INACTIVE") guardOwned(item);
    if (item.status !== status) {
      const now = state.clock.tick();
      item.status = status;
      item.lastUpdated = now;
      const event = status === "ACTIVE" ? resource.events.activate : resource.events.deactivate;
      recordMutation(state, context.audit, event, `${status === "ACTIVE" ? "Activate" : "Deactivate"} ${resource.typeName}`, [plainTarget(item.id, resource.typeName, nameOf(item))], now);
    }
    // Zones, IdPs and event hooks answer with the object; authorization servers with an empty 204.
    return path === "authorizationServers" ? noContent() : ok(render(path)(item));
  };
}

export function registerCatalogRoutes(router: Router): void {
  for (const path of PATHS) {
    router
      .add("GET", `/api/v1/${path}`, list(path))
      .add("POST", `/api/v1/${path}`, create(path))
      .add("GET", `/api/v1/${path}/:id`, (c) => {
        const resource = resourceOf(c, path);
        return ok(render(path)(itemOf(c, resource)));
      })
      .add("PUT", `/api/v1/${path}/:id`, replace(path))
      .add("DELETE", `/api/v1/${path}/:id`, remove(path));
    if (WITH_STATUS.has(path)) {
      router
        .add("POST", `/api/v1/${path}/:id/lifecycle/activate`, setStatus(path, "ACTIVE"))
        .add("POST", `/api/v1/${path}/:id/lifecycle/deactivate`, setStatus(path, "INACTIVE"));
    }
  }
}
