// The JavaScript bench in headless Chromium (Debian's chromium), side by side in one page:
// the cognito-srp npm package (its web build), amazon-cognito-identity-js and Amplify JS v6,
// each bundled for the browser with esbuild (from package-lock.json), against one
// cognito-srp emulator. For each library: the median wall time of a full sign-in, and of a
// sign-in with fetch answered at once by a stub (the client step alone). The page
// (browser/bench.html) runs the libraries in turns, round by round; the table gives the
// median of the rounds' medians and, in brackets, the range over the rounds, and the size of
// what a browser downloads for each library (minified bundle, plus the .wasm for cognito-srp;
// gzip -9 in brackets).
//
//   node browser.mjs [sign-ins per library and round, default 20] [rounds, default 3]
//
// run.sh builds the package and the emulator and installs the dependencies first. CHROMIUM
// names another chromium binary; CHROMIUM_LOG=1 shows Chromium's log (the page's console).
import { createServer } from "node:http";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, copyFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { argv, env, exit } from "node:process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { startEmulator } from "./emulator.mjs";
import { printTargets } from "./targets.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const runs = Number(argv[2] ?? 20);
const rounds = Number(argv[3] ?? 3);
const names = ["cognito-srp", "amazon-cognito-identity-js", "amplify"];
const entries = { "cognito-srp": "cognito-srp", "amazon-cognito-identity-js": "identity", amplify: "amplify" };

// The bundles, in a scratch directory.
const scratch = mkdtempSync(path.join(tmpdir(), "cognito-srp-browser-bench-"));
const bundles = path.join(scratch, "bundles");
await build({
  entryPoints: Object.values(entries).map((e) => path.join(here, "browser", `${e}.js`)),
  outdir: bundles,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  logLevel: "warning",
  // Some of the libraries' dependencies read Node's `global`.
  define: { global: "globalThis" },
});
const wasm = path.join(here, "node_modules/cognito-srp/dist/web/cognito_srp_bg.wasm");
copyFileSync(wasm, path.join(bundles, "cognito_srp_bg.wasm"));
const size = (files) => {
  const data = files.map((f) => readFileSync(path.join(bundles, f)));
  const raw = data.reduce((n, d) => n + d.length, 0);
  const gz = data.reduce((n, d) => n + gzipSync(d, { level: 9 }).length, 0);
  return `${(raw / 1024).toFixed(0)} KiB (${(gz / 1024).toFixed(0)} KiB)`;
};
const sizes = {
  "cognito-srp": size(["cognito-srp.js", "cognito_srp_bg.wasm"]),
  "amazon-cognito-identity-js": size(["identity.js"]),
  amplify: size(["amplify.js"]),
};

// The emulator.
const { emulator, bin, endpoint } = await startEmulator();

// The page, the bundles and the outcome.
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
let finish;
const outcome = new Promise((resolve) => (finish = resolve));
const server = createServer((req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  if (req.method === "POST" && url.pathname === "/result") {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => {
      body += c;
      if (body.length > 1 << 20) req.destroy();
    });
    req.on("end", () => {
      res.end("ok");
      finish(body);
    });
    return;
  }
  const file =
    url.pathname === "/bench.html"
      ? path.join(here, "browser/bench.html")
      : url.pathname.startsWith("/bundles/")
        ? path.join(bundles, path.basename(url.pathname))
        : null;
  try {
    if (!file) throw new Error("not found");
    const data = readFileSync(file);
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    res.end(data);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const query = new URLSearchParams({ endpoint, runs: String(runs), rounds: String(rounds) });
const page = `http://127.0.0.1:${server.address().port}/bench.html?${query}`;
const profile = path.join(scratch, "profile");
const log = env.CHROMIUM_LOG ? ["--enable-logging=stderr", "--log-level=0"] : [];
const chromium = spawn(
  env.CHROMIUM ?? "chromium",
  [
    ...log,
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    `--user-data-dir=${profile}`,
    page,
  ],
  { stdio: env.CHROMIUM_LOG ? "inherit" : "ignore" },
);
const limit = 30 * 60_000;
const timeout = new Promise((resolve) => setTimeout(() => resolve(null), limit).unref());
const body = await Promise.race([outcome, timeout]);
const gone = new Promise((resolve) => chromium.once("exit", resolve));
chromium.kill();
await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
server.close();
emulator.kill();
// Chromium's helper processes may still write into the profile for a moment.
try {
  rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
} catch (e) {
  console.error(`note: ${scratch} was not removed: ${e.message}`);
}

if (body === null) {
  console.error(`headless Chromium: no outcome from the page within ${limit / 60_000} minutes`);
  exit(1);
}
const result = JSON.parse(body);
if (result.failure) {
  console.error(`headless Chromium: ${result.failure}`);
  exit(1);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const summary = (xs) => ({ mid: median(xs), lo: Math.min(...xs), hi: Math.max(...xs) });
const fmt = ({ mid, lo, hi }) => `${mid.toFixed(1)} (${lo.toFixed(1)}-${hi.toFixed(1)})`;
const version = /(?:Headless)?Chrome\/([\d.]+)/.exec(result.userAgent)?.[1] ?? result.userAgent;
const ours = { full: median(result.full[names[0]]), step: median(result.step[names[0]]) };
console.log(`headless Chromium ${version}, ${rounds} rounds of ${runs} sign-ins per library, emulator ${path.relative(process.cwd(), bin)}`);
console.log("| library | full sign-in, ms | vs cognito-srp | client step alone (stub fetch), ms | vs cognito-srp | download, minified (gzip -9) |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const name of names) {
  const full = summary(result.full[name]);
  const step = summary(result.step[name]);
  console.log(
    `| ${name} | ${fmt(full)} | ${(full.mid / ours.full).toFixed(1)}× | ${fmt(step)} | ` +
      `${(step.mid / ours.step).toFixed(1)}× | ${sizes[name]} |`,
  );
}
printTargets(`headless Chromium ${version}`, median(result.full.amplify) / ours.full, median(result.step.amplify) / ours.step);
