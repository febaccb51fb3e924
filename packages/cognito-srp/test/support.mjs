// Test support: the emulator (the workspace's cognito-srp binary) on a free port, TOTP codes
// (RFC 6238: HMAC-SHA1 over the 30-second counter, 6 digits), the emulator's outbox, and the
// pieces the headless Chromium runners share (the page's result, stopping Chromium).
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");

/** Starts `cognito-srp emulator --port 0 --seed <seed>`; resolves to { endpoint, stop }. */
export function startEmulator(seed = path.join(here, "seed.json")) {
  const bin = process.env.COGNITO_SRP_BIN ?? path.join(root, "target/debug/cognito-srp");
  const child = spawn(bin, ["emulator", "--port", "0", "--seed", seed], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the emulator did not start: ${out}`));
    }, 20000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (${code}): ${out}`));
    });
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /^LISTENING (\d+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        child.stdout.resume();
        resolve({
          endpoint: `http://127.0.0.1:${m[1]}`,
          stop: () => child.kill(),
        });
      }
    });
  });
}

function base32(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text.replace(/=+$/, "").toUpperCase()) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${c}`);
    bits += v.toString(2).padStart(5, "0");
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The TOTP code of a base32 secret at `seconds` (now by default). */
export function totp(secret, seconds = Date.now() / 1000) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = createHmac("sha1", base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 1_000_000).padStart(6, "0");
}

/** A stand-in for Cognito on 127.0.0.1 (a free port) that answers every request with
 * `answer(req, res, body)` (`body`: the request's body as a string); resolves to
 * { endpoint, requests, closed, stop }: `requests` counts the requests, `closed` the
 * connections the client closed. */
export async function fakeCognito(answer) {
  const { createServer } = await import("node:http");
  const state = { requests: 0, closed: 0 };
  const server = createServer((req, res) => {
    state.requests += 1;
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => answer(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  server.on("connection", (socket) => socket.on("close", () => (state.closed += 1)));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(state, {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    stop: () => {
      server.closeAllConnections();
      server.close();
    },
  });
}

/** An endpoint on 127.0.0.1 where nothing listens (a port that was free a moment ago). */
export async function refusedEndpoint() {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** The newest code the emulator at `endpoint` sent `username` of `poolId` for `purpose`
 * (`SIGN_IN_OTP`, `SIGN_IN_MFA`, ...), from its outbox (`GET /_emulator/messages/...`). */
export async function outboxCode(endpoint, poolId, username, purpose) {
  const url = `${endpoint}/_emulator/messages/${encodeURIComponent(poolId)}/${encodeURIComponent(username)}`;
  const { messages } = await (await fetch(url)).json();
  const codes = messages.filter((m) => m.purpose === purpose).sort((a, b) => a.sentAt - b.sentAt);
  if (codes.length === 0) throw new Error(`no ${purpose} message to ${username}: ${JSON.stringify(messages)}`);
  return codes[codes.length - 1].code;
}

/** For a test page's server: reads the body of the page's `POST /result` (at most 1 MiB: a
 * longer one ends the request), answers "ok" and passes the body to `finish`. */
export function receiveResult(req, res, finish) {
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
}

/** Stops a Chromium a test started with `detached: true` (its own process group, so that its
 * helper processes get the signal too), waits at most 5 s for it to exit, and removes its
 * profile directory, retrying while a helper still writes there (ENOTEMPTY, EBUSY); a profile
 * that still cannot be removed is reported, not thrown. */
export async function stopChromium(chromium, profile) {
  if (chromium && chromium.exitCode === null && chromium.signalCode === null) {
    const gone = new Promise((resolve) => chromium.once("exit", resolve));
    try {
      process.kill(-chromium.pid, "SIGTERM");
    } catch {
      chromium.kill();
    }
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  }
  if (!profile) return;
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch (e) {
    console.error(`note: Chromium's profile ${profile} was not removed: ${e.message}`);
  }
}
