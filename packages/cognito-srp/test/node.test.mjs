// The npm package in Node (ESM entry point) against the emulator: SRP sign-in with TOTP MFA,
// ConfirmDevice and remember, the device path that skips MFA, refresh with the device key,
// listing and forgetting devices, TOTP set-up, a client secret with an email alias, sign-out,
// Cognito's errors as the package's Error subclasses, transport and protocol errors, the
// reply size limit enforced while the body is read, and the other flows: USER_AUTH (a one-time
// code from the emulator's outbox, SELECT_CHALLENGE), CUSTOM_AUTH with and without SRP, and a
// passkey (WEB_AUTHN) from a stand-in server, since the emulator never offers one.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  UserPool,
  CognitoError,
  CognitoServiceError,
  CognitoTransportError,
  CognitoProtocolError,
} from "cognito-srp";
import { fakeCognito, outboxCode, refusedEndpoint, startEmulator, totp } from "./support.mjs";

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
    assert.ok(e instanceof CognitoServiceError, String(e));
    assert.ok(e instanceof CognitoError && e instanceof Error);
    assert.ok(!(e instanceof CognitoTransportError) && !(e instanceof CognitoProtocolError));
    assert.equal(e.name, "NotAuthorizedException");
    assert.equal(e.code, "NotAuthorizedException");
    assert.equal(e.status, 400);
    assert.match(e.requestId, /^[0-9a-f-]{36}$/);
    assert.equal(e.retryable, false);
    assert.match(String(e.stack), /NotAuthorizedException/);
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
  for (const bad of [-1, 1.5, 1001, "3"]) {
    assert.throws(() => pool.signIn("a", "b", { maxRestarts: bad }), { name: "TypeError", message: /options.maxRestarts must be a whole number/ });
  }
  const typeError = (message) => ({ name: "TypeError", message });
  assert.throws(() => pool.signIn("a", "b", { flow: "srp" }), typeError(/options.flow must be userSrp, .* not "srp"/));
  assert.throws(() => pool.signIn("a", undefined, { flow: "userAuth", preferredChallenge: "TOTP" }), typeError(/options.preferredChallenge must be PASSWORD, .* not "TOTP"/));
  assert.throws(() => pool.signIn("a", "b", { preferredChallenge: "EMAIL_OTP" }), typeError(/preferredChallenge is only for flow userAuth/));
  assert.throws(() => pool.signIn("a", "b", { clientMetadata: { n: 1 } }), typeError(/options.clientMetadata: values must be strings/));
  assert.throws(() => pool.signIn("a", "b", { clientMetadata: "x" }), typeError(/options.clientMetadata must be an object/));
  for (const [password, options] of [
    [undefined, undefined],
    [null, { flow: "customWithSrp" }],
    [undefined, { flow: "password" }],
    [undefined, { flow: "userAuth", preferredChallenge: "PASSWORD_SRP" }],
  ]) {
    assert.throws(() => pool.signIn("a", password, options), typeError(/this flow needs the password, and none was given/));
  }
});

const CHOICE_POOL = "eu-west-1_NodeChoice1";
const choicePool = (endpoint = emulator.endpoint) => new UserPool({ poolId: CHOICE_POOL, clientId: "choiceapp", endpoint });

test("USER_AUTH with EMAIL_OTP preferred: no password, the code from the outbox", async () => {
  const pool = choicePool();
  let step = await pool.signIn("erin", undefined, { flow: "userAuth", preferredChallenge: "EMAIL_OTP" });
  assert.equal(step.kind, "oneTimeCode");
  assert.equal(step.deliveryMedium, "EMAIL");
  assert.match(step.destination, /^e\S*@\S+$/);
  assert.equal(step.challengeParameters, undefined);
  const code = await outboxCode(emulator.endpoint, CHOICE_POOL, "erin", "SIGN_IN_OTP");
  assert.throws(() => step.answerMfaCode(code), {
    name: "TypeError",
    message: "answerMfaCode answers a mfaCode step, this step is oneTimeCode",
  });
  const answered = step.answerOneTimeCode(code);
  assert.throws(() => step.answerOneTimeCode(code), { name: "TypeError", message: "this oneTimeCode step was already answered" });
  step = await answered;
  assert.equal(step.kind, "done");
  assert.equal(step.result.username, "erin");
  assert.ok(step.result.tokens.accessToken.length > 0);
});

test("USER_AUTH without a preference: selectChallenge, a password factor needs the password", async () => {
  const pool = choicePool();
  let step = await pool.signIn("erin", undefined, { flow: "userAuth" });
  assert.equal(step.kind, "selectChallenge");
  assert.deepEqual([...step.options].sort(), ["EMAIL_OTP", "PASSWORD", "PASSWORD_SRP"]);
  assert.throws(() => step.selectChallenge("PASSWORD_SRP"), {
    name: "TypeError",
    message: /^selectChallenge: PASSWORD_SRP needs the password/,
  });
  assert.throws(() => step.selectChallenge("SMS_MFA", "x"), { name: "TypeError", message: /must be PASSWORD, PASSWORD_SRP/ });
  assert.throws(() => step.selectMfa("SMS_MFA"), { name: "TypeError", message: /this step is selectChallenge/ });
  // The refused choice left the step open: it is answered now.
  step = await step.selectChallenge("PASSWORD_SRP", "Node-Erin-Passw0rd!");
  assert.equal(step.kind, "done");
  assert.equal(step.result.username, "erin");

  // A password given to signIn serves the choice made later.
  step = await pool.signIn("erin", "Node-Erin-Passw0rd!", { flow: "userAuth" });
  assert.equal(step.kind, "selectChallenge");
  step = await step.selectChallenge("PASSWORD");
  assert.equal(step.kind, "done");
});

