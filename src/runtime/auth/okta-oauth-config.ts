// Builds the openid-client Configuration for an Okta org by hand: no discovery request at startup.
import { allowInsecureRequests, Configuration, customFetch, type ClientAuth } from "openid-client";

export interface OktaEndpoints {
  issuer: string;
  tokenEndpoint: string;
  deviceAuthorizationEndpoint: string;
}

export function oktaEndpoints(orgUrl: string): OktaEndpoints {
  const base = orgUrl.replace(/\/+$/, "");
  return {
    issuer: base,
    tokenEndpoint: `${base}/oauth2/v1/token`,
    deviceAuthorizationEndpoint: `${base}/oauth2/v1/device/authorize`,
  };
}

export function buildOAuthConfig(
  orgUrl: string,
  clientId: string,
  clientAuth: ClientAuth,
  fetchImpl: typeof fetch | undefined,
): Configuration {
  const endpoints = oktaEndpoints(orgUrl);
  const config = new Configuration(
    {
      issuer: endpoints.issuer,
      token_endpoint: endpoints.tokenEndpoint,
      device_authorization_endpoint: endpoints.deviceAuthorizationEndpoint,
    },
    clientId,
    undefined,
    clientAuth,
  );
  // The runtime only lets http through for loopback hosts (local fakes), so allowing it here is safe.
  if (new URL(endpoints.issuer).protocol === "http:") allowInsecureRequests(config);
  if (fetchImpl) config[customFetch] = (url, options) => fetchImpl(url, options as RequestInit);
  return config;
}
