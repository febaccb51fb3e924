"""pycognito (and boto3 underneath it) against the cognito-srp emulator.

Run by crates/cognito-srp-emulator/tests/pycognito.rs with EMULATOR_ENDPOINT, POOL_ID,
CLIENT_ID, USERNAME, PASSWORD, EMAIL and MODE set. MODE "endpoint": the emulator's default
issuer (its URL and the pool id), which is what pycognito expects when boto3 is given an
endpoint_url, and pycognito fetches the JWKS from the emulator itself. MODE "cognito": the
emulator issues Cognito's issuer (https://cognito-idp.REGION.amazonaws.com/POOL), boto3 finds
the emulator through AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, and pycognito is given the
emulator's JWKS through its COGNITO_JWKS variable.

Every step prints "ok <step>" or "FAIL <step>: <why>"; the last line counts them and the exit
status is 1 when any failed.
"""

import json
import os
import sys
import traceback
import urllib.request

ENDPOINT = os.environ["EMULATOR_ENDPOINT"]
POOL_ID = os.environ["POOL_ID"]
CLIENT_ID = os.environ["CLIENT_ID"]
USERNAME = os.environ["USERNAME"]
PASSWORD = os.environ["PASSWORD"]
EMAIL = os.environ["EMAIL"]
MODE = os.environ.get("MODE", "endpoint")

# No real AWS account is involved: placeholder credentials, no instance metadata lookups.
os.environ.setdefault("AWS_ACCESS_KEY_ID", "emulator")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "emulator")
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

jwks_url = f"{ENDPOINT}/{POOL_ID}/.well-known/jwks.json"
if MODE == "cognito":
    with urllib.request.urlopen(jwks_url, timeout=15) as answer:
        os.environ["COGNITO_JWKS"] = answer.read().decode()
    os.environ["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"] = ENDPOINT

import jwt  # noqa: E402  (PyJWT, pycognito's own dependency)
from pycognito import Cognito  # noqa: E402
from pycognito.exceptions import TokenVerificationException  # noqa: E402

passed = 0
failed = 0


def step(name, fn):
    global passed, failed
    try:
        fn()
        passed += 1
        print(f"ok {name}", flush=True)
    except Exception as err:  # every failure is reported, then counted
        failed += 1
        print(f"FAIL {name}: {err!r}", flush=True)
        traceback.print_exc()


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


def new_cognito(**tokens):
    kwargs = {}
    if MODE == "endpoint":
        kwargs["boto3_client_kwargs"] = {"endpoint_url": ENDPOINT}
    return Cognito(POOL_ID, CLIENT_ID, username=USERNAME, **tokens, **kwargs)


u = new_cognito()
state = {}


def issuer_is_expected():
    expected = (
        f"{ENDPOINT}/{POOL_ID}"
        if MODE == "endpoint"
        else f"https://cognito-idp.{POOL_ID.split('_')[0]}.amazonaws.com/{POOL_ID}"
    )
    expect(u.user_pool_url == expected, f"pycognito expects issuer {u.user_pool_url}, test expects {expected}")


def authenticate():
    # SRP (USER_SRP_AUTH + PASSWORD_VERIFIER); pycognito verifies both tokens on receipt:
    # RS256 with the JWKS key of the header's kid, the issuer, the audience, exp, token_use.
    u.authenticate(password=PASSWORD)
    expect(u.access_token and u.id_token and u.refresh_token, "tokens missing")
    state["first_access"] = u.access_token


def claims():
    expect(u.id_claims["cognito:username"] == USERNAME, u.id_claims)
    expect(u.id_claims["email"] == EMAIL, u.id_claims)
    expect(u.id_claims["email_verified"] is True, "email_verified is a JSON boolean")
    expect(u.id_claims["aud"] == CLIENT_ID, u.id_claims)
    expect(u.access_claims["client_id"] == CLIENT_ID, u.access_claims)
    expect(u.access_claims["scope"] == "aws.cognito.signin.user.admin", u.access_claims)
    expect(jwt.get_unverified_header(u.access_token)["alg"] == "RS256", "RS256")


def verify_tokens():
    u.verify_tokens()


def tampered_token_is_refused():
    head, body, sig = u.access_token.split(".")
    claims = jwt.decode(u.access_token, options={"verify_signature": False})
    claims["username"] = "someone-else"
    forged_body = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    try:
        u.verify_token(f"{head}.{forged_body}.{sig}", "forged", "access")
    except TokenVerificationException:
        return
    raise AssertionError("a tampered token verified")


def check_token():
    expect(u.check_token(renew=False) is False, "a fresh access token is not expired")


def renew():
    u.renew_access_token()  # REFRESH_TOKEN_AUTH; the new tokens are verified again
    expect(u.access_token != state["first_access"], "a new access token")
    u.verify_tokens()


def get_tokens_from_refresh_token():
    # boto3's own call of the newer operation: the answer parses and its tokens verify.
    answer = u.client.get_tokens_from_refresh_token(RefreshToken=u.refresh_token, ClientId=CLIENT_ID)
    result = answer["AuthenticationResult"]
    expect(result["ExpiresIn"] > 0 and result["TokenType"] == "Bearer", result)
    u.verify_token(result["AccessToken"], "access_token", "access")
    u.verify_token(result["IdToken"], "id_token", "id")


def get_user():
    user = u.get_user()
    expect(user.username == USERNAME, user.username)
    expect(user.email == EMAIL, user._data)


def restored_session():
    # Tokens remembered elsewhere, handed to a new object, verified.
    again = new_cognito(id_token=u.id_token, access_token=u.access_token, refresh_token=u.refresh_token)
    again.verify_tokens()
    expect(again.get_user().username == USERNAME, "restored session works")


def logout():
    access = u.access_token
    u.logout()  # GlobalSignOut
    expect(u.access_token is None, "tokens cleared")
    try:
        u.client.get_user(AccessToken=access)
    except u.client.exceptions.NotAuthorizedException:
        return
    raise AssertionError("the access token still works after logout")


step("issuer", issuer_is_expected)
step("authenticate (SRP, tokens verified)", authenticate)
if u.access_token:
    step("claims", claims)
    step("verify_tokens", verify_tokens)
    step("tampered token refused", tampered_token_is_refused)
    step("check_token", check_token)
    step("renew_access_token", renew)
    step("get_tokens_from_refresh_token", get_tokens_from_refresh_token)
    step("get_user", get_user)
    step("restored session", restored_session)
    step("logout", logout)
print(f"pycognito ({MODE}): {passed} passed, {failed} failed", flush=True)
sys.exit(1 if failed or passed == 0 else 0)
