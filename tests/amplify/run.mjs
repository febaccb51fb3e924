// AWS Amplify JS v6 (the `aws-amplify` package's Auth category) against cognito-srp-emulator.
//
// The Rust test crates/cognito-srp-emulator/tests/amplify.rs starts an emulator, creates the
// pool, the app client and one user with its Admin API, and runs this script with the
// endpoint in the environment. Every step prints one TAP-like line, `ok <n> <name>` or
// `not ok <n> <name>: <details>`; the details name the Amplify error (name: message) and the
// emulator's answers to the step's requests. The script exits 0 only when every step passed.
//
// Two users, so that each step's preconditions hold:
//
//   ann (SIGNUP_USER) registers herself and never turns MFA on, so the one-time-code and
//   account steps run without an MFA challenge:
//     1 signUp  2 confirmSignUp  3 signIn USER_SRP_AUTH  4 USER_AUTH + PASSWORD_SRP
//     5 USER_AUTH + EMAIL_OTP  6 updateUserAttributes (email) / send...Code / confirmUserAttribute
//     7 resetPassword / confirmResetPassword  8 deleteUser
//   tess (MFA_USER, made by the Rust test with a permanent password and a verified email) takes
//   the MFA and device steps; the pool tracks devices (ChallengeRequiredOnNewDevice,
//   DeviceOnlyRememberedOnUserPrompt) and has MFA optional:
//     9 signIn USER_SRP_AUTH (a new device, confirmed by Amplify)
//     10 setUpTOTP / verifyTOTPSetup / updateMFAPreference  11 signIn with TOTP
//     12 rememberDevice  13 signIn through DEVICE_SRP_AUTH without TOTP
//     14 fetchAuthSession({ forceRefresh: true }) twice (GetTokensFromRefreshToken)
//
// AMPLIFY_STEPS=key,key,... runs only those steps (see `step`).
//
// Codes the pool "sends" (sign-up, one-time sign-in code, password reset, attribute
// verification) are read from the emulator's control endpoint
// GET /_emulator/messages/{poolId}/{username}.
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { env, exit } from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';

// Node 20 has no `navigator`: Amplify names a confirmed device after navigator.userAgent (it
// silently skips ConfirmDevice, so device tracking, without it), and its SRP big-integer code
// picks its multiplication routine from navigator.appName when the module loads. So this comes
// before Amplify is imported (dynamically, below). Storage: with no `window.localStorage`,
// Amplify keeps tokens and device keys in its own in-memory storage, which lives as long as
// this process: that is what the steps need.
globalThis.navigator ??= {
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) cognito-srp-amplify-peer Node.js',
  appName: 'Netscape',
  language: 'en-US',
};

const need = (name) => {
  const value = env[name];
  if (!value) {
    console.error(`missing environment variable ${name}`);
    exit(2);
  }
  return value;
};

const endpoint = need('EMULATOR_ENDPOINT').replace(/\/+$/, '');
const poolId = need('POOL_ID');
const clientId = need('CLIENT_ID');
const ann = {
  username: need('SIGNUP_USER'),
  password: 'Sign-Up-Passw0rd!',
  newPassword: 'Reset-Passw0rd-2!',
  email: 'ann@example.com',
  newEmail: 'ann.new@example.com',
};
const tess = { username: need('MFA_USER'), password: need('MFA_PASSWORD') };

// Every Cognito call Amplify makes goes through the global fetch: record the operation and the
// emulator's answer (status, error type and message, or challenge) for the failure details.
let trace = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init = {}) => {
  const response = await realFetch(input, init);
  const headers = new Headers(init.headers ?? {});
  const target = headers.get('x-amz-target');
  if (target) {
    const op = target.split('.').pop();
    let what = '';
    try {
      const body = JSON.parse(await response.clone().text());
      if (body.__type) what = ` ${body.__type}: ${body.message ?? body.Message ?? ''}`;
      else if (body.ChallengeName) what = ` challenge ${body.ChallengeName}`;
      else if (body.AuthenticationResult) what = body.AuthenticationResult.RefreshToken ? ' tokens + refresh token' : ' tokens';
    } catch {
      what = ' (not JSON)';
    }
    trace.push(`${op} → ${response.status}${what}`);
  }
  return response;
};

