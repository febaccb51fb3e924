"""Times pycognito's client step (AWSSRP(): a and A; process_challenge(): the signature).

Usage: pycognito_step.py FIXTURE_JSON RUNS  (prints {"label", "times": [ms...]})
First checks that, given the fixture's 1024-bit a, pycognito signs exactly like the core.
"""
import json
import sys
import time

from importlib.metadata import version
from pycognito.aws_srp import AWSSRP, hex_to_long

f = json.load(open(sys.argv[1]))
runs = int(sys.argv[2])
challenge = {
    "USERNAME": f["user"],
    "USER_ID_FOR_SRP": f["user"],
    "SALT": f["salt_hex"],
    "SRP_B": f["srp_b_hex"],
    "SECRET_BLOCK": f["secret_block"],
}
request = {"USERNAME": f["user"]}


def step():
    # client=object(): no boto3 client is built (no network is involved in the math).
    srp = AWSSRP(f["user"], f["password"], f["pool_id"], "client-id", client=object())
    srp_a = srp.get_auth_params()["SRP_A"]
    return srp_a, srp.process_challenge(challenge, request)


# Correctness: the fixture's a and timestamp give the core's SRP_A and signature.
srp = AWSSRP(f["user"], f["password"], f["pool_id"], "client-id", client=object())
srp.small_a_value = hex_to_long(f["a_1024_hex"])
srp.large_a_value = srp.calculate_a()
real_ts = AWSSRP.__dict__["get_cognito_formatted_timestamp"]  # the staticmethod object
AWSSRP.get_cognito_formatted_timestamp = staticmethod(lambda _dt: f["timestamp"])
response = srp.process_challenge(challenge, request)
AWSSRP.get_cognito_formatted_timestamp = real_ts
assert response["PASSWORD_CLAIM_SIGNATURE"] == f["expected_signature"], response
assert format(srp.large_a_value, "x") == f["expected_srp_a"]

step()  # warm up
times = []
for _ in range(runs):
    t0 = time.perf_counter()
    step()
    times.append((time.perf_counter() - t0) * 1e3)
print(json.dumps({
    "label": f"pycognito {version('pycognito')} (CPython {sys.version.split()[0]} `pow`)",
    "times": times,
    "verified": True,
}))
