// The package's error classes. The WebAssembly module throws them (through `makeError`), and
// the package's entry points export them, so `err instanceof CognitoServiceError` works with
// `import`, `require` and in browsers. build.sh turns this ES module into CommonJS for the
// Node build.

// The names are written out: a minifier renames classes (webpack's production build did:
// `new.target.name` gave "o"), and `name` and `code` are part of the API.

/** Every error of a Cognito call: `code` names what failed, `retryable` says whether the same
 * request may succeed when sent again. */
export class CognitoError extends Error {
  constructor(message, options = {}) {
    super(message);
    this.name = options.name ?? "CognitoError";
    this.code = options.code ?? this.name;
    this.retryable = Boolean(options.retryable);
  }
}

/** Cognito answered with an error: `code` and `name` are its `__type`
 * (`NotAuthorizedException`, ...), `status` the HTTP status, `requestId` its request id. */
export class CognitoServiceError extends CognitoError {
  constructor(message, options = {}) {
    super(message, { ...options, name: options.code ?? "CognitoServiceError" });
    this.status = options.status;
    this.requestId = options.requestId;
  }
}

/** The request got no usable answer: the network failed, the call timed out (30 s), or the
 * reply was larger than the limit (1 MiB). */
export class CognitoTransportError extends CognitoError {
  constructor(message, options = {}) {
    super(message, { ...options, name: "CognitoTransportError" });
  }
}

/** The answer made no sense: a body that is not what Cognito sends, or an HTTP error
 * status without Cognito's `__type`. */
export class CognitoProtocolError extends CognitoError {
  constructor(message, options = {}) {
    super(message, { ...options, name: "CognitoProtocolError" });
  }
}

/** For the WebAssembly module: the error of `kind` ("service", "transport", "protocol" or
 * anything else for a plain `CognitoError`). */
export function makeError(kind, message, code, retryable, status, requestId) {
  switch (kind) {
    case "service":
      return new CognitoServiceError(message, { code, retryable, status, requestId });
    case "transport":
      return new CognitoTransportError(message, { retryable });
    case "protocol":
      return new CognitoProtocolError(message, { retryable });
    default:
      return new CognitoError(message, { retryable });
  }
}