const amplifyVersion = createRequire(import.meta.url)('aws-amplify/package.json').version;
const { Amplify } = await import('aws-amplify');
const { ConsoleLogger } = await import('aws-amplify/utils');
const auth = await import('aws-amplify/auth');
// Amplify warns (on stderr) that the endpoint is custom: expected here.
ConsoleLogger.LOG_LEVEL = 'ERROR';

Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: poolId,
      userPoolClientId: clientId,
      // Amplify v6's key for a custom Cognito user pool endpoint.
      userPoolEndpoint: `${endpoint}/`,
      loginWith: { username: true, email: true },
    },
  },
});

// RFC 6238 TOTP (SHA-1, 6 digits, 30 s) from a base32 secret.
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    const index = alphabet.indexOf(c);
    if (index < 0) throw new Error(`not base32: ${text}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function totpAt(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// A code from a time step not used before (a service may refuse a code used twice), waiting for
// the next 30-second step when needed.
let lastTotpStep = -1;
async function freshTotp(secret) {
  let step = Math.floor(Date.now() / 30000);
  if (step <= lastTotpStep) {
    await sleep((lastTotpStep + 1) * 30000 - Date.now() + 200);
    step = Math.floor(Date.now() / 30000);
  }
  lastTotpStep = step;
  return totpAt(secret, step);
}

// The codes the emulator "sent" to a user, from its control endpoint.
async function messages(username) {
  const url = `${endpoint}/_emulator/messages/${encodeURIComponent(poolId)}/${encodeURIComponent(username)}`;
  const response = await realFetch(url);
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.status !== 200 || !Array.isArray(body?.messages)) {
    throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return body.messages;
}

async function lastCode(username, purpose, attribute) {
  const all = await messages(username);
  const matching = all.filter((m) => m.purpose === purpose && (attribute === undefined || m.attribute === attribute));
  const last = matching.at(-1);
  if (!last?.code) {
    throw new Error(`no ${purpose} code for ${username} on the control endpoint (messages: ${JSON.stringify(all)})`);
  }
  return last;
}

class StepFailure extends Error {}
function expect(condition, message) {
  if (!condition) throw new StepFailure(message);
}

const describe = (err) => {
  if (err instanceof StepFailure) return err.message;
  let text = `${err?.name ?? 'Error'}: ${err?.message ?? String(err)}`;
  if (err?.underlyingError) text += ` (underlying: ${err.underlyingError.name}: ${err.underlyingError.message})`;
  return text;
};

const decode = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

async function session() {
  const { tokens } = await auth.fetchAuthSession();
  expect(tokens?.accessToken, 'fetchAuthSession has no tokens after the sign-in');
  return tokens;
}

// Sign out quietly (also when nobody is signed in): Amplify refuses signIn while signed in.
async function quietSignOut() {
  try {
    await auth.signOut();
  } catch {
    // nothing to sign out of
  }
}

async function signInSrp(user, password = user.password) {
  await quietSignOut();
  return auth.signIn({ username: user.username, password, options: { authFlowType: 'USER_SRP_AUTH' } });
}

// Signed in as `user` (a step's precondition when an earlier step that signed in failed).
async function ensureSignedIn(user, password = user.password) {
  try {
    const current = await auth.getCurrentUser();
    if (current.username === user.username) return;
  } catch {
    // not signed in
  }
  const result = await signInSrp(user, password);
  expect(result.isSignedIn, `precondition: SRP sign-in as ${user.username} gave ${JSON.stringify(result.nextStep)}`);
}

const passed = new Set();
let number = 0;
let failures = 0;
let unselected = 0;
// AMPLIFY_STEPS (optional): a comma-separated list of step keys to run (the first argument of
// each `step` below); the others are reported as TAP skips and counted apart.
const selected = env.AMPLIFY_STEPS ? new Set(env.AMPLIFY_STEPS.split(',').map((k) => k.trim())) : undefined;

// Runs one step; `needs` names the steps whose outcome it builds on (skipped when one failed).
async function step(key, name, needs, body) {
  number += 1;
  if (selected && !selected.has(key)) {
    unselected += 1;
    console.log(`ok ${number} ${name} # SKIP not selected (AMPLIFY_STEPS)`);
    return;
  }
  const missing = needs.filter((k) => !passed.has(k));
  if (missing.length > 0) {
    failures += 1;
    console.log(`not ok ${number} ${name}: skipped, needs the step(s) ${missing.join(', ')} that failed`);
    return;
  }
  trace = [];
  try {
    const note = await body();
    passed.add(key);
    console.log(`ok ${number} ${name}${note ? ` # ${note}` : ''}`);
  } catch (err) {
    failures += 1;
    const answers = trace.length > 0 ? ` | emulator: ${trace.join('; ')}` : '';
    console.log(`not ok ${number} ${name}: ${describe(err)}${answers}`);
  }
}