test("CUSTOM_AUTH: the custom challenge after SRP and without it; a wrong answer is Cognito's error", async () => {
  const pool = choicePool();
  let step = await pool.signIn("erin", "Node-Erin-Passw0rd!", { flow: "customWithSrp" });
  assert.equal(step.kind, "customChallenge");
  assert.equal(step.challengeParameters.USERNAME, "erin");
  step = await step.answerCustomChallenge("forty-two");
  assert.equal(step.kind, "done");
  assert.equal(step.result.username, "erin");

  step = await pool.signIn("erin", undefined, { flow: "custom", clientMetadata: { source: "node" } });
  assert.equal(step.kind, "customChallenge");
  await assert.rejects(step.answerCustomChallenge("forty-one"), (e) => {
    assert.ok(e instanceof CognitoServiceError, String(e));
    assert.equal(e.name, "NotAuthorizedException");
    assert.equal(e.code, "NotAuthorizedException");
    assert.equal(e.status, 400);
    return true;
  });
  step = await pool.signIn("erin", undefined, { flow: "custom" });
  step = await step.answerCustomChallenge("forty-two");
  assert.equal(step.kind, "done");
});

test("webAuthn: the request options, and the credential object sent as CREDENTIAL JSON", async () => {
  const requestOptions = JSON.stringify({ challenge: "bm9kZS1jaGFsbGVuZ2U", rpId: "example.com", allowCredentials: [] });
  const calls = [];
  const server = await fakeCognito((req, res, body) => {
    calls.push({ target: req.headers["x-amz-target"], body: JSON.parse(body) });
    const reply =
      calls.at(-1).target.endsWith(".InitiateAuth")
        ? {
            ChallengeName: "WEB_AUTHN",
            Session: "session-1",
            ChallengeParameters: { USERNAME: "erin", CREDENTIAL_REQUEST_OPTIONS: requestOptions },
          }
        : {
            ChallengeParameters: {},
            AuthenticationResult: { AccessToken: "access", IdToken: "id", RefreshToken: "refresh", ExpiresIn: 3600, TokenType: "Bearer" },
          };
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(reply));
  });
  try {
    const pool = choicePool(server.endpoint);
    const options = { flow: "userAuth", preferredChallenge: "WEB_AUTHN", clientMetadata: { source: "node" } };
    let step = await pool.signIn("erin", undefined, options);
    assert.equal(step.kind, "webAuthn");
    assert.equal(step.credentialRequestOptions, requestOptions);
    assert.equal(calls[0].target, "AWSCognitoIdentityProviderService.InitiateAuth");
    assert.equal(calls[0].body.AuthFlow, "USER_AUTH");
    assert.equal(calls[0].body.AuthParameters.PREFERRED_CHALLENGE, "WEB_AUTHN");
    assert.deepEqual(calls[0].body.ClientMetadata, { source: "node" });
    assert.throws(() => step.answerWebAuthn(42), { name: "TypeError", message: /credential must be a string or an object/ });
    const credential = {
      id: "Y3JlZA",
      rawId: "Y3JlZA",
      type: "public-key",
      response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "MEUC" },
    };
    step = await step.answerWebAuthn(credential);
    assert.equal(step.kind, "done");
    assert.equal(step.result.tokens.accessToken, "access");
    assert.equal(calls.length, 2);
    assert.equal(calls[1].target, "AWSCognitoIdentityProviderService.RespondToAuthChallenge");
    assert.equal(calls[1].body.ChallengeName, "WEB_AUTHN");
    assert.equal(calls[1].body.Session, "session-1");
    assert.equal(calls[1].body.ChallengeResponses.USERNAME, "erin");
    assert.equal(typeof calls[1].body.ChallengeResponses.CREDENTIAL, "string");
    assert.deepEqual(JSON.parse(calls[1].body.ChallengeResponses.CREDENTIAL), credential);
    assert.deepEqual(calls[1].body.ClientMetadata, { source: "node" });

    // A string is sent as it is.
    step = await pool.signIn("erin", undefined, options);
    step = await step.answerWebAuthn('{"id":"as-is"}');
    assert.equal(step.kind, "done");
    assert.equal(calls[3].body.ChallengeResponses.CREDENTIAL, '{"id":"as-is"}');
  } finally {
    server.stop();
  }
});

const MAX_REPLY = 1 << 20;
const fakePool = (endpoint) => new UserPool({ poolId: "eu-west-1_NodeMfa1", clientId: "nodeapp", endpoint });

