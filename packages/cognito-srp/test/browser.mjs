// Runs test/browser.html in headless Chromium (Debian's chromium): serves the page and the
// package's dist/ on 127.0.0.1, starts the emulator, opens the page, and waits (at most 90 s)
// for the page to POST its outcome. Exit status 0 only when every check passed. CHROMIUM_LOG=1
// shows the requests served and Chromium's log, the page's console included.
import { createServer } from "node:http";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { receiveResult, refusedEndpoint, startEmulator, stopChromium } from "./support.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, "..");
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

// `relative` under `dir` (its snippets/ subdirectory too), or null when it would leave `dir`.
function safeJoin(dir, relative) {
  const file = path.resolve(dir, decodeURIComponent(relative));
  return file.startsWith(dir + path.sep) ? file : null;
}

const emulator = await startEmulator();
let finish;
const outcome = new Promise((resolve) => (finish = resolve));
const server = createServer((req, res) => {
  if (process.env.CHROMIUM_LOG) console.log(req.method, req.url);
  const url = new URL(req.url, "http://127.0.0.1");
  if (req.method === "POST" && url.pathname === "/result") {
    receiveResult(req, res, finish);
    return;
  }
  // Stand-ins for a broken Cognito (same origin as the page): a body that is not JSON, and
  // one that never ends (the client must stop reading at its 1 MiB limit).
  if (req.method === "POST" && url.pathname === "/garbage") {
    res.end("<html>not json</html>");
    return;
  }
  if (req.method === "POST" && url.pathname === "/endless") {
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
    const piece = Buffer.alloc(1 << 16, " ");
    const pump = () => {
      while (!res.destroyed && res.write(piece));
      if (!res.destroyed) res.once("drain", pump);
    };
    res.on("close", () => res.removeAllListeners("drain"));
    pump();
    return;
  }
  const file =
    url.pathname === "/browser.html"
      ? path.join(here, "browser.html")
      : url.pathname.startsWith("/dist/web/")
        ? safeJoin(path.join(pkg, "dist/web"), url.pathname.slice("/dist/web/".length))
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
const query = new URLSearchParams({ endpoint: emulator.endpoint, refused: await refusedEndpoint() });
const page = `http://127.0.0.1:${server.address().port}/browser.html?${query}`;
const profile = mkdtempSync(path.join(tmpdir(), "cognito-srp-chromium-"));
const chromium = spawn(
  process.env.CHROMIUM ?? "chromium",
  [...(process.env.CHROMIUM_LOG ? ["--enable-logging=stderr", "--log-level=0"] : []), "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", `--user-data-dir=${profile}`, page],
  { stdio: process.env.CHROMIUM_LOG ? "inherit" : "ignore", detached: true },
);
const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 90_000).unref());
const body = await Promise.race([outcome, timeout]);
await stopChromium(chromium, profile);
server.close();
emulator.stop();

if (body === null) {
  console.error("headless Chromium: no outcome from the page within 90 s");
  process.exit(1);
}
const { checks, failure, times } = JSON.parse(body);
for (const c of checks) console.log(`${c.ok ? "ok" : "not ok"} - ${c.name}${c.ok ? "" : `: ${c.detail}`}`);
if (failure) {
  console.error(`headless Chromium: ${failure}`);
  process.exit(1);
}
console.log(`headless Chromium: ${checks.length} checks passed`);
if (times) {
  console.log(
    `headless Chromium timing (medians of 10): full sign-in ${times.full.toFixed(1)} ms, ` +
      `client step alone (stub fetch) ${times.step.toFixed(1)} ms`,
  );
}
