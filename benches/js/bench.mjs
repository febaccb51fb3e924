// Full SRP sign-in (USER_SRP_AUTH: InitiateAuth, PASSWORD_VERIFIER, tokens) in Node, side by
// side: the cognito-srp npm package (WebAssembly), Amplify JS v6 and
// amazon-cognito-identity-js, against one cognito-srp emulator. For each library: the median
// wall time of a sign-in and the client's CPU time per sign-in (process.cpuUsage of this
// process, user + system: the library's SRP arithmetic, hashing and HTTP handling; the
// emulator is another process). Each library runs in its own child process.
//
//   node bench.mjs [sign-ins per library and round, default 20] [rounds, default 3]
//
// The libraries take turns (round 1: each library, round 2: each again, ...), so that a load
// change on the machine hits them alike; the table gives the median of the rounds' medians
// and, in brackets, the range over the rounds.
//
// Then the client step alone: the same sign-ins with the global fetch replaced by a stub that
// answers at once (InitiateAuth: a PASSWORD_VERIFIER challenge; RespondToAuthChallenge:
// unsigned JWTs), so the time is the library's own work — SRP arithmetic, hashing, JSON, its
// fetch glue — with no server and no socket. All three libraries call the global fetch.
//
// run.sh builds the package and installs these dependencies from package-lock.json first.
import { execFileSync } from "node:child_process";
import { argv, exit } from "node:process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { startEmulator } from "./emulator.mjs";
import { printTargets } from "./targets.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const POOL = "eu-west-1_JsBench1";
const CLIENT = "benchapp";
const USER = "bench";
const PASSWORD = "Bench-Passw0rd!";

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function measure(signIn, runs) {
  await signIn(); // warm-up: module instantiation, JIT, connection
  const wall = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await signIn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

async function library(name, endpoint) {
  if (name === "cognito-srp") {
    const { UserPool } = await import("cognito-srp");
    const pool = new UserPool({ poolId: POOL, clientId: CLIENT, endpoint });
    return async () => {
      const step = await pool.signIn(USER, PASSWORD);
      if (step.kind !== "done") throw new Error(step.kind);
    };
  }
  if (name === "amazon-cognito-identity-js") {
    const { AuthenticationDetails, CognitoUser, CognitoUserPool } = await import("amazon-cognito-identity-js");
    const pool = new CognitoUserPool({ UserPoolId: POOL, ClientId: CLIENT, endpoint: `${endpoint}/` });
    return () =>
      new Promise((resolve, reject) => {
        const user = new CognitoUser({ Username: USER, Pool: pool });
        user.authenticateUser(new AuthenticationDetails({ Username: USER, Password: PASSWORD }), {
          onSuccess: resolve,
          onFailure: reject,
        });
      });
  }
  if (name === "amplify") {
    // Amplify's big-integer code reads navigator when it loads (see tests/amplify/run.mjs).
    globalThis.navigator ??= { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Node.js", appName: "Netscape", language: "en-US" };
    const { Amplify } = await import("aws-amplify");
    const auth = await import("aws-amplify/auth");
    Amplify.configure({
      Auth: { Cognito: { userPoolId: POOL, userPoolClientId: CLIENT, userPoolEndpoint: `${endpoint}/` } },
    });
    let signedIn = false;
    return async () => {
      // Amplify refuses a second sign-in while one user is signed in: sign out locally first
      // (no network call), inside the timing, which costs next to nothing.
      if (signedIn) await auth.signOut();
      const result = await auth.signIn({ username: USER, password: PASSWORD, options: { authFlowType: "USER_SRP_AUTH" } });
      if (!result.isSignedIn) throw new Error(JSON.stringify(result.nextStep));
      signedIn = true;
    };
  }
  throw new Error(`unknown library ${name}`);
}

// A fetch that answers USER_SRP_AUTH at once, without checking anything.
function stubFetch() {
  const b64url = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: "5f0c6d1e-0000-4000-8000-000000000001", iss: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`,
    client_id: CLIENT, aud: CLIENT, username: USER, "cognito:username": USER, token_use: "id", auth_time: now, iat: now, exp: now + 3600 };
  const jwt = (use) => `${b64url({ alg: "RS256", kid: "stub" })}.${b64url({ ...claims, token_use: use })}.c2ln`;
  // Any B that is not 0 mod N is accepted by a client: 2^3071 + 11.
  const srpB = (2n ** 3071n + 11n).toString(16);
  globalThis.fetch = async (input, init = {}) => {
    const headers = input instanceof Request ? input.headers : new Headers(init.headers ?? {});
    const op = (headers.get("x-amz-target") ?? "").split(".").pop();
    let body = {};
    if (op === "InitiateAuth") {
      body = { ChallengeName: "PASSWORD_VERIFIER", ChallengeParameters: {
        SALT: "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a", SRP_B: srpB, SECRET_BLOCK: Buffer.alloc(96, 7).toString("base64"),
        USER_ID_FOR_SRP: USER, USERNAME: USER } };
    } else if (op === "RespondToAuthChallenge") {
      body = { ChallengeParameters: {}, AuthenticationResult: { AccessToken: jwt("access"), IdToken: jwt("id"),
        RefreshToken: "stub-refresh-token", ExpiresIn: 3600, TokenType: "Bearer" } };
    }
    const response = new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/x-amz-json-1.1" } });
    // A made-up Response has no URL; reqwest's fetch backend reads it.
    Object.defineProperty(response, "url", { value: input instanceof Request ? input.url : String(input) });
    return response;
  };
}

if (argv[2] === "--child") {
  const [, , , name, endpoint, runs, stub] = argv;
  if (stub === "stub") stubFetch();
  const signIn = await library(name, endpoint);
  const result = await measure(signIn, Number(runs));
  console.log(JSON.stringify({ name, ...result }));
  exit(0);
}

const runs = Number(argv[2] ?? 20);
const rounds = Number(argv[3] ?? 3);
const { emulator, bin, endpoint } = await startEmulator();
const names = ["cognito-srp", "amazon-cognito-identity-js", "amplify"];
const perRound = Object.fromEntries(names.map((n) => [n, []]));
const stubbed = {};
try {
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child", name, endpoint, String(runs)], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      });
      perRound[name].push(JSON.parse(out.trim().split("\n").pop()));
    }
  }
  for (const name of names) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child", name, endpoint, String(runs), "stub"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    stubbed[name] = JSON.parse(out.trim().split("\n").pop());
  }
} finally {
  emulator.kill();
}
const summary = (name, key) => {
  const xs = perRound[name].map((r) => r[key]);
  return { mid: median(xs), lo: Math.min(...xs), hi: Math.max(...xs) };
};
const fmt = ({ mid, lo, hi }) => `${mid.toFixed(1)} (${lo.toFixed(1)}-${hi.toFixed(1)})`;
const ours = { wall: summary(names[0], "wall").mid, cpu: summary(names[0], "cpu").mid };
console.log(`Node ${process.version}, ${rounds} rounds of ${runs} sign-ins per library, emulator ${path.relative(process.cwd(), bin)}`);
console.log("| library | full sign-in, ms | client CPU per sign-in, ms | vs cognito-srp (wall / CPU) | client step alone (stub fetch), CPU ms | vs cognito-srp |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const name of names) {
  const wall = summary(name, "wall");
  const cpu = summary(name, "cpu");
  const ratio = `${(wall.mid / ours.wall).toFixed(1)}× / ${(cpu.mid / ours.cpu).toFixed(1)}×`;
  const step = stubbed[name].cpu;
  const stepRatio = `${(step / stubbed[names[0]].cpu).toFixed(1)}×`;
  console.log(`| ${name} | ${fmt(wall)} | ${fmt(cpu)} | ${ratio} | ${step.toFixed(2)} | ${stepRatio} |`);
}
printTargets(`Node ${process.version}`, summary("amplify", "wall").mid / ours.wall, stubbed.amplify.cpu / stubbed[names[0]].cpu);
