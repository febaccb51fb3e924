// The npm package in Node (ESM entry point) against the emulator: SRP sign-in with TOTP MFA,
// ConfirmDevice and remember, the device path that skips MFA, refresh with the device key,
// listing and forgetting devices, TOTP set-up, a client secret with an email alias, sign-out,
// and Cognito's errors as JavaScript Errors.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { UserPool } from "cognito-srp";
import { startEmulator, totp } from "./support.mjs";

let emulator;
before(async () => {
  emulator = await startEmulator();
});
after(() => emulator?.stop());

const mfaPool = () =>
  new UserPool({ poolId: "eu-west-1_NodeMfa1", clientId: "nodeapp", endpoint: emulator.endpoint });

test("SRP sign-in with TOTP, remember the device, the device skips MFA, refresh, forget", async () => {
  const pool = mfaPool();
  let step = await pool.signIn("alice", "Node-Passw0rd!", { rememberDevice: true, deviceName: "node" });
  assert.equal(step.kind, "mfaCode");
  assert.equal(step.mfaType, "SOFTWARE_TOKEN_MFA");
  step = await step.answerMfaCode(totp("JBSWY3DPEHPK3PXP"));
  assert.equal(step.kind, "done");
  const first = step.result;
  assert.equal(first.username, "alice");
  assert.equal(first.newDevice, true);
  assert.equal(first.deviceRemembered, true);
  assert.equal(first.deviceError, undefined);
  const device = first.device;
  assert.deepEqual(Object.keys(device).sort(), ["deviceGroupKey", "deviceKey", "devicePassword"]);
  // Device credentials are plain JSON: store them anywhere, read them back.
  const stored = JSON.parse(JSON.stringify(device));

  // The device path (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER): no MFA for a remembered device.
  step = await pool.signIn("alice", "Node-Passw0rd!", { device: stored });
  assert.equal(step.kind, "done");
  const second = step.result;
  assert.equal(second.newDevice, false);
  assert.equal(second.device.deviceKey, device.deviceKey);

  const devices = await pool.listDevices(second.tokens.accessToken);
  const listed = devices.find((d) => d.deviceKey === device.deviceKey);
  assert.ok(listed, JSON.stringify(devices));
  assert.equal(listed.attributes.device_name, "node");
  assert.equal(listed.attributes["dev:device_remembered_status"], "remembered");

  const tokens = await pool.refresh(second.tokens.refreshToken, second.username, device.deviceKey);
  assert.ok(tokens.accessToken.length > 0);
  assert.notEqual(tokens.accessToken, second.tokens.accessToken);
  assert.equal(tokens.tokenType, "Bearer");
  assert.ok(tokens.expiresIn > 0);

  await pool.forgetDevice(tokens.accessToken, device.deviceKey);
  const after = await pool.listDevices(tokens.accessToken);
  assert.ok(!after.some((d) => d.deviceKey === device.deviceKey));
  // The forgotten device is dropped and the sign-in retried without it: MFA again.
  step = await pool.signIn("alice", "Node-Passw0rd!", { device: stored });
  assert.equal(step.kind, "mfaCode");
});

test("ConfirmDevice by hand, then remember it: the device signs in", async () => {
  const pool = mfaPool();
  let step = await pool.signIn("plain", "Node-Plain-Passw0rd!", { confirmNewDevices: false });
  assert.equal(step.kind, "done");
  const { tokens, unconfirmedDevice, device } = step.result;
  assert.equal(device, undefined);
  assert.ok(unconfirmedDevice.deviceKey && unconfirmedDevice.deviceGroupKey);
  const confirmed = await pool.confirmDevice(tokens.accessToken, unconfirmedDevice, "laptop");
  assert.equal(confirmed.device.deviceKey, unconfirmedDevice.deviceKey);
  assert.equal(confirmed.userConfirmationNecessary, true);
  await pool.rememberDevice(tokens.accessToken, confirmed.device.deviceKey);
  step = await pool.signIn("plain", "Node-Plain-Passw0rd!", { device: confirmed.device });
  assert.equal(step.kind, "done");
  assert.equal(step.result.newDevice, false);
  const devices = await pool.listDevices(step.result.tokens.accessToken);
  const listed = devices.find((d) => d.deviceKey === confirmed.device.deviceKey);
  assert.equal(listed.attributes.device_name, "laptop");
  assert.equal(listed.attributes["dev:device_remembered_status"], "remembered");
});

