// The CommonJS entry point: require("cognito-srp") signs in against the emulator.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const {
  UserPool,
  CognitoError,
  CognitoServiceError,
  CognitoTransportError,
  CognitoProtocolError,
} = require("cognito-srp");

test("require('cognito-srp') signs in", async () => {
  const { startEmulator } = await import("./support.mjs");
  const emulator = await startEmulator();
  try {
    const pool = new UserPool({ poolId: "eu-west-1_NodeMfa1", clientId: "nodeapp", endpoint: emulator.endpoint });
    const step = await pool.signIn("plain", "Node-Plain-Passw0rd!");
    assert.equal(step.kind, "done");
    assert.ok(step.result.tokens.accessToken);
    await assert.rejects(pool.signIn("plain", "Wrong-Passw0rd!"), (e) => {
      assert.ok(e instanceof CognitoServiceError && e instanceof CognitoError && e instanceof Error, String(e));
      assert.equal(e.name, "NotAuthorizedException");
      assert.equal(e.code, "NotAuthorizedException");
      assert.equal(e.status, 400);
      assert.equal(typeof e.requestId, "string");
      assert.equal(e.retryable, false);
      return true;
    });
  } finally {
    emulator.stop();
  }
});

test("require: transport and protocol errors are the package's classes", async () => {
  const { fakeCognito, refusedEndpoint } = await import("./support.mjs");
  const refused = new UserPool({ poolId: "eu-west-1_NodeMfa1", clientId: "nodeapp", endpoint: await refusedEndpoint() });
  await assert.rejects(refused.signIn("plain", "x", { maxRestarts: 0 }), (e) => {
    assert.ok(e instanceof CognitoTransportError && e instanceof CognitoError, String(e));
    assert.equal(e.name, "CognitoTransportError");
    assert.equal(e.code, "CognitoTransportError");
    assert.equal(e.retryable, true);
    return true;
  });
  const server = await fakeCognito((req, res) => res.end("not json"));
  try {
    const pool = new UserPool({ poolId: "eu-west-1_NodeMfa1", clientId: "nodeapp", endpoint: server.endpoint });
    await assert.rejects(pool.signIn("plain", "x"), (e) => {
      assert.ok(e instanceof CognitoProtocolError && e instanceof CognitoError, String(e));
      assert.equal(e.name, "CognitoProtocolError");
      assert.equal(e.retryable, false);
      return true;
    });
  } finally {
    server.stop();
  }
});

test("the ESM and CommonJS entry points share one module and the same error classes", async () => {
  const esm = await import("cognito-srp");
  assert.equal(esm.UserPool, UserPool);
  assert.equal(esm.CognitoError, CognitoError);
  assert.equal(esm.CognitoServiceError, CognitoServiceError);
  assert.equal(esm.CognitoTransportError, CognitoTransportError);
  assert.equal(esm.CognitoProtocolError, CognitoProtocolError);
  assert.ok(Object.getPrototypeOf(CognitoServiceError) === CognitoError);
});
