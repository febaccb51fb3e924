// Runs a wasm32-wasip1 test binary under Node's WASI, so that the core's known-answer
// tests run as WebAssembly. Used as CARGO_TARGET_WASM32_WASIP1_RUNNER by scripts/test.sh.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import { argv, env, exit } from 'node:process';

const [wasmPath, ...args] = argv.slice(2);
if (!wasmPath) {
  console.error('usage: node wasi-run.mjs <test.wasm> [args...]');
  exit(2);
}
const wasi = new WASI({ version: 'preview1', args: [wasmPath, ...args], env, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const code = wasi.start(instance);
exit(code ?? 0);
