#!/usr/bin/env python3
"""The AWS CLI (v1) against cognito-srp-emulator, from an empty emulator to an empty one.

Usage: run.py ENDPOINT   (the `aws` next to this Python, or $AWS_CLI, is used)

Creates a pool with policies, aliases, device tracking, tags, a custom attribute and
deletion protection; an app client; users; groups; signs in and confirms a device; lists,
describes (checking the output has what was set), updates (checking what the update resets),
reads and changes the device, then deletes client and pool. Every command must succeed (the
one refused delete is checked to be refused). Credentials and region come from the
environment; no ~/.aws is needed. Prints one line per command and `awscli: N passed, M failed`.
"""

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys

ENDPOINT = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("COGNITO_SRP_ENDPOINT", "")
AWS = os.environ.get("AWS_CLI") or os.path.join(os.path.dirname(sys.executable), "aws")
passed = 0
failed = []


def aws(*args, expect_error=None):
    """Runs `aws cognito-idp ARGS`; returns the parsed JSON output (or {})."""
    global passed
    cmd = [AWS, "cognito-idp", *args, "--endpoint-url", ENDPOINT, "--output", "json"]
    label = " ".join(args[:1])
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if expect_error:
        if done.returncode != 0 and expect_error in done.stderr:
            passed += 1
            print(f"ok   {label} (refused: {expect_error})")
        else:
            failed.append(f"{label}: expected {expect_error}, got rc={done.returncode} {done.stdout} {done.stderr}")
            print(f"FAIL {label}: expected {expect_error}: {done.stderr.strip()}")
        return {}
    if done.returncode != 0:
        failed.append(f"{label}: rc={done.returncode}: {done.stderr.strip()}")
        print(f"FAIL {label}: {done.stderr.strip()}")
        return {}
    passed += 1
    print(f"ok   {label}")
    return json.loads(done.stdout) if done.stdout.strip() else {}


def check(what, actual, expected):
    global passed
    if actual == expected:
        passed += 1
        print(f"ok   {what}")
    else:
        failed.append(f"{what}: {actual!r} != {expected!r}")
        print(f"FAIL {what}: {actual!r} != {expected!r}")


