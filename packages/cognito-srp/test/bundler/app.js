// The browser app that run.mjs bundles with webpack 5 from the packed package: a bare
// `import ... from "cognito-srp"` (package.json's "default" export condition, the bundler build,
// whose glue imports the .wasm as a module). It signs in against the emulator named in the
// page's query (which also names a port that refuses connections) and POSTs its checks to
// /result; run.mjs answers /garbage with a body that is not JSON.
import {
  UserPool, SignInStep, CognitoError, CognitoServiceError, CognitoTransportError, CognitoProtocolError,
} from "cognito-srp";

const checks = [];
const check = (name, ok, detail = "") => {
  checks.push({ name, ok: Boolean(ok), detail: String(detail) });
  if (!ok) throw new Error(`${name}: ${detail}`);
};

async function run() {
  const query = new URLSearchParams(location.search);
  const endpoint = query.get("endpoint");
  const pool = new UserPool({ poolId: "eu-west-1_NodeMfa1", clientId: "nodeapp", endpoint });
  check("new UserPool is a UserPool", pool instanceof UserPool && pool.poolId === "eu-west-1_NodeMfa1", pool.poolId);

  const step = await pool.signIn("plain", "Node-Plain-Passw0rd!", { confirmNewDevices: false });
  check("SRP sign-in of `plain` is done", step instanceof SignInStep && step.kind === "done", step.kind);
  const { tokens, username } = step.result;
  check("the sign-in has tokens for `plain`",
    username === "plain" && typeof tokens.accessToken === "string" && tokens.accessToken.split(".").length === 3,
    `${username} ${typeof tokens.accessToken}`);

  const rejection = async (call) => {
    try {
      await call();
    } catch (e) {
      return e;
    }
    throw new Error("expected a failure");
  };
  const describe = (e) => `${e?.constructor?.name} name=${e?.name} code=${e?.code}: ${e?.message}`;

  const wrong = await rejection(() => pool.signIn("plain", "Wrong-Passw0rd!"));
  check("a wrong password is a CognitoServiceError with code NotAuthorizedException",
    wrong instanceof CognitoServiceError && wrong instanceof CognitoError && wrong instanceof Error
      && !(wrong instanceof CognitoTransportError) && !(wrong instanceof CognitoProtocolError)
      && wrong.code === "NotAuthorizedException" && wrong.name === "NotAuthorizedException"
      && wrong.status === 400 && wrong.retryable === false,
    describe(wrong));

  // The other classes as the WebAssembly module makes them: their names and codes are the
  // documented class names even after the minifier renamed the classes.
  const refused = new UserPool({ poolId: "eu-west-1_NodeMfa1", clientId: "nodeapp", endpoint: query.get("refused") });
  const transport = await rejection(() => refused.signIn("plain", "x", { maxRestarts: 0 }));
  check("connection refused is a CognitoTransportError named so",
    transport instanceof CognitoTransportError && transport instanceof CognitoError
      && !(transport instanceof CognitoServiceError) && !(transport instanceof CognitoProtocolError)
      && transport.name === "CognitoTransportError" && transport.code === "CognitoTransportError"
      && transport.retryable === true,
    describe(transport));
  const garbage = new UserPool({ poolId: "eu-west-1_NodeMfa1", clientId: "nodeapp", endpoint: `${location.origin}/garbage` });
  const protocol = await rejection(() => garbage.signIn("plain", "x"));
  check("a body that is not JSON is a CognitoProtocolError named so",
    protocol instanceof CognitoProtocolError && protocol instanceof CognitoError
      && !(protocol instanceof CognitoTransportError) && !(protocol instanceof CognitoServiceError)
      && protocol.name === "CognitoProtocolError" && protocol.code === "CognitoProtocolError",
    describe(protocol));
  const config = await rejection(() => new UserPool({ poolId: "no-region", clientId: "nodeapp", endpoint }));
  check("a bad pool id is a plain CognitoError named so",
    config instanceof CognitoError && !(config instanceof CognitoServiceError)
      && !(config instanceof CognitoTransportError) && !(config instanceof CognitoProtocolError)
      && config.name === "CognitoError" && config.code === "CognitoError",
    describe(config));
}

let failure = null;
try {
  await run();
} catch (e) {
  failure = String(e && e.stack ? e.stack : e);
}
await fetch("/result", { method: "POST", body: JSON.stringify({ checks, failure }) });
