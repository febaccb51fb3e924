// The cognito-srp npm package (its web build) in the browser bench (bundled by ../browser.mjs
// with esbuild; the .wasm is served next to the bundle): a function that signs the bench user in
// once (USER_SRP_AUTH) against `endpoint`.
import init, { UserPool } from "cognito-srp/web";

export async function setup(endpoint, { pool, client, user, password }) {
  await init({ module_or_path: new URL("cognito_srp_bg.wasm", import.meta.url) });
  const userPool = new UserPool({ poolId: pool, clientId: client, endpoint });
  return async () => {
    const step = await userPool.signIn(user, password);
    if (step.kind !== "done") throw new Error(step.kind);
  };
}
