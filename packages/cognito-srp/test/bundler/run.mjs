// The package's bundler build through a real bundler (issue 17): installs the packed tarball in
// a scratch app (target/npm-bundler), bundles app.js there with webpack 5 (production mode,
// experiments.asyncWebAssembly), checks that the .wasm is emitted as an asset of its own, byte
// for byte the package's, and runs the bundle in headless Chromium (Debian's chromium) against
// the emulator: the page POSTs its checks to /result. Exit status 0 only when every check passed;
// everything started here (emulator, server, Chromium) is stopped before exiting.
//
//   node test/bundler/run.mjs [cognito-srp-0.1.0.tgz]   (without a tarball it runs `npm pack`)
//
// webpack comes from this directory's package-lock.json; `npm ci` runs first when node_modules
// does not hold exactly that. COGNITO_SRP_BIN names the emulator binary (support.mjs).
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { receiveResult, refusedEndpoint, startEmulator, stopChromium } from "../support.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, "../..");
const root = path.resolve(pkg, "../..");
const scratch = path.join(root, "target/npm-bundler");
const out = path.join(scratch, "dist");
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

function fail(message) {
  console.error(`webpack bundle: ${message}`);
  process.exit(1);
}

function sh(command, args, cwd) {
  const r = spawnSync(command, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  if (r.status !== 0) fail(`${command} ${args.join(" ")} failed in ${cwd} (${r.error ?? `exit ${r.status}`})`);
  return r.stdout.trim();
}

// npm ci only when node_modules differs from the lockfile (npm keeps what it installed in
// node_modules/.package-lock.json, the lockfile's entries without the root).
function installed() {
  try {
    const want = JSON.parse(readFileSync(path.join(here, "package-lock.json"), "utf8")).packages;
    const have = JSON.parse(readFileSync(path.join(here, "node_modules/.package-lock.json"), "utf8")).packages;
    delete want[""];
    return JSON.stringify(want) === JSON.stringify(have);
  } catch {
    return false;
  }
}
if (!installed()) {
  sh("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], here);
  if (!installed()) fail("npm ci did not install what package-lock.json says");
}
const { default: webpack } = await import(pathToFileURL(path.join(here, "node_modules/webpack/lib/index.js")));

// The scratch app: the tarball installed as a dependency, app.js as its source.
rmSync(scratch, { recursive: true, force: true });
mkdirSync(path.join(scratch, "src"), { recursive: true });
let tarball = process.argv[2] ? path.resolve(process.argv[2]) : null;
if (!tarball) tarball = path.join(scratch, sh("npm", ["pack", "--silent", "--pack-destination", scratch], pkg));
if (!existsSync(tarball)) fail(`no tarball at ${tarball}`);
writeFileSync(path.join(scratch, "package.json"), '{ "name": "bundler-scratch", "private": true, "type": "module" }\n');
sh("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball], scratch);
copyFileSync(path.join(here, "app.js"), path.join(scratch, "src/app.js"));

const started = performance.now();
const stats = await new Promise((resolve, reject) => {
  webpack(
    {
      mode: "production",
      context: scratch,
      entry: "./src/app.js",
      output: { path: out, filename: "app.js", clean: true },
      // The bundler build's glue imports cognito_srp_bg.wasm (the WebAssembly ESM integration).
      experiments: { asyncWebAssembly: true },
    },
    (err, result) => (err ? reject(err) : resolve(result)),
  );
}).catch((e) => fail(`webpack threw: ${e.stack ?? e}`));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const info = stats.toJson({ all: false, assets: true });
// Any error or warning fails, except production mode's performance hints (an asset or entry
// point over 250,000 bytes, and then the advice to split it into async chunks): printed only,
// as the .wasm's budget is test.sh's (256,000 bytes).
const hints = new Set(["AssetsOverSizeLimitWarning", "EntrypointsOverSizeLimitWarning", "NoAsyncChunksWarning"]);
const { errors, warnings } = stats.compilation;
for (const w of warnings.filter((w) => hints.has(w.name))) console.log(`webpack hint: ${w.message}`);
const problems = [...errors, ...warnings.filter((w) => !hints.has(w.name))];
if (problems.length > 0) {
  for (const p of problems) console.error(`${p.name}: ${p.message}`);
  fail(`webpack reported ${errors.length} errors and ${problems.length - errors.length} warnings`);
}

// The .wasm is an asset of its own, the package's bytes unchanged, and no JS carries it inlined.
const wasmAssets = info.assets.filter((a) => a.name.endsWith(".wasm"));
const jsAssets = info.assets.filter((a) => a.name.endsWith(".js"));
if (wasmAssets.length !== 1) fail(`expected one .wasm asset, got: ${info.assets.map((a) => a.name).join(", ")}`);
const wasm = readFileSync(path.join(out, wasmAssets[0].name));
const packaged = readFileSync(path.join(scratch, "node_modules/cognito-srp/dist/bundler/cognito_srp_bg.wasm"));
if (!wasm.equals(packaged)) fail(`${wasmAssets[0].name} is not the package's cognito_srp_bg.wasm`);
const js = jsAssets.map((a) => readFileSync(path.join(out, a.name)));
const jsBytes = js.reduce((n, b) => n + b.length, 0);
// "AGFzbQ" is base64 of the .wasm magic number, "\0asm".
if (js.some((b) => b.includes("AGFzbQ") || b.includes("\0asm"))) fail("a JS asset holds the .wasm inlined");
const gz = (b) => gzipSync(b, { level: 9 }).length;
console.log(
  `webpack ${webpack.version} (production, asyncWebAssembly) in ${seconds} s: ` +
    `JS ${jsAssets.map((a) => a.name).join(" + ")} ${jsBytes} bytes (${gz(Buffer.concat(js))} gzipped), ` +
    `${wasmAssets[0].name} ${wasm.length} bytes (${gz(wasm)} gzipped)`,
);

// The bundle in headless Chromium: index.html loads app.js, which fetches the .wasm.
const served = [];
let finish;
const outcome = new Promise((resolve) => (finish = resolve));
const server = createServer((req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  served.push(`${req.method} ${url.pathname}`);
  if (req.method === "POST" && url.pathname === "/result") {
    receiveResult(req, res, finish);
    return;
  }
  // A stand-in for a broken Cognito (same origin as the page): a body that is not JSON.
  if (req.method === "POST" && url.pathname === "/garbage") {
    req.resume();
    res.end("<html>not json</html>");
    return;
  }
  const name = url.pathname.slice(1);
  const file =
    name === "index.html"
      ? path.join(here, "index.html")
      : info.assets.some((a) => a.name === name)
        ? path.join(out, name)
        : null;
  if (req.method !== "GET" || !file) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
  res.end(readFileSync(file));
});

let emulator = null;
let chromium = null;
let profile = null;
let body = null;
try {
  emulator = await startEmulator();
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const page = `http://127.0.0.1:${server.address().port}/index.html?${new URLSearchParams({ endpoint: emulator.endpoint, refused: await refusedEndpoint() })}`;
  profile = mkdtempSync(path.join(tmpdir(), "cognito-srp-webpack-chromium-"));
  chromium = spawn(
    process.env.CHROMIUM ?? "chromium",
    ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", `--user-data-dir=${profile}`, page],
    { stdio: process.env.CHROMIUM_LOG ? "inherit" : "ignore", detached: true },
  );
  const exited = new Promise((resolve) => chromium.once("exit", () => resolve(null)));
  chromium.once("error", (e) => finish(JSON.stringify({ checks: [], failure: `chromium did not start: ${e.message}` })));
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 60_000).unref());
  body = await Promise.race([outcome, exited, timeout]);
} finally {
  await stopChromium(chromium, profile);
  server.close();
  server.closeAllConnections();
  emulator?.stop();
}

if (body === null) fail("no outcome from the page in headless Chromium within 60 s (or Chromium exited)");
const { checks, failure } = JSON.parse(body);
for (const c of checks) console.log(`${c.ok ? "ok" : "not ok"} - ${c.name}${c.ok ? "" : `: ${c.detail}`}`);
if (failure) fail(`the page failed: ${failure}`);
const wasmGets = served.filter((s) => s === `GET /${wasmAssets[0].name}`).length;
if (wasmGets !== 1) fail(`the page fetched ${wasmAssets[0].name} ${wasmGets} times (served: ${served.join(", ")})`);
if (checks.length !== 7) fail(`expected 7 checks from the page, got ${checks.length}`);
console.log(`webpack bundle in headless Chromium: ${checks.length} checks passed, the .wasm fetched as its own asset`);