console.log(`# aws-amplify ${amplifyVersion} against ${endpoint}, pool ${poolId}, client ${clientId}`);
console.log('1..14');

// ---- ann: a self-registered user, no MFA -------------------------------------------------

await step('signUp', 'signUp with an email attribute → CONFIRM_SIGN_UP', [], async () => {
  const result = await auth.signUp({
    username: ann.username,
    password: ann.password,
    options: { userAttributes: { email: ann.email } },
  });
  expect(!result.isSignUpComplete && result.nextStep?.signUpStep === 'CONFIRM_SIGN_UP',
    `signUp answered ${JSON.stringify(result)}`);
  const delivery = result.nextStep.codeDeliveryDetails;
  expect(delivery?.deliveryMedium === 'EMAIL' && delivery?.attributeName === 'email',
    `codeDeliveryDetails ${JSON.stringify(delivery)}`);
  expect(result.userId, 'no userId (UserSub) in the answer');
  return `destination ${delivery.destination}`;
});

await step('confirmSignUp', 'confirmSignUp with the SIGN_UP code from the control endpoint', ['signUp'], async () => {
  const { code } = await lastCode(ann.username, 'SIGN_UP');
  const wrong = code === '000000' ? '111111' : '000000';
  try {
    await auth.confirmSignUp({ username: ann.username, confirmationCode: wrong });
    throw new StepFailure('a wrong confirmation code was accepted');
  } catch (err) {
    if (err instanceof StepFailure) throw err;
    expect(err.name === 'CodeMismatchException', `a wrong code gave ${describe(err)}, not CodeMismatchException`);
  }
  const result = await auth.confirmSignUp({ username: ann.username, confirmationCode: code });
  expect(result.isSignUpComplete && result.nextStep?.signUpStep === 'DONE', `confirmSignUp answered ${JSON.stringify(result)}`);
});

await step('srp', 'signIn USER_SRP_AUTH → DONE', ['confirmSignUp'], async () => {
  const result = await signInSrp(ann);
  expect(result.isSignedIn && result.nextStep?.signInStep === 'DONE', `signIn answered ${JSON.stringify(result)}`);
  const tokens = await session();
  expect(tokens.accessToken.payload.username === ann.username, `access token username ${tokens.accessToken.payload.username}`);
  const attributes = await auth.fetchUserAttributes();
  expect(attributes.email === ann.email && attributes.email_verified === 'true',
    `attributes after sign-up ${JSON.stringify(attributes)}`);
});

await step('passwordSrp', 'signIn USER_AUTH + preferredChallenge PASSWORD_SRP → DONE', ['confirmSignUp'], async () => {
  await quietSignOut();
  const result = await auth.signIn({
    username: ann.username,
    password: ann.password,
    options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD_SRP' },
  });
  expect(result.isSignedIn && result.nextStep?.signInStep === 'DONE', `signIn answered ${JSON.stringify(result)}`);
  expect(trace.some((t) => t.startsWith('InitiateAuth') && t.includes('PASSWORD_VERIFIER')),
    'InitiateAuth(USER_AUTH) did not answer PASSWORD_VERIFIER');
  expect((await session()).accessToken.payload.username === ann.username, 'tokens are not ann\'s');
});

await step('emailOtp', 'signIn USER_AUTH + preferredChallenge EMAIL_OTP → confirmSignIn(SIGN_IN_OTP code) → DONE',
  ['confirmSignUp'], async () => {
    await quietSignOut();
    const result = await auth.signIn({
      username: ann.username,
      options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' },
    });
    expect(!result.isSignedIn && result.nextStep?.signInStep === 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
      `signIn answered ${JSON.stringify(result)}`);
    const { code } = await lastCode(ann.username, 'SIGN_IN_OTP');
    const done = await auth.confirmSignIn({ challengeResponse: code });
    expect(done.isSignedIn && done.nextStep?.signInStep === 'DONE', `confirmSignIn answered ${JSON.stringify(done)}`);
    expect((await session()).accessToken.payload.username === ann.username, 'tokens are not ann\'s');
  });

