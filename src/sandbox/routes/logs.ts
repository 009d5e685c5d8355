// GET /api/v1/logs: since/until window, filter expression, q keywords, sortOrder, cursor pagination.

import { DAY } from "../clock.js";
import { compileExpression } from "../expression.js";
import { OktaWireError } from "../okta-error.js";
import { listReply } from "../reply.js";
import type { HandlerContext, Reply, Router } from "../router.js";
import type { LogEvent } from "../system-log.js";

const invalidDate = () =>
  new OktaWireError(400, "E0000030", "Bad request. Invalid date. Dates must be of the form yyyy-MM-dd'T'HH:mm:ss.SSSZZ, e.g. 2013-01-01T12:00:00.000-07:00.");

function isoParam(url: URL, name: string): string | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return undefined;
  const time = Date.parse(raw);
  if (Number.isNaN(time)) throw invalidDate();
  return new Date(time).toISOString();
}

function listLogs(context: HandlerContext): Reply {
  const { state, url } = context;
  const log = state.log;
  const until = isoParam(url, "until");
  // Okta's default window is the seven days before `until` (or now).
  const since = isoParam(url, "since") ?? new Date((until ? Date.parse(until) : state.clock.now()) - 7 * DAY).toISOString();
  const filter = url.searchParams.get("filter");
  const matches = filter ? compileExpression(filter) : undefined;
  const keywords = (url.searchParams.get("q") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const descending = url.searchParams.get("sortOrder")?.toUpperCase() === "DESCENDING";

  const first = log.lowerBound(since);
  // Events published exactly at `until` are included.
  const end = until ? log.lowerBound(new Date(Date.parse(until) + 1).toISOString()) : log.size;
  const accepts = (index: number) =>
    (!matches || matches(log.at(index))) && keywords.every((k) => log.textAt(index).includes(k));

  // The cursor is an event's index: start right after it instead of filtering every earlier event again
  // (a 100,000-event log would cost one full scan per page).
  const cursor = context.page(100, 1000).after?.[0];
  const from = typeof cursor === "number" ? (descending ? Math.min(end - 1, cursor - 1) : Math.max(first, cursor + 1)) : descending ? end - 1 : first;
  function* indexes(): Generator<number> {
    if (descending) {
      for (let i = from; i >= first; i--) if (accepts(i)) yield i;
    } else {
      for (let i = from; i < end; i++) if (accepts(i)) yield i;
    }
  }
  return listReply(context, indexes(), (i) => [i], (i): LogEvent => log.at(i), { defaultLimit: 100, maxLimit: 1000, descending });
}

export function registerLogRoutes(router: Router): void {
  router.add("GET", "/api/v1/logs", listLogs);
}
