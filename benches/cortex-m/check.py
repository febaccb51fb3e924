#!/usr/bin/env python3
"""Checks the Cortex-M program's output (QEMU, semihosting) against independent answers.

- The 1024-bit client step (A and the PASSWORD_VERIFIER signature) and the ConfirmDevice
  verifier (Salt, PasswordVerifier) against the known-answer vectors U1_plain and
  D1_salt_high_bit in crates/cognito-srp-core/testdata/cognito-srp-vectors.json.
- The 256-bit client step (the width the core uses; no vector has one) against a model of
  Cognito's SRP written here with Python's integers, hashlib and hmac, itself first checked
  against U1_plain.
- The Montgomery multiplication and squaring against Python's modular arithmetic.

With --limits (run.sh passes it for both builds) it also enforces the targets of
issue 15: the client step (256-bit a, the width the core generates) within 100,000,000
instructions, and the peak stack of both client steps within 16 KiB (16,384 bytes); without
instruction counts (the plugin did not build) that check fails rather than pass unchecked.

Usage: check.py [--limits] VECTORS_JSON PROGRAM_OUTPUT [PLUGIN_OUTPUT]. Prints the figures;
exits 1 with a message naming the first wrong value or exceeded limit.
"""
import base64
import hashlib
import hmac
import json
import sys

# Issue 15's targets for the client step at opt-level 3.
MAX_CLIENT_STEP_INSTRUCTIONS = 100_000_000
MAX_CLIENT_STEP_STACK = 16 * 1024


def fail(msg):
    print(f"cortex-m check FAILED: {msg}")
    sys.exit(1)


def pad_hex(n):
    """Cognito's padHex: even length, and a leading 00 byte when the top bit is set."""
    h = format(n, "x")
    if len(h) % 2:
        h = "0" + h
    elif h[0] in "89abcdef":
        h = "00" + h
    return bytes.fromhex(h)


def sha(*parts):
    return hashlib.sha256(b"".join(parts)).digest()


def client_step(v, c, a):
    n = int(v["N_hex"], 16)
    g = 2
    k = int(v["published"]["k"]["k_hex"], 16)
    big_a = pow(g, a, n)
    b = int(c["B_hex"], 16)
    u = int.from_bytes(sha(pad_hex(big_a), pad_hex(b)), "big")
    pool = c["pool_name"]
    user = c["user_id_for_srp"]
    inner = sha(f"{pool}{user}:{c['password']}".encode())
    x = int.from_bytes(sha(pad_hex(int(c["salt_hex"], 16)), inner), "big")
    s = pow((b - k * pow(g, x, n)) % n, a + u * x, n)
    prk = hmac.new(pad_hex(u), pad_hex(s), hashlib.sha256).digest()
    key = hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]
    msg = pool.encode() + user.encode() + base64.b64decode(c["secret_block_b64"]) + c["timestamp"].encode()
    sig = base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode()
    return format(big_a, "x"), sig


def main():
    args = sys.argv[1:]
    limits = "--limits" in args
    args = [a for a in args if a != "--limits"]
    sys.argv[1:] = args
    v = json.load(open(sys.argv[1], encoding="utf-8"))
    out = {}
    measured = []
    for line in open(sys.argv[2], encoding="utf-8", errors="replace"):
        line = line.strip()
        if "=" in line:
            key, _, value = line.partition("=")
            out[key] = value
            if key == "MEASURE":
                measured.append(value)
    if "FAILED" in out:
        fail(f"the program reported a failure in {out['FAILED']}")
    if "DONE" not in open(sys.argv[2], encoding="utf-8", errors="replace").read():
        fail("the program did not finish (no DONE line)")

    u1 = v["derived"]["U1_plain"]
    a1024 = int(u1["a_hex"], 16)
    model_a, model_sig = client_step(v, u1, a1024)
    if model_sig != u1["signature_b64"] or model_a != u1["A_hex"].lstrip("0"):
        fail("the Python model disagrees with vector U1_plain")
    expect = {
        "A_client_step_1024": u1["A_hex"].lstrip("0"),
        "SIGNATURE_client_step_1024": u1["signature_b64"],
        "DEVICE_SALT": v["derived"]["D1_salt_high_bit"]["Salt_b64"],
        "DEVICE_VERIFIER": v["derived"]["D1_salt_high_bit"]["PasswordVerifier_b64"],
    }
    a256 = int(u1["a_hex"][:64], 16)
    expect["A_client_step_256"], expect["SIGNATURE_client_step_256"] = client_step(v, u1, a256)
    for key, want in expect.items():
        if out.get(key) != want:
            fail(f"{key}: got {out.get(key)!r}, expected {want!r}")
    n = int(v["N_hex"], 16)
    b = int(u1["B_hex"], 16) % n
    if int(out.get("MUL", "x"), 16) != b * a1024 % n:
        fail("MUL: the Montgomery product is wrong")
    if int(out.get("SQUARE", "x"), 16) != b * b % n:
        fail("SQUARE: the Montgomery square is wrong")
    print("known answers: A and signature (256- and 1024-bit a), device Salt and verifier, mul, square: OK")

    counts = []
    if len(sys.argv) > 3:
        counts = [int(l.split()[1]) for l in open(sys.argv[3], encoding="utf-8") if l.startswith("insns ")]
        if len(counts) != len(measured):
            fail(f"{len(counts)} instruction counts for {len(measured)} measured operations")
    for i, name in enumerate(measured):
        insns = f"{counts[i]:>12,} instructions" if counts else "(no instruction count)"
        print(f"  {name:<20} {insns}   peak stack {int(out['STACK_' + name]):>6,} bytes")

    if limits:
        for name in ("client_step_256", "client_step_1024"):
            stack = int(out["STACK_" + name])
            if stack > MAX_CLIENT_STEP_STACK:
                fail(f"{name}: peak stack {stack:,} bytes, above the limit of {MAX_CLIENT_STEP_STACK:,}")
        if not counts:
            fail("no instruction counts (the QEMU plugin did not build): the limit cannot be checked")
        insns = counts[measured.index("client_step_256")]
        if insns > MAX_CLIENT_STEP_INSTRUCTIONS:
            fail(f"client_step_256: {insns:,} instructions, above the limit of {MAX_CLIENT_STEP_INSTRUCTIONS:,}")
        print(
            f"limits: client step within {MAX_CLIENT_STEP_INSTRUCTIONS:,} instructions and "
            f"{MAX_CLIENT_STEP_STACK:,} bytes of stack: OK"
        )


if __name__ == "__main__":
    main()
