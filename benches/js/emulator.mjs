// Starts the cognito-srp emulator for the benches (`bench.mjs`, `browser.mjs`): the binary
// from COGNITO_SRP_BIN or the workspace's dev build, a free port on 127.0.0.1, the pool in
// seed.json. Resolves once it prints `LISTENING <port>`, with the child, its path and endpoint;
// rejects if it exits first.
import { spawn } from "node:child_process";
import { env } from "node:process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));

export async function startEmulator() {
  const bin = env.COGNITO_SRP_BIN ?? path.resolve(here, "../../target/debug/cognito-srp");
  const emulator = spawn(bin, ["emulator", "--port", "0", "--seed", path.join(here, "seed.json")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise((resolve, reject) => {
    let out = "";
    emulator.on("exit", (code) => reject(new Error(`the emulator exited (${code})`)));
    emulator.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /^LISTENING (\d+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
  });
  emulator.removeAllListeners("exit");
  emulator.stdout.resume();
  return { emulator, bin, endpoint: `http://127.0.0.1:${port}` };
}
