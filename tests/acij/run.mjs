// amazon-cognito-identity-js (AWS's own JavaScript client) against cognito-srp-emulator.
//
// The Rust test crates/cognito-srp-emulator/tests/acij.rs starts a seeded emulator and runs
// this script with its endpoint and users in the environment. Each scenario prints one line;
// the script exits 0 only when every scenario behaved as Cognito would.
//
//   1. SRP sign-in with TOTP MFA; NewDeviceMetadata; the library confirms the device;
//      we remember it (setDeviceStatusRemembered).
//   2. A fresh CognitoUser signs in again: DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER,
//      and MFA is skipped.
//   3. The library refreshes its session (REFRESH_TOKEN_AUTH with its DEVICE_KEY), lists its
//      devices and reads the user's attributes with the device sign-in's access token.
//   4. A wrong password is refused with NotAuthorizedException.
//   5. NEW_PASSWORD_REQUIRED for a user with a temporary password.
//   6. The library forgets its device: the next sign-in needs TOTP again and gets a new
//      device; a global sign-out then ends the refresh token.
import { createHmac } from 'node:crypto';
import { env, exit } from 'node:process';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
} from 'amazon-cognito-identity-js';

const need = (name) => {
  const value = env[name];
  if (!value) {
    console.error(`missing environment variable ${name}`);
    exit(2);
  }
  return value;
};

const endpoint = need('EMULATOR_ENDPOINT');
const pool = new CognitoUserPool({
  UserPoolId: need('POOL_ID'),
  ClientId: need('CLIENT_ID'),
  endpoint: endpoint.endsWith('/') ? endpoint : `${endpoint}/`,
});

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function totp(secret, seconds = Math.floor(Date.now() / 1000)) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(code).padStart(6, '0');
}

// One sign-in, recording every callback the library calls.
function signIn(user, password, answers = {}) {
  return new Promise((resolve) => {
    const seen = [];
    const details = new AuthenticationDetails({ Username: user.getUsername(), Password: password });
    const callbacks = {
      onSuccess: (session, userConfirmationNecessary) =>
        resolve({ ok: true, session, userConfirmationNecessary, seen }),
      onFailure: (err) => resolve({ ok: false, err, seen }),
      totpRequired: (name) => {
        seen.push(name);
        user.sendMFACode(answers.totp(), callbacks, 'SOFTWARE_TOKEN_MFA');
      },
      mfaRequired: (name) => {
        seen.push(name);
        resolve({ ok: false, err: new Error(`unexpected ${name}`), seen });
      },
      newPasswordRequired: () => {
        seen.push('NEW_PASSWORD_REQUIRED');
        user.completeNewPasswordChallenge(answers.newPassword, {}, callbacks);
      },
    };
    user.authenticateUser(details, callbacks);
  });
}

