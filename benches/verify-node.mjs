// The cached-path measurement of benches/benches/verify.rs with AWS's JavaScript verifier
// (aws-jwt-verify), on the token and JWKS that bench wrote to target/bench-verify-token.json.
//
//   mkdir -p target/node-verify && (cd target/node-verify && npm install aws-jwt-verify@5)
//   NODE_PATH=target/node-verify/node_modules node benches/verify-node.mjs
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const require = createRequire(resolve(process.env.NODE_PATH ?? "target/node-verify/node_modules") + "/");
const { CognitoJwtVerifier } = require("aws-jwt-verify");
const input = JSON.parse(readFileSync(new URL("../target/bench-verify-token.json", import.meta.url)));
const verifier = CognitoJwtVerifier.create({
  userPoolId: input.pool,
  clientId: input.client,
  tokenUse: "access",
  groups: "admins",
  scope: "aws.cognito.signin.user.admin",
});
verifier.cacheJwks(input.jwks);
verifier.verifySync(input.token);
const rounds = Number(process.env.VERIFY_ROUNDS ?? 20);
const rates = [];
for (let r = 0; r < rounds; r++) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < 1000; i++) verifier.verifySync(input.token);
  rates.push(1000 / (Number(process.hrtime.bigint() - started) / 1e9));
}
rates.sort((a, b) => a - b);
const pkg = JSON.parse(readFileSync(require.resolve("aws-jwt-verify").replace(/dist\/.*$/, "package.json")));
console.log(
  `aws-jwt-verify ${pkg.version} verifySync (Node ${process.version}) ${Math.round(rates[rates.length >> 1])}/s median ` +
    `(min ${Math.round(rates[0])}, max ${Math.round(rates[rates.length - 1])})`
);
