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
//   3. A wrong password is refused with NotAuthorizedException.
//   4. NEW_PASSWORD_REQUIRED for a user with a temporary password.
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

// 3. Wrong password.
const r3 = await signIn(new CognitoUser({ Username: username, Pool: pool }), 'not-the-password');
check('wrong password refused', !r3.ok && r3.err?.code === 'NotAuthorizedException', r3.err?.code ?? 'accepted!');

// 4. NEW_PASSWORD_REQUIRED.
const fresh = new CognitoUser({ Username: need('NEW_USER'), Pool: pool });
const r4 = await signIn(fresh, need('NEW_USER_TEMP_PASSWORD'), { newPassword: 'A-Brand-New-Password-1' });
check('NEW_PASSWORD_REQUIRED', r4.ok && r4.seen.includes('NEW_PASSWORD_REQUIRED'), r4.err?.message ?? '');
const r5 = await signIn(new CognitoUser({ Username: need('NEW_USER'), Pool: pool }), 'A-Brand-New-Password-1');
check('sign-in with the new password', r5.ok, r5.err?.message ?? '');

const failed = results.filter((ok) => !ok).length;
console.log(`acij: ${results.length - failed} passed, ${failed} failed`);
exit(failed === 0 ? 0 : 1);