const results = [];
function check(name, condition, detail = '') {
  results.push(condition);
  console.log(`${condition ? 'PASS' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

const username = need('MFA_USER');
const password = need('MFA_PASSWORD');
const secret = need('TOTP_SECRET');

// 1. SRP + TOTP; the library confirms the new device.
const first = new CognitoUser({ Username: username, Pool: pool });
const r1 = await signIn(first, password, { totp: () => totp(secret) });
check('SRP sign-in with TOTP MFA', r1.ok && r1.seen.includes('SOFTWARE_TOKEN_MFA'), r1.err?.message ?? '');
check('NewDeviceMetadata confirmed by the library', r1.ok && r1.userConfirmationNecessary === true && !!first.deviceKey,
  `deviceKey=${first.deviceKey}`);
const remembered = await new Promise((resolve) =>
  first.setDeviceStatusRemembered({ onSuccess: () => resolve(true), onFailure: (e) => resolve(e) }));
check('setDeviceStatusRemembered', remembered === true, remembered === true ? '' : String(remembered?.message));

// 2. A new CognitoUser: the cached device takes DEVICE_SRP_AUTH and MFA is skipped.
const second = new CognitoUser({ Username: username, Pool: pool });
const r2 = await signIn(second, password, { totp: () => totp(secret) });
check('device sign-in (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER) skips MFA',
  r2.ok && r2.seen.length === 0 && second.deviceKey === first.deviceKey, r2.err?.message ?? `seen=${r2.seen}`);
check('tokens from the device sign-in',
  r2.ok && r2.session.getAccessToken().decodePayload().device_key === first.deviceKey);

// Callback-style calls as promises.
const settle = (start) =>
  new Promise((resolve) => start({ onSuccess: (v) => resolve({ ok: true, v }), onFailure: (err) => resolve({ ok: false, err }) }));
const nodeStyle = (start) =>
  new Promise((resolve) => start((err, v) => resolve(err ? { ok: false, err } : { ok: true, v })));

// 3. Refresh with the device key, list devices, read attributes.
const refreshed = r2.ok
  ? await nodeStyle((cb) => second.refreshSession(r2.session.getRefreshToken(), cb))
  : { ok: false, err: new Error('no session') };
check('refreshSession (REFRESH_TOKEN_AUTH with DEVICE_KEY)',
  refreshed.ok && refreshed.v.getAccessToken().decodePayload().device_key === first.deviceKey,
  refreshed.err?.message ?? '');
const listed = await settle((cb) => second.listDevices(10, null, cb));
check('listDevices', listed.ok && listed.v.Devices?.length === 1 && listed.v.Devices[0].DeviceKey === first.deviceKey,
  listed.err?.message ?? JSON.stringify(listed.v));
const attributes = await nodeStyle((cb) => second.getUserAttributes(cb));
check('getUserAttributes', attributes.ok && attributes.v.some((a) => a.getName() === 'sub'),
  attributes.err?.message ?? '');

// 4. Wrong password.
const r3 = await signIn(new CognitoUser({ Username: username, Pool: pool }), 'not-the-password');
check('wrong password refused', !r3.ok && r3.err?.code === 'NotAuthorizedException', r3.err?.code ?? 'accepted!');

// 5. NEW_PASSWORD_REQUIRED.
const fresh = new CognitoUser({ Username: need('NEW_USER'), Pool: pool });
const r4 = await signIn(fresh, need('NEW_USER_TEMP_PASSWORD'), { newPassword: 'A-Brand-New-Password-1' });
check('NEW_PASSWORD_REQUIRED', r4.ok && r4.seen.includes('NEW_PASSWORD_REQUIRED'), r4.err?.message ?? '');
const r5 = await signIn(new CognitoUser({ Username: need('NEW_USER'), Pool: pool }), 'A-Brand-New-Password-1');
check('sign-in with the new password', r5.ok, r5.err?.message ?? '');

// 6. Forget the device (the library drops its cached keys); sign in again; global sign-out.
const forgotten = await settle((cb) => second.forgetDevice(cb));
check('forgetDevice', forgotten.ok && second.deviceKey === null, forgotten.err?.message ?? '');
const third = new CognitoUser({ Username: username, Pool: pool });
const r6 = await signIn(third, password, { totp: () => totp(secret) });
check('after forgetDevice: TOTP again and a new device',
  r6.ok && r6.seen.includes('SOFTWARE_TOKEN_MFA') && !!third.deviceKey && third.deviceKey !== first.deviceKey,
  r6.err?.message ?? `seen=${r6.seen} deviceKey=${third.deviceKey}`);
const signedOut = await settle((cb) => third.globalSignOut(cb));
const afterSignOut = r6.ok
  ? await nodeStyle((cb) => third.refreshSession(r6.session.getRefreshToken(), cb))
  : { ok: true };
check('globalSignOut ends the refresh token',
  signedOut.ok && !afterSignOut.ok && afterSignOut.err?.code === 'NotAuthorizedException',
  signedOut.err?.message ?? afterSignOut.err?.message ?? 'refresh still works');

const failed = results.filter((ok) => !ok).length;
console.log(`acij: ${results.length - failed} passed, ${failed} failed`);
exit(failed === 0 ? 0 : 1);
