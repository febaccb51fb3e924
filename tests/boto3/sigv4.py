#!/usr/bin/env python3
"""boto3 (botocore's own SigV4) against cognito-srp-emulator started with access keys.

Usage: sigv4.py ENDPOINT KEY_ID SECRET

With the right keys: a pool, a client, a user, AdminInitiateAuth (ADMIN_USER_PASSWORD_AUTH),
AdminGetUser, ListUserPools, AdminUserGlobalSignOut, DeleteUserPool all answered. Refused:
a wrong secret (InvalidSignatureException), an unknown key id (UnrecognizedClientException),
an unsigned admin call (MissingAuthenticationTokenException). The public InitiateAuth goes
unsigned and is answered. Prints one line per step and `sigv4: N passed, M failed`.
"""

import sys

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT, KEY_ID, SECRET = sys.argv[1], sys.argv[2], sys.argv[3]
passed = 0
failed = []


def client(key_id=KEY_ID, secret=SECRET, unsigned=False):
    config = Config(retries={"max_attempts": 1}, signature_version=botocore.UNSIGNED if unsigned else None)
    return boto3.client(
        "cognito-idp",
        endpoint_url=ENDPOINT,
        region_name="eu-west-1",
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        config=config,
    )


def ok(what, call):
    global passed
    try:
        result = call()
    except ClientError as err:
        failed.append(f"{what}: {err}")
        print(f"FAIL {what}: {err}")
        return {}
    passed += 1
    print(f"ok   {what}")
    return result


def refused(what, call, code):
    global passed
    try:
        call()
    except ClientError as err:
        got = err.response["Error"]["Code"]
        if got == code:
            passed += 1
            print(f"ok   {what} (refused: {code})")
        else:
            failed.append(f"{what}: expected {code}, got {got}")
            print(f"FAIL {what}: expected {code}, got {got}: {err}")
        return
    failed.append(f"{what}: expected {code}, was answered")
    print(f"FAIL {what}: expected {code}, was answered")


idp = client()
pool = ok("CreateUserPool (signed)", lambda: idp.create_user_pool(PoolName="sigv4"))["UserPool"]["Id"]
app = ok(
    "CreateUserPoolClient (signed)",
    lambda: idp.create_user_pool_client(
        UserPoolId=pool,
        ClientName="server",
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    ),
)["UserPoolClient"]["ClientId"]
ok("AdminCreateUser (signed)", lambda: idp.admin_create_user(UserPoolId=pool, Username="alice", MessageAction="SUPPRESS"))
ok(
    "AdminSetUserPassword (signed)",
    lambda: idp.admin_set_user_password(UserPoolId=pool, Username="alice", Password="Passw0rd!x", Permanent=True),
)
tokens = ok(
    "AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH (signed)",
    lambda: idp.admin_initiate_auth(
        UserPoolId=pool,
        ClientId=app,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!x"},
    ),
).get("AuthenticationResult", {})
if "AccessToken" in tokens:
    passed += 1
    print("ok   AdminInitiateAuth gave tokens")
else:
    failed.append("AdminInitiateAuth gave no tokens")
ok("AdminGetUser (signed)", lambda: idp.admin_get_user(UserPoolId=pool, Username="alice"))
ok("ListUserPools (signed)", lambda: idp.list_user_pools(MaxResults=10))

wrong_secret = client(secret="not-the-secret")
refused("AdminGetUser, wrong secret", lambda: wrong_secret.admin_get_user(UserPoolId=pool, Username="alice"), "InvalidSignatureException")
refused("ListUserPools, wrong secret", lambda: wrong_secret.list_user_pools(MaxResults=10), "InvalidSignatureException")
unknown = client(key_id="AKIDNOTKNOWN")
refused("AdminGetUser, unknown key id", lambda: unknown.admin_get_user(UserPoolId=pool, Username="alice"), "UnrecognizedClientException")
unsigned = client(unsigned=True)
refused(
    "AdminGetUser, unsigned",
    lambda: unsigned.admin_get_user(UserPoolId=pool, Username="alice"),
    "MissingAuthenticationTokenException",
)
refused("DeleteUserPool, unsigned", lambda: unsigned.delete_user_pool(UserPoolId=pool), "MissingAuthenticationTokenException")
ok(
    "InitiateAuth USER_PASSWORD_AUTH (unsigned, a public operation)",
    lambda: unsigned.initiate_auth(
        ClientId=app, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!x"}
    ),
)
ok("AdminUserGlobalSignOut (signed)", lambda: idp.admin_user_global_sign_out(UserPoolId=pool, Username="alice"))
ok("DeleteUserPool (signed)", lambda: idp.delete_user_pool(UserPoolId=pool))

print(f"sigv4: {passed} passed, {len(failed)} failed")
for line in failed:
    print(f"  {line}")
sys.exit(1 if failed else 0)
