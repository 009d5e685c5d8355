// The HTTP layer (node:http, node:https, node:zlib: tens of ms to load) is loaded on the first
// request to Okta, not at start-up: nothing is sent before a tool call.
import type { HttpOptions, OktaHttp } from "./http.js";

export function lazyOktaHttp(options: HttpOptions): OktaHttp {
  const origin = new URL(options.orgUrl).origin;
  let http: OktaHttp | undefined;
  let loading: Promise<OktaHttp> | undefined;
  const load = () => (loading ??= import("./http.js").then((m) => (http = m.createOktaHttp(options))));
  return {
    // As createOktaHttp's urlOf: the org's origin and the path.
    urlOf: (path) => (http ? http.urlOf(path) : origin + path),
    send: (...args) => (http ? http.send(...args) : load().then((loaded) => loaded.send(...args))),
  };
}
