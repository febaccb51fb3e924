// The CommonJS entry point: require("cognito-srp") signs in against the emulator.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { UserPool } = require("cognito-srp");

test("require('cognito-srp') signs in", async () => {
  const { startEmulator } = await import("./support.mjs");
  const emulator = await startEmulator();
  try {
    const pool = new UserPool({ poolId: "eu-west-1_NodeMfa1", clientId: "nodeapp", endpoint: emulator.endpoint });
    const step = await pool.signIn("plain", "Node-Plain-Passw0rd!");
    assert.equal(step.kind, "done");
    assert.ok(step.result.tokens.accessToken);
  } finally {
    emulator.stop();
  }
});

test("the ESM and CommonJS entry points share one module", async () => {
  const esm = await import("cognito-srp");
  assert.equal(esm.UserPool, UserPool);
});