await step('attributes',
  'updateUserAttributes(email) → CONFIRM_ATTRIBUTE_WITH_CODE; sendUserAttributeVerificationCode; confirmUserAttribute(VERIFY_ATTRIBUTE code)',
  ['confirmSignUp'], async () => {
    await ensureSignedIn(ann);
    const updated = await auth.updateUserAttributes({ userAttributes: { email: ann.newEmail } });
    expect(!updated.email?.isUpdated && updated.email?.nextStep?.updateAttributeStep === 'CONFIRM_ATTRIBUTE_WITH_CODE',
      `updateUserAttributes answered ${JSON.stringify(updated)}`);
    const sent = await auth.sendUserAttributeVerificationCode({ userAttributeKey: 'email' });
    expect(sent?.deliveryMedium === 'EMAIL' && sent?.attributeName === 'email',
      `sendUserAttributeVerificationCode answered ${JSON.stringify(sent)}`);
    const message = await lastCode(ann.username, 'VERIFY_ATTRIBUTE', 'email');
    expect(message.destination === ann.newEmail, `the code went to ${message.destination}, not ${ann.newEmail}`);
    await auth.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: message.code });
    const attributes = await auth.fetchUserAttributes();
    expect(attributes.email === ann.newEmail && attributes.email_verified === 'true',
      `attributes after confirmUserAttribute ${JSON.stringify(attributes)}`);
  });

await step('reset', 'resetPassword → confirmResetPassword(FORGOT_PASSWORD code) → signIn with the new password',
  ['confirmSignUp'], async () => {
    await quietSignOut();
    const started = await auth.resetPassword({ username: ann.username });
    expect(!started.isPasswordReset && started.nextStep?.resetPasswordStep === 'CONFIRM_RESET_PASSWORD_WITH_CODE',
      `resetPassword answered ${JSON.stringify(started)}`);
    const { code } = await lastCode(ann.username, 'FORGOT_PASSWORD');
    await auth.confirmResetPassword({ username: ann.username, confirmationCode: code, newPassword: ann.newPassword });
    try {
      await signInSrp(ann, ann.password);
      throw new StepFailure('the old password still signs in');
    } catch (err) {
      if (err instanceof StepFailure) throw err;
      expect(err.name === 'NotAuthorizedException', `the old password gave ${describe(err)}`);
    }
    const result = await signInSrp(ann, ann.newPassword);
    expect(result.isSignedIn && result.nextStep?.signInStep === 'DONE', `signIn answered ${JSON.stringify(result)}`);
  });

await step('deleteUser', 'deleteUser, then signIn fails (UserNotFoundException or NotAuthorizedException)',
  ['confirmSignUp'], async () => {
    const password = passed.has('reset') ? ann.newPassword : ann.password;
    await ensureSignedIn(ann, password);
    await auth.deleteUser();
    try {
      const result = await signInSrp(ann, password);
      throw new StepFailure(`sign-in after deleteUser answered ${JSON.stringify(result)}`);
    } catch (err) {
      if (err instanceof StepFailure) throw err;
      expect(['UserNotFoundException', 'NotAuthorizedException'].includes(err.name),
        `sign-in after deleteUser gave ${describe(err)}`);
      return err.name;
    }
  });

// ---- tess: TOTP and a remembered device ---------------------------------------------------

let deviceKey;
let totpSecret;

await step('tessSrp', 'signIn USER_SRP_AUTH → DONE; Amplify confirms the new device', [], async () => {
  const result = await signInSrp(tess);
  expect(result.isSignedIn && result.nextStep?.signInStep === 'DONE', `signIn answered ${JSON.stringify(result)}`);
  expect(trace.some((t) => t.startsWith('ConfirmDevice → 200')), `no ConfirmDevice (navigator missing?)`);
  deviceKey = (await session()).accessToken.payload.device_key;
  expect(deviceKey, 'the access token has no device_key');
  return `device ${deviceKey}`;
});

await step('totpSetup', 'setUpTOTP + verifyTOTPSetup + updateMFAPreference({ totp: PREFERRED })', ['tessSrp'], async () => {
  await ensureSignedIn(tess);
  const details = await auth.setUpTOTP();
  totpSecret = details.sharedSecret;
  expect(/^[A-Z2-7]+=*$/.test(totpSecret ?? ''), `sharedSecret ${totpSecret} is not base32`);
  const uri = details.getSetupUri('cognito-srp', tess.username).toString();
  expect(uri.startsWith('otpauth://totp/') && uri.includes(totpSecret), `setup URI ${uri}`);
  await auth.verifyTOTPSetup({ code: await freshTotp(totpSecret) });
  await auth.updateMFAPreference({ totp: 'PREFERRED' });
  const preference = await auth.fetchMFAPreference();
  expect(preference.preferred === 'TOTP' && preference.enabled?.includes('TOTP'),
    `fetchMFAPreference answered ${JSON.stringify(preference)}`);
});