test("TOTP set-up when the pool requires MFA", async () => {
  const pool = new UserPool({ poolId: "eu-west-1_NodeSetup1", clientId: "setupapp", endpoint: emulator.endpoint });
  let step = await pool.signIn("carol", "Node-Carol-Passw0rd!");
  assert.equal(step.kind, "totpSetup");
  assert.ok(step.options.includes("SOFTWARE_TOKEN_MFA"), String(step.options));
  const secret = step.secretCode;
  assert.match(secret, /^[A-Z2-7]+=*$/);
  assert.match(step.totpUri("Example", "carol"), /^otpauth:\/\/totp\/Example:carol\?secret=/);
  step = await step.answerTotpSetup(totp(secret), "phone");
  assert.equal(step.kind, "done");
  assert.ok(step.result.tokens.idToken);
  // A step is answered once.
  assert.throws(() => step.answerMfaCode("123456"), TypeError);
});

test("a client secret with an email alias: SECRET_HASH on sign-in, device and refresh", async () => {
  const pool = new UserPool({
    poolId: "eu-west-1_NodeSecret1",
    clientId: "secretapp",
    clientSecret: "s3cr3t-0f-the-app-client-for-node-tests",
    endpoint: emulator.endpoint,
  });
  let step = await pool.signIn("dave@example.com", "Node-Dave-Passw0rd!");
  assert.equal(step.kind, "done");
  const first = step.result;
  assert.equal(first.username, "dave"); // the internal user name, for SECRET_HASH
  assert.equal(first.newDevice, true);
  step = await pool.signIn("dave@example.com", "Node-Dave-Passw0rd!", { device: first.device });
  assert.equal(step.kind, "done");
  assert.equal(step.result.device.deviceKey, first.device.deviceKey);
  const tokens = await pool.refresh(step.result.tokens.refreshToken, step.result.username, first.device.deviceKey);
  assert.ok(tokens.idToken);

  // Without the secret the app client refuses.
  const noSecret = new UserPool({ poolId: "eu-west-1_NodeSecret1", clientId: "secretapp", endpoint: emulator.endpoint });
  await assert.rejects(noSecret.signIn("dave@example.com", "Node-Dave-Passw0rd!"), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.code, "NotAuthorizedException");
    return true;
  });
});

test("Cognito's errors are Errors named by __type; sign-out ends the refresh token", async () => {
  const pool = mfaPool();
  await assert.rejects(pool.signIn("plain", "Wrong-Passw0rd!"), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, "NotAuthorizedException");
    assert.equal(e.code, "NotAuthorizedException");
    assert.equal(e.status, 400);
    assert.equal(e.retryable, false);
    assert.ok(!e.message.includes("Wrong-Passw0rd!"));
    return true;
  });
  const step = await pool.signIn("plain", "Node-Plain-Passw0rd!");
  const { tokens, username } = step.result;
  await pool.signOut(tokens.accessToken);
  await assert.rejects(pool.refresh(tokens.refreshToken, username), { code: "NotAuthorizedException" });
});

test("revoke ends the refresh token; sign-out with a bad access token is refused", async () => {
  const pool = mfaPool();
  const step = await pool.signIn("plain", "Node-Plain-Passw0rd!");
  const { tokens, username } = step.result;
  assert.equal(await pool.revoke(tokens.refreshToken), undefined);
  await assert.rejects(pool.refresh(tokens.refreshToken, username), { code: "NotAuthorizedException" });
  await assert.rejects(pool.signOut("not-a-token"), { code: "NotAuthorizedException" });
});

test("bad arguments are TypeErrors naming the option", () => {
  assert.throws(() => new UserPool({ clientId: "x" }), { name: "TypeError", message: /options.poolId is required/ });
  assert.throws(() => new UserPool({ poolId: 5, clientId: "x" }), { name: "TypeError", message: /options.poolId must be a string/ });
  const pool = mfaPool();
  assert.throws(() => pool.signIn("a", "b", { device: { deviceKey: "k" } }), { message: /options.device.deviceGroupKey is required/ });
  assert.throws(() => pool.signIn("a", "b", { rememberDevice: "yes" }), { message: /options.rememberDevice must be a boolean/ });
});
