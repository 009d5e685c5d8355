// Okta's error response body and the catalogue of codes the sandbox emits. Handlers throw OktaWireError;
// the dispatcher turns it into the exact JSON body and status Okta would send.

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: Array<{ errorSummary: string }>;
}

export class OktaWireError extends Error {
  readonly status: number;
  readonly errorCode: string;
  readonly causes: string[];
  readonly headers: Record<string, string>;
  constructor(status: number, errorCode: string, summary: string, causes: string[] = [], headers: Record<string, string> = {}) {
    super(summary);
    this.name = "OktaWireError";
    this.status = status;
    this.errorCode = errorCode;
    this.causes = causes;
    this.headers = headers;
  }

  toBody(errorId: string): OktaErrorBody {
    return {
      errorCode: this.errorCode,
      errorSummary: this.message,
      errorLink: this.errorCode,
      errorId,
      errorCauses: this.causes.map((errorSummary) => ({ errorSummary })),
    };
  }
}

export const notFound = (id: string, type: string): OktaWireError =>
  new OktaWireError(404, "E0000007", `Not found: Resource not found: ${id} (${type})`);

export const pathNotFound = (path: string): OktaWireError =>
  new OktaWireError(404, "E0000007", `Not found: Resource not found: ${path} (Path)`);

export const methodNotAllowed = (): OktaWireError =>
  new OktaWireError(405, "E0000022", "The endpoint does not support the provided HTTP method");

/** E0000001: one validation failure on a field, shaped as Okta shapes it. */
export const validationFailed = (field: string, cause: string): OktaWireError =>
  new OktaWireError(400, "E0000001", `Api validation failed: ${field}`, [`${field}: ${cause}`]);

export const alreadyExists = (field: string): OktaWireError =>
  validationFailed(field, "An object with this field already exists in the current organization");

export const invalidJson = (): OktaWireError =>
  new OktaWireError(400, "E0000003", "The request body was not well-formed.");

export const invalidToken = (): OktaWireError =>
  new OktaWireError(401, "E0000011", "Invalid token provided");

export const forbidden = (): OktaWireError =>
  new OktaWireError(403, "E0000006", "You do not have permission to perform the requested action");

export const invalidSearch = (detail: string): OktaWireError =>
  new OktaWireError(400, "E0000031", "Invalid search criteria.", [detail]);

export const notAllowedInStatus = (): OktaWireError =>
  new OktaWireError(403, "E0000038", "This operation is not allowed in the user's current status.");

export const rateLimited = (resetEpochSeconds: number, limit: number): OktaWireError =>
  new OktaWireError(429, "E0000047", "API call exceeded rate limit due to too many requests.", [], {
    "X-Rate-Limit-Limit": String(limit),
    "X-Rate-Limit-Remaining": "0",
    "X-Rate-Limit-Reset": String(resetEpochSeconds),
  });

/** Body for a status chosen by fault injection. */
export function faultError(status: number, resetEpochSeconds: number, limit: number): OktaWireError {
  switch (status) {
    case 429:
      return rateLimited(resetEpochSeconds, limit);
    case 401:
      return invalidToken();
    case 403:
      return forbidden();
    case 404:
      return new OktaWireError(404, "E0000007", "Not found: Resource not found: injected fault (Fault)");
    case 503:
      return new OktaWireError(503, "E0000010", "Service is in read only mode or temporarily unavailable.");
    default:
      return status >= 500
        ? new OktaWireError(status, "E0000009", "Internal Server Error")
        : new OktaWireError(status, "E0000001", "Api validation failed: injected fault");
  }
}