await step('totpSignIn', 'signOut, signIn → CONFIRM_SIGN_IN_WITH_TOTP_CODE → confirmSignIn(code) → DONE',
  ['totpSetup'], async () => {
    const result = await signInSrp(tess);
    expect(!result.isSignedIn && result.nextStep?.signInStep === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE',
      `signIn answered ${JSON.stringify(result)}`);
    const done = await auth.confirmSignIn({ challengeResponse: await freshTotp(totpSecret) });
    expect(done.isSignedIn && done.nextStep?.signInStep === 'DONE', `confirmSignIn answered ${JSON.stringify(done)}`);
    deviceKey = (await session()).accessToken.payload.device_key;
    expect(deviceKey, 'the access token has no device_key');
  });

await step('remember', 'rememberDevice; fetchDevices lists it remembered', ['totpSignIn'], async () => {
  await auth.rememberDevice();
  const devices = await auth.fetchDevices();
  const mine = devices.find((d) => d.id === deviceKey);
  expect(mine, `fetchDevices does not list ${deviceKey}: ${JSON.stringify(devices)}`);
  expect(mine.attributes?.['dev:device_remembered_status'] === 'remembered',
    `device attributes ${JSON.stringify(mine.attributes)}`);
  expect(mine.name === navigator.userAgent, `device name ${mine.name}`);
  return `${devices.length} device(s)`;
});

await step('deviceSignIn', 'signOut, signIn → DONE without TOTP (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER)',
  ['remember'], async () => {
    const result = await signInSrp(tess);
    expect(result.isSignedIn && result.nextStep?.signInStep === 'DONE',
      `signIn answered ${JSON.stringify(result)} (the remembered device should skip TOTP)`);
    expect(trace.some((t) => t.includes('challenge DEVICE_SRP_AUTH')), 'no DEVICE_SRP_AUTH challenge');
    expect(trace.some((t) => t.includes('challenge DEVICE_PASSWORD_VERIFIER')), 'no DEVICE_PASSWORD_VERIFIER challenge');
    const key = (await session()).accessToken.payload.device_key;
    expect(key === deviceKey, `the tokens' device_key ${key} is not the remembered ${deviceKey}`);
  });

await step('refresh', 'fetchAuthSession({ forceRefresh: true }) twice → new tokens (GetTokensFromRefreshToken)',
  ['tessSrp'], async () => {
    await ensureSignedIn(tess);
    const before = (await session()).accessToken.toString();
    const first = await auth.fetchAuthSession({ forceRefresh: true });
    expect(trace.some((t) => t.startsWith('GetTokensFromRefreshToken → 200')), 'no GetTokensFromRefreshToken');
    // With rotation the answer carries a new refresh token, which Amplify keeps for the next.
    const rotated = trace.some((t) => t.startsWith('GetTokensFromRefreshToken → 200 tokens + refresh token'));
    const once = first.tokens?.accessToken?.toString();
    expect(once && once !== before, 'the first refresh gave no new access token');
    // The second refresh uses whatever refresh token the first one left (rotated or not).
    const second = await auth.fetchAuthSession({ forceRefresh: true });
    const twice = second.tokens?.accessToken?.toString();
    expect(twice && twice !== once, 'the second refresh gave no new access token');
    const payload = decode(twice);
    expect(payload.username === tess.username && payload.token_use === 'access', `refreshed token ${JSON.stringify(payload)}`);
    expect(!deviceKey || payload.device_key === deviceKey, `refreshed device_key ${payload.device_key}, not ${deviceKey}`);
    expect(second.tokens.idToken?.payload?.['cognito:username'] === tess.username, 'no id token after the refresh');
    const attributes = await auth.fetchUserAttributes();
    expect(attributes.sub === payload.sub, 'the refreshed access token does not read the user');
    await auth.signOut();
    return `refresh token ${rotated ? 'rotated' : 'not rotated'}; ${trace.filter((t) => t.startsWith('GetTokensFromRefreshToken') || t.startsWith('RevokeToken')).join(', ')}`;
  });

console.log(`# amplify: ${number - failures - unselected} passed, ${failures} failed, ${unselected} not selected`);
exit(failures === 0 ? 0 : 1);
