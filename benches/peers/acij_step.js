// Times amazon-cognito-identity-js's client step, as CognitoUser.authenticateUserDefaultAuth
// runs it: new AuthenticationHelper (a and A), getPasswordAuthenticationKey (x, u, S, HKDF),
// then the HMAC signature with @aws-crypto/sha256-js over pool || user || block || timestamp.
//
// Usage: node acij_step.js FIXTURE_JSON RUNS (NODE_PATH = its node_modules); prints
// {"label", "times": [ms...]}.
// First checks that, given the fixture's 1024-bit a, it signs exactly like the core.
'use strict';
const fs = require('fs');
const assert = require('assert');
const { AuthenticationHelper, DateHelper } = require('amazon-cognito-identity-js');
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;
const { Sha256 } = require('@aws-crypto/sha256-js');
const { Buffer } = require('buffer');
const acijVersion = require('amazon-cognito-identity-js/package.json').version;

const f = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const runs = Number(process.argv[3]);

function sign(helper, timestamp) {
  let srpA;
  helper.getLargeAValue((err, a) => { if (err) throw err; srpA = a.toString(16); });
  const serverB = new BigInteger(f.srp_b_hex, 16);
  const salt = new BigInteger(f.salt_hex, 16);
  let signature;
  helper.getPasswordAuthenticationKey(f.user, f.password, serverB, salt, (err, hkdf) => {
    if (err) throw err;
    const msg = Buffer.concat([
      Buffer.from(f.pool_name, 'utf8'), Buffer.from(f.user, 'utf8'),
      Buffer.from(f.secret_block, 'base64'), Buffer.from(timestamp, 'utf8'),
    ]);
    const mac = new Sha256(hkdf);
    mac.update(msg);
    signature = Buffer.from(mac.digestSync()).toString('base64');
  });
  return [srpA, signature];
}

// Correctness with the fixture's a and timestamp.
const check = new AuthenticationHelper(f.pool_name);
check.smallAValue = new BigInteger(f.a_1024_hex, 16);
check.largeAValue = undefined;
const [srpA, sig] = sign(check, f.timestamp);
assert.strictEqual(srpA, f.expected_srp_a);
assert.strictEqual(sig, f.expected_signature);

const dates = new DateHelper();
const step = () => sign(new AuthenticationHelper(f.pool_name), dates.getNowString());
step(); // warm up
const times = [];
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint();
  step();
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
console.log(JSON.stringify({
  label: `amazon-cognito-identity-js ${acijVersion} (jsbn, Node ${process.versions.node})`,
  times, verified: true,
}));