def secret_hash(secret, username, client_id):
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def main():
    if not ENDPOINT:
        print("usage: run.py ENDPOINT", file=sys.stderr)
        return 2
    policies = {"PasswordPolicy": {"MinimumLength": 12, "RequireUppercase": True, "RequireLowercase": True,
                                   "RequireNumbers": False, "RequireSymbols": False, "TemporaryPasswordValidityDays": 3}}
    pool = aws("create-user-pool", "--pool-name", "cli-pool", "--policies", json.dumps(policies),
               "--alias-attributes", "email", "--auto-verified-attributes", "email",
               "--device-configuration", "ChallengeRequiredOnNewDevice=false,DeviceOnlyRememberedOnUserPrompt=true",
               "--user-pool-tags", "team=identity", "--deletion-protection", "ACTIVE",
               "--schema", "Name=tenant,AttributeDataType=String,Mutable=true",
               "--admin-create-user-config", "AllowAdminCreateUserOnly=true,UnusedAccountValidityDays=5")
    pool_id = pool.get("UserPool", {}).get("Id", "missing")
    aws("create-user-pool", "--pool-name", "second-pool")
    described = aws("describe-user-pool", "--user-pool-id", pool_id).get("UserPool", {})
    check("described password policy", described.get("Policies", {}).get("PasswordPolicy"), policies["PasswordPolicy"])
    check("described aliases", described.get("AliasAttributes"), ["email"])
    check("described auto-verified", described.get("AutoVerifiedAttributes"), ["email"])
    check("described tags", described.get("UserPoolTags"), {"team": "identity"})
    check("described deletion protection", described.get("DeletionProtection"), "ACTIVE")
    check("described device configuration", described.get("DeviceConfiguration"),
          {"ChallengeRequiredOnNewDevice": False, "DeviceOnlyRememberedOnUserPrompt": True})
    check("described admin create user config", described.get("AdminCreateUserConfig"),
          {"AllowAdminCreateUserOnly": True, "UnusedAccountValidityDays": 5})
    check("described custom attribute", any(a.get("Name") == "custom:tenant" for a in described.get("SchemaAttributes", [])), True)
    listed = aws("list-user-pools", "--max-results", "60")
    check("listed pools", sorted(p["Name"] for p in listed.get("UserPools", [])), ["cli-pool", "second-pool"])
    # One pool a page: the NextToken of the first page gives the second, and no third.
    first = aws("list-user-pools", "--max-results", "1")
    second = aws("list-user-pools", "--max-results", "1", "--next-token", first.get("NextToken", "missing"))
    names = [p["Name"] for p in first.get("UserPools", []) + second.get("UserPools", [])]
    check("paged pools", (sorted(names), "NextToken" in second), (["cli-pool", "second-pool"], False))

    client = aws("create-user-pool-client", "--user-pool-id", pool_id, "--client-name", "cli-app", "--generate-secret",
                 "--explicit-auth-flows", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH",
                 "--access-token-validity", "2", "--token-validity-units", "AccessToken=hours",
                 "--read-attributes", "email", "custom:tenant").get("UserPoolClient", {})
    client_id, secret = client.get("ClientId", "missing"), client.get("ClientSecret", "")
    got = aws("describe-user-pool-client", "--user-pool-id", pool_id, "--client-id", client_id).get("UserPoolClient", {})
    check("described client flows", got.get("ExplicitAuthFlows"), ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    check("described access token validity", (got.get("AccessTokenValidity"), got.get("TokenValidityUnits", {}).get("AccessToken")), (2, "hours"))
    check("described read attributes", got.get("ReadAttributes"), ["email", "custom:tenant"])
    check("described secret", got.get("ClientSecret"), secret)
    clients = aws("list-user-pool-clients", "--user-pool-id", pool_id, "--max-results", "10")
    check("listed clients", [c["ClientId"] for c in clients.get("UserPoolClients", [])], [client_id])

    aws("admin-create-user", "--user-pool-id", pool_id, "--username", "ann", "--temporary-password", "Temp-Pass-1234",
        "--user-attributes", "Name=email,Value=ann@example.com", "Name=email_verified,Value=true", "--message-action", "SUPPRESS")
    aws("admin-set-user-password", "--user-pool-id", pool_id, "--username", "ann", "--password", "Perm-Pass-1234", "--permanent")
    user = aws("admin-get-user", "--user-pool-id", pool_id, "--username", "ann@example.com")
    check("user status", user.get("UserStatus"), "CONFIRMED")
    users = aws("list-users", "--user-pool-id", pool_id)
    check("listed users", [u["Username"] for u in users.get("Users", [])], ["ann"])

    aws("create-group", "--user-pool-id", pool_id, "--group-name", "admins", "--precedence", "1", "--description", "the admins")
    aws("create-group", "--user-pool-id", pool_id, "--group-name", "staff", "--precedence", "5")
    group = aws("get-group", "--user-pool-id", pool_id, "--group-name", "admins").get("Group", {})
    check("group", (group.get("Precedence"), group.get("Description")), (1, "the admins"))
    aws("update-group", "--user-pool-id", pool_id, "--group-name", "staff", "--description", "everyone")
    # The CLI's own pagination follows NextToken one group at a time.
    groups = aws("list-groups", "--user-pool-id", pool_id, "--page-size", "1")
    check("listed groups", sorted(g["GroupName"] for g in groups.get("Groups", [])), ["admins", "staff"])
    for g in ["admins", "staff"]:
        aws("admin-add-user-to-group", "--user-pool-id", pool_id, "--username", "ann", "--group-name", g)
    mine = aws("admin-list-groups-for-user", "--user-pool-id", pool_id, "--username", "ann")
    check("groups for user", sorted(g["GroupName"] for g in mine.get("Groups", [])), ["admins", "staff"])
    members = aws("list-users-in-group", "--user-pool-id", pool_id, "--group-name", "admins")
    check("users in group", [u["Username"] for u in members.get("Users", [])], ["ann"])
    aws("admin-remove-user-from-group", "--user-pool-id", pool_id, "--username", "ann", "--group-name", "staff")
    aws("delete-group", "--user-pool-id", pool_id, "--group-name", "staff")

    signed_in = aws("initiate-auth", "--client-id", client_id, "--auth-flow", "USER_PASSWORD_AUTH", "--auth-parameters",
                    f"USERNAME=ann,PASSWORD=Perm-Pass-1234,SECRET_HASH={secret_hash(secret, 'ann', client_id)}")
    result = signed_in.get("AuthenticationResult", {})
    device_key = result.get("NewDeviceMetadata", {}).get("DeviceKey", "missing")
    verifier = base64.b64encode(b"\x01" + os.urandom(383)).decode()
    salt = base64.b64encode(os.urandom(16)).decode()
    aws("confirm-device", "--access-token", result.get("AccessToken", "missing"), "--device-key", device_key,
        "--device-secret-verifier-config", json.dumps({"PasswordVerifier": verifier, "Salt": salt}), "--device-name", "cli")
    device = aws("admin-get-device", "--user-pool-id", pool_id, "--username", "ann", "--device-key", device_key)
    check("device key", device.get("Device", {}).get("DeviceKey"), device_key)
    aws("admin-update-device-status", "--user-pool-id", pool_id, "--username", "ann", "--device-key", device_key,
        "--device-remembered-status", "remembered")
    device = aws("admin-get-device", "--user-pool-id", pool_id, "--username", "ann", "--device-key", device_key)
    status = {a["Name"]: a["Value"] for a in device.get("Device", {}).get("DeviceAttributes", [])}
    check("device remembered", status.get("dev:device_remembered_status"), "remembered")
    devices = aws("admin-list-devices", "--user-pool-id", pool_id, "--username", "ann")
    check("listed devices", [d["DeviceKey"] for d in devices.get("Devices", [])], [device_key])
    aws("admin-forget-device", "--user-pool-id", pool_id, "--username", "ann", "--device-key", device_key)

    # Update: what is left out goes back to its default.
    aws("update-user-pool", "--user-pool-id", pool_id, "--policies", json.dumps(policies), "--mfa-configuration", "OFF")
    after = aws("describe-user-pool", "--user-pool-id", pool_id).get("UserPool", {})
    check("deletion protection reset", after.get("DeletionProtection"), "INACTIVE")
    check("auto-verified reset", after.get("AutoVerifiedAttributes"), None)
    check("aliases kept", after.get("AliasAttributes"), ["email"])
    updated = aws("update-user-pool-client", "--user-pool-id", pool_id, "--client-id", client_id, "--client-name", "renamed",
                  "--explicit-auth-flows", "ALLOW_USER_SRP_AUTH").get("UserPoolClient", {})
    check("client update resets validity", (updated.get("ClientName"), updated.get("AccessTokenValidity")), ("renamed", 60))

    aws("update-user-pool", "--user-pool-id", pool_id, "--deletion-protection", "ACTIVE")
    aws("delete-user-pool", "--user-pool-id", pool_id, expect_error="InvalidParameterException")
    aws("update-user-pool", "--user-pool-id", pool_id)
    aws("admin-delete-user", "--user-pool-id", pool_id, "--username", "ann")
    aws("delete-user-pool-client", "--user-pool-id", pool_id, "--client-id", client_id)
    aws("delete-user-pool", "--user-pool-id", pool_id)
    aws("describe-user-pool", "--user-pool-id", pool_id, expect_error="ResourceNotFoundException")
    for p in aws("list-user-pools", "--max-results", "60").get("UserPools", []):
        aws("delete-user-pool", "--user-pool-id", p["Id"])
    check("no pools left", aws("list-user-pools", "--max-results", "60").get("UserPools"), [])

    print(f"awscli: {passed} passed, {len(failed)} failed")
    for f in failed:
        print(f"  {f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