test("connection refused: a retryable CognitoTransportError", async () => {
  // maxRestarts: 0, else the sign-in starts over 50 times (minutes) before giving up.
  const pool = fakePool(await refusedEndpoint());
  await assert.rejects(pool.signIn("plain", "Node-Plain-Passw0rd!", { maxRestarts: 0 }), (e) => {
    assert.ok(e instanceof CognitoTransportError, String(e));
    assert.ok(e instanceof CognitoError && e instanceof Error);
    assert.ok(!(e instanceof CognitoServiceError));
    assert.equal(e.name, "CognitoTransportError");
    assert.equal(e.code, "CognitoTransportError");
    assert.equal(e.retryable, true);
    assert.equal(e.status, undefined);
    assert.equal(e.requestId, undefined);
    return true;
  });
});

test("a reply that is not Cognito's JSON: a CognitoProtocolError", async () => {
  const server = await fakeCognito((req, res) => res.end("<html>not json</html>"));
  try {
    await assert.rejects(fakePool(server.endpoint).signIn("plain", "Node-Plain-Passw0rd!"), (e) => {
      assert.ok(e instanceof CognitoProtocolError, String(e));
      assert.ok(e instanceof CognitoError && !(e instanceof CognitoServiceError));
      assert.equal(e.name, "CognitoProtocolError");
      assert.equal(e.code, "CognitoProtocolError");
      assert.equal(e.retryable, false);
      assert.match(e.message, /InitiateAuth/);
      return true;
    });
  } finally {
    server.stop();
  }
});

test("an error status without __type: a CognitoProtocolError", async () => {
  const server = await fakeCognito((req, res) => res.writeHead(404).end("no such page"));
  try {
    await assert.rejects(fakePool(server.endpoint).signIn("plain", "x"), (e) => {
      assert.ok(e instanceof CognitoProtocolError, String(e));
      assert.match(e.message, /HTTP 404/);
      return true;
    });
  } finally {
    server.stop();
  }
});

// A Cognito error padded with spaces to `size` bytes, with or without Content-Length.
function paddedError(size, withLength) {
  const json = JSON.stringify({ __type: "NotAuthorizedException", message: "Incorrect username or password." });
  const body = Buffer.alloc(size, " ");
  body.write(json);
  return (req, res) => {
    const headers = { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "req-padded" };
    if (withLength) headers["content-length"] = String(size);
    res.writeHead(400, headers);
    // In 64 KiB pieces, so that without Content-Length the body comes chunked.
    for (let at = 0; at < size; at += 1 << 16) res.write(body.subarray(at, Math.min(size, at + (1 << 16))));
    res.end();
  };
}

for (const withLength of [false, true]) {
  const how = withLength ? "with Content-Length" : "chunked, without Content-Length";
  test(`a reply of exactly 1 MiB is read, one byte more is refused (${how})`, async () => {
    const exact = await fakeCognito(paddedError(MAX_REPLY, withLength));
    try {
      await assert.rejects(fakePool(exact.endpoint).signIn("plain", "x"), (e) => {
        assert.ok(e instanceof CognitoServiceError, String(e));
        assert.equal(e.code, "NotAuthorizedException");
        assert.equal(e.requestId, "req-padded");
        return true;
      });
    } finally {
      exact.stop();
    }
    const over = await fakeCognito(paddedError(MAX_REPLY + 1, withLength));
    try {
      await assert.rejects(fakePool(over.endpoint).signIn("plain", "x", { maxRestarts: 0 }), (e) => {
        assert.ok(e instanceof CognitoTransportError, String(e));
        assert.match(e.message, new RegExp(`larger than the limit of ${MAX_REPLY} bytes`));
        return true;
      });
    } finally {
      over.stop();
    }
  });
}

// The old code read the body whole (arrayBuffer) before measuring it: this test hung there.
test("an endless reply is cut off at the limit while it is read, not after", { timeout: 20_000 }, async () => {
  let sent = 0;
  const server = await fakeCognito((req, res) => {
    // No Content-Length (or a small, false one would not matter): 64 KiB pieces for ever,
    // as fast as the client takes them, until the client hangs up.
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
    const piece = Buffer.alloc(1 << 16, " ");
    const pump = () => {
      while (!res.destroyed && res.write(piece)) sent += piece.length;
      if (!res.destroyed) res.once("drain", pump);
    };
    res.on("close", () => res.removeAllListeners("drain"));
    pump();
  });
  try {
    const started = Date.now();
    await assert.rejects(fakePool(server.endpoint).signIn("plain", "x", { maxRestarts: 0 }), (e) => {
      assert.ok(e instanceof CognitoTransportError, String(e));
      assert.match(e.message, new RegExp(`larger than the limit of ${MAX_REPLY} bytes`));
      assert.equal(e.retryable, true);
      return true;
    });
    // The 30 s timeout did not end it: the limit did, on each of the three attempts.
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.equal(server.requests, 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(server.closed, server.requests, "the client hung up each connection");
    assert.ok(sent < 64 * MAX_REPLY, `${sent} bytes sent`);
  } finally {
    server.stop();
  }
});
