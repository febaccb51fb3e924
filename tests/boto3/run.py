#!/usr/bin/env python3
"""boto3 against cognito-srp-emulator, every answer checked against botocore's model.

Usage: run.py ENDPOINT   (for example http://127.0.0.1:9229)

Runs every operation the emulator implements through boto3 (a table of steps below: adding
an operation is one line), and checks each raw answer against the operation's output shape
in botocore's service model: a missing required member, a member the shape does not have, a
wrong JSON type, an enum value outside the enum, a string or list outside its length limits
all fail. Error answers must carry an `__type` from the operation's error list (or the
errors every AWS JSON service may answer) and nothing but `__type` and `message`.

Credentials and region come from the environment (dummy values do: the emulator does not
check signatures). Prints one line per step; exits 1 when any check failed.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import struct
import sys
import time
import urllib.parse
import urllib.request

import boto3

try:  # Java-style classes (\p{L}) in the model's patterns need the `regex` module.
    import regex as pattern_re
except ImportError:  # pragma: no cover (then patterns with \p{..} are not checked)
    import re as pattern_re
import botocore
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP, generate_hash_device

ENDPOINT = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("COGNITO_SRP_ENDPOINT", "")
MODEL = botocore.session.get_session().get_service_model("cognito-idp")
# Errors any AWS JSON 1.1 service may answer, whatever the operation.
COMMON_ERRORS = {
    "AccessDeniedException", "IncompleteSignature", "InternalFailure", "InvalidAction",
    "InvalidClientTokenId", "InvalidParameterCombination", "InvalidParameterValue",
    "MissingAction", "MissingAuthenticationToken", "MissingParameter", "RequestExpired",
    "ServiceUnavailable", "ThrottlingException", "ValidationError", "SerializationException",
    "UnknownOperationException", "UnrecognizedClientException",
}

# Where Cognito itself answers outside its model, the emulator answers as Cognito: (shape,
# value) pairs let through, each with why.
MODEL_EXCEPTIONS = {
    # A standard attribute Cognito describes in SchemaAttributes; 21 characters, one more
    # than the model's CustomAttributeNameType allows.
    ("CustomAttributeNameType", "phone_number_verified"),
}

failures = []
failed_steps = []
checked = set()


def matches(pattern, value):
    """Whether all of `value` matches a model pattern (Cognito checks whole values); true
    when the pattern cannot be compiled here (a Java class plain `re` lacks)."""
    try:
        return pattern_re.fullmatch(pattern, value) is not None
    except pattern_re.error:
        return True


def validate(shape, value, path, problems):
    """Appends to `problems` every way `value` (raw JSON) breaks `shape`."""
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected an object, got {type(value).__name__}")
            return
        for name in getattr(shape, "required_members", []):
            if name not in value:
                problems.append(f"{path}: required member {name} missing")
        for name, member_value in value.items():
            if name not in shape.members:
                problems.append(f"{path}: member {name} is not in {shape.name}")
                continue
            validate(shape.members[name], member_value, f"{path}.{name}", problems)
        return
    if kind == "list":
        if not isinstance(value, list):
            problems.append(f"{path}: expected a list, got {type(value).__name__}")
            return
        if "min" in meta and len(value) < meta["min"]:
            problems.append(f"{path}: {len(value)} entries, fewer than {meta['min']}")
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{path}: {len(value)} entries, more than {meta['max']}")
        for i, item in enumerate(value):
            validate(shape.member, item, f"{path}[{i}]", problems)
        return
    if kind == "map":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a map, got {type(value).__name__}")
            return
        for k, v in value.items():
            validate(shape.key, k, f"{path}.<key {k}>", problems)
            validate(shape.value, v, f"{path}[{k}]", problems)
        return
    if kind == "string":
        if not isinstance(value, str):
            problems.append(f"{path}: expected a string, got {type(value).__name__}")
            return
        if "enum" in meta and value not in meta["enum"]:
            problems.append(f"{path}: {value!r} not in the enum {meta['enum']}")
        if (shape.name, value) in MODEL_EXCEPTIONS:
            return
        if "pattern" in meta and not matches(meta["pattern"], value):
            problems.append(f"{path}: {value[:80]!r} does not match the pattern {meta['pattern']}")
        if "min" in meta and len(value) < meta["min"]:
            problems.append(f"{path}: length {len(value)} under {meta['min']}")
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{path}: length {len(value)} over {meta['max']}")
        return
    if kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{path}: expected an integer, got {value!r}")
            return
        if "min" in meta and value < meta["min"]:
            problems.append(f"{path}: {value} under {meta['min']}")
        if "max" in meta and value > meta["max"]:
            problems.append(f"{path}: {value} over {meta['max']}")
        return
    if kind == "boolean":
        if not isinstance(value, bool):
            problems.append(f"{path}: expected a boolean, got {value!r}")
        return
    if kind == "timestamp":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            problems.append(f"{path}: expected epoch seconds, got {value!r}")
        return
    if kind in ("double", "float"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            problems.append(f"{path}: expected a number, got {value!r}")
        return
    if kind == "blob":
        if not isinstance(value, str):
            problems.append(f"{path}: expected base64 text, got {value!r}")
        return
    problems.append(f"{path}: shape type {kind} not handled")


class Raw:
    """Keeps the raw body of the last answer (boto3 drops members its shape lacks)."""

    def __init__(self):
        self.body = None
        self.status = None
        self.headers = {}

    def __call__(self, response_dict=None, **_):
        self.body = response_dict.get("body") if response_dict else None
        self.status = response_dict.get("status_code") if response_dict else None
        self.headers = {k.lower(): v for k, v in (response_dict or {}).get("headers", {}).items()}


def client():
    c = boto3.client(
        "cognito-idp",
        endpoint_url=ENDPOINT,
        config=Config(parameter_validation=False, retries={"max_attempts": 1}),
    )
    raw = Raw()
    c.meta.events.register("before-parse.cognito-identity-provider.*", raw)
    return c, raw


def call(c, raw, operation, params, expect=None):
    """Calls `operation`; checks the raw answer against the model. `expect`: an error type,
    or None for success. Returns the parsed answer, or None for an error."""
    op_model = MODEL.operation_model(operation)
    label = f"{operation}" + (f" -> {expect}" if expect else "")
    checked.add(operation)
    try:
        answer = getattr(c, botocore.xform_name(operation))(**params)
        error = None
    except ClientError as e:
        answer = None
        error = e.response.get("Error", {}).get("Code")
    except Exception as e:  # noqa: BLE001 (a step that cannot even be sent fails, not the run)
        failures.append(f"{label}: {type(e).__name__}: {e}")
        failed_steps.append(label)
        print(f"FAIL {label}: {type(e).__name__}: {e}")
        return None
    body = json.loads(raw.body.decode() or "{}") if raw.body else {}
    problems = []
    if expect is None and error is not None:
        problems.append(f"failed with {error}: {body}")
    elif expect is not None and error != expect:
        problems.append(f"expected {expect}, got {error or 'success'}: {body}")
    if error is None and expect is None:
        if op_model.output_shape is not None:
            validate(op_model.output_shape, body, operation, problems)
        elif body not in ({}, None):
            problems.append(f"answer should be empty: {body}")
    # Cognito's framing: the JSON 1.1 content type and a request id on every answer.
    if raw.headers.get("content-type") != "application/x-amz-json-1.1":
        problems.append(f"content-type {raw.headers.get('content-type')!r}")
    if not raw.headers.get("x-amzn-requestid"):
        problems.append("no x-amzn-requestid header")
    if error is None and raw.status != 200:
        problems.append(f"a success with HTTP status {raw.status}")
    if error is not None and not (raw.status and 400 <= raw.status < 600):
        problems.append(f"an error with HTTP status {raw.status}")
    if error is not None:
        kind = str(body.get("__type", "")).split("#")[-1]
        allowed = {s.name for s in op_model.error_shapes} | COMMON_ERRORS
        if kind not in allowed:
            problems.append(f"error {kind!r} is not in {operation}'s error list")
        extra = set(body) - {"__type", "message", "Message"}
        if extra:
            problems.append(f"error body has members {sorted(extra)}")
    if problems:
        failures.extend(f"{label}: {p}" for p in problems)
        failed_steps.append(label)
        print(f"FAIL {label}")
        for p in problems:
            print(f"     {p}")
    else:
        print(f"ok   {label}")
    return answer


def totp(secret, at=None):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((at if at is not None else time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{code % 1_000_000:06d}"


def verifier_config():
    # A verifier below the 3072-bit group's modulus (leading byte 0x01) and a salt.
    verifier = b"\x01" + os.urandom(383)
    return {"PasswordVerifier": base64.b64encode(verifier).decode(), "Salt": base64.b64encode(os.urandom(16)).decode()}


POLICIES = {"PasswordPolicy": {"MinimumLength": 10, "RequireUppercase": True, "RequireLowercase": True,
                               "RequireNumbers": True, "RequireSymbols": False, "TemporaryPasswordValidityDays": 3}}


ARN = "arn:aws:lambda:us-east-1:123456789012:function:trigger"
# Every member of CreateUserPool the emulator keeps, so that each comes back described and
# is checked against the model.
FULL_POOL = {
    "PoolName": "boto3", "Policies": {**POLICIES, "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}},
    "DeletionProtection": "INACTIVE",
    "LambdaConfig": {
        "PreSignUp": ARN, "CustomMessage": ARN, "PostConfirmation": ARN, "PreAuthentication": ARN,
        "PostAuthentication": ARN, "DefineAuthChallenge": ARN, "CreateAuthChallenge": ARN,
        "VerifyAuthChallengeResponse": ARN, "PreTokenGeneration": ARN, "UserMigration": ARN,
        "PreTokenGenerationConfig": {"LambdaVersion": "V2_0", "LambdaArn": ARN},
        "CustomSMSSender": {"LambdaVersion": "V1_0", "LambdaArn": ARN},
        "CustomEmailSender": {"LambdaVersion": "V1_0", "LambdaArn": ARN},
        "KMSKeyID": "arn:aws:kms:us-east-1:123456789012:key/abc",
    },
    "AutoVerifiedAttributes": ["email"], "AliasAttributes": ["email"],
    "SmsVerificationMessage": "Code {####}", "EmailVerificationMessage": "Code {####}",
    "EmailVerificationSubject": "Verify", "SmsAuthenticationMessage": "Code {####}",
    "VerificationMessageTemplate": {"SmsMessage": "Code {####}", "EmailMessage": "Code {####}", "EmailSubject": "Verify",
                                    "EmailMessageByLink": "Click {##Verify Email##}", "EmailSubjectByLink": "Verify",
                                    "DefaultEmailOption": "CONFIRM_WITH_CODE"},
    "MfaConfiguration": "OPTIONAL",
    "UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": ["email"]},
    "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": False, "DeviceOnlyRememberedOnUserPrompt": True},
    "EmailConfiguration": {"SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/a@example.com",
                           "ReplyToEmailAddress": "r@example.com", "EmailSendingAccount": "DEVELOPER",
                           "From": "a@example.com", "ConfigurationSet": "set"},
    "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sms", "ExternalId": "x", "SnsRegion": "us-east-1"},
    "UserPoolTags": {"k": "v"},
    "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True, "UnusedAccountValidityDays": 5,
                              "InviteMessageTemplate": {"SMSMessage": "Hi {username} {####}",
                                                        "EmailMessage": "Hi {username} {####}", "EmailSubject": "Hi"}},
    "UserPoolAddOns": {"AdvancedSecurityMode": "AUDIT", "AdvancedSecurityAdditionalFlows": {"CustomAuthMode": "AUDIT"}},
    "UsernameConfiguration": {"CaseSensitive": False},
    "AccountRecoverySetting": {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"},
                                                      {"Priority": 2, "Name": "verified_phone_number"}]},
    "UserPoolTier": "PLUS",
    "Schema": [{"Name": "tenant", "AttributeDataType": "String", "Mutable": True,
                "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "64"}},
               {"Name": "level", "AttributeDataType": "Number", "NumberAttributeConstraints": {"MinValue": "0", "MaxValue": "9"}}],
}
# Every member of CreateUserPoolClient the emulator keeps.
FULL_CLIENT = {
    "ClientName": "app",
    "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    "RefreshTokenValidity": 10, "AccessTokenValidity": 1, "IdTokenValidity": 30,
    "TokenValidityUnits": {"AccessToken": "hours", "IdToken": "minutes", "RefreshToken": "days"},
    "ReadAttributes": ["email", "custom:tenant"], "WriteAttributes": ["email"],
    "SupportedIdentityProviders": ["COGNITO"], "CallbackURLs": ["https://example.com/cb"],
    "LogoutURLs": ["https://example.com/out"], "DefaultRedirectURI": "https://example.com/cb",
    "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid"], "AllowedOAuthFlowsUserPoolClient": True,
    "AnalyticsConfiguration": {"ApplicationId": "abc123", "RoleArn": "arn:aws:iam::123456789012:role/pinpoint",
                               "ExternalId": "x", "UserDataShared": False},
    "PreventUserExistenceErrors": "ENABLED", "EnableTokenRevocation": True,
    "EnablePropagateAdditionalUserContextData": False, "AuthSessionValidity": 5,
    "RefreshTokenRotation": {"Feature": "DISABLED", "RetryGracePeriodSeconds": 0},
}


def subset_problems(actual, expected, path):
    """Where `actual` (a parsed answer) lacks what `expected` (a request) set."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: {actual!r} is not an object"]
        return [p for k, v in expected.items() for p in subset_problems(actual.get(k), v, f"{path}.{k}")]
    return [] if actual == expected else [f"{path}: {actual!r} != {expected!r}"]


def holds(given, key, drop=()):
    """A step's answer check: answer[key] holds every member of `given` but `drop`."""
    def check(answer):
        expected = {k: v for k, v in given.items() if k not in drop}
        problems = subset_problems(answer.get(key), expected, key)
        for p in problems:
            failures.append(f"described: {p}")
            print(f"FAIL described: {p}")
        if problems:
            failed_steps.append(f"described {key}")
    return check


def steps(x):
    """The table: (operation, parameters from the context, expected error or None, what to
    keep from the answer). `x` is the context dict filled as the steps run."""
    pool = lambda: {"UserPoolId": x["pool"]}  # noqa: E731
    user = lambda name: {"UserPoolId": x["pool"], "Username": name}  # noqa: E731
    keep = lambda key, f: (lambda a: x.__setitem__(key, f(a)))  # noqa: E731
    return [
        ("CreateUserPool", lambda: FULL_POOL, None, keep("pool", lambda a: a["UserPool"]["Id"])),
        ("DescribeUserPool", pool, None, holds(FULL_POOL, "UserPool", drop=("PoolName", "Schema"))),
        ("DescribeUserPool", lambda: {"UserPoolId": "us-east-1_Nothing1"}, "ResourceNotFoundException", None),
        ("ListUserPools", lambda: {"MaxResults": 10}, None, None),
        ("ListUserPools", lambda: {"MaxResults": 0}, "InvalidParameterException", None),
        ("ListUserPools", lambda: {"MaxResults": 10, "NextToken": "forged"}, "InvalidParameterException", None),
        ("UpdateUserPool", lambda: {**pool(), "Policies": POLICIES, "MfaConfiguration": "OPTIONAL",
                                    "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": False,
                                                            "DeviceOnlyRememberedOnUserPrompt": True},
                                    "DeletionProtection": "INACTIVE"}, None, None),
        ("CreateUserPoolClient", lambda: {**pool(), **FULL_CLIENT}, None,
         keep("client", lambda a: a["UserPoolClient"]["ClientId"])),
        ("DescribeUserPoolClient", lambda: {**pool(), "ClientId": x["client"]}, None, holds(FULL_CLIENT, "UserPoolClient")),
        ("UpdateUserPoolClient", lambda: {**pool(), "ClientId": x["client"],
                                          "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                                          "RefreshTokenRotation": {"Feature": "DISABLED"}}, None, None),
        ("CreateUserPoolClient", lambda: {**pool(), "ClientName": "spare", "GenerateSecret": True}, None,
         keep("spare", lambda a: a["UserPoolClient"]["ClientId"])),
        ("ListUserPoolClients", lambda: {**pool(), "MaxResults": 1}, None, None),
        ("AdminCreateUser", lambda: {**user("ann"), "TemporaryPassword": "Temp-Pass-123",
                                     "UserAttributes": [{"Name": "email", "Value": "ann@example.com"}],
                                     "MessageAction": "SUPPRESS"}, None, None),
        ("AdminCreateUser", lambda: {**user("ann"), "TemporaryPassword": "Temp-Pass-123"}, "UsernameExistsException", None),
        ("InitiateAuth", lambda: {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": x["client"],
                                  "AuthParameters": {"USERNAME": "ann", "PASSWORD": "Temp-Pass-123"}}, None,
         keep("new_password", lambda a: a["Session"])),
        ("RespondToAuthChallenge", lambda: {"ClientId": x["client"], "ChallengeName": "NEW_PASSWORD_REQUIRED",
                                            "Session": x["new_password"],
                                            "ChallengeResponses": {"USERNAME": "ann", "NEW_PASSWORD": "Perm-Pass-123"}}, None, None),
        ("AdminSetUserPassword", lambda: {**user("ann"), "Password": "Perm-Pass-456", "Permanent": True}, None, None),
        ("AdminGetUser", lambda: user("ann"), None, None),
        ("AdminGetUser", lambda: user("nobody"), "UserNotFoundException", None),
        ("ListUsers", lambda: {**pool(), "Limit": 5}, None, None),
        ("ListUsers", lambda: {**pool(), "PaginationToken": "ann"}, "InvalidParameterException", None),
        ("InitiateAuth", lambda: {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": x["client"],
                                  "AuthParameters": {"USERNAME": "ann", "PASSWORD": "wrong-Pass-1"}}, "NotAuthorizedException", None),
        ("InitiateAuth", lambda: {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": x["client"],
                                  "AuthParameters": {"USERNAME": "ann", "PASSWORD": "Perm-Pass-456"}}, None,
         keep("auth", lambda a: a["AuthenticationResult"])),
        ("GetUser", lambda: {"AccessToken": x["auth"]["AccessToken"]}, None, None),
        ("ConfirmDevice", lambda: {"AccessToken": x["auth"]["AccessToken"],
                                   "DeviceKey": x["auth"]["NewDeviceMetadata"]["DeviceKey"],
                                   "DeviceSecretVerifierConfig": verifier_config(), "DeviceName": "boto3"}, None, None),
        ("InitiateAuth", lambda: {"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": x["client"],
                                  "AuthParameters": {"REFRESH_TOKEN": x["auth"]["RefreshToken"],
                                                     "DEVICE_KEY": x["auth"]["NewDeviceMetadata"]["DeviceKey"]}}, None, None),
        ("GetDevice", lambda: {"AccessToken": x["auth"]["AccessToken"],
                               "DeviceKey": x["auth"]["NewDeviceMetadata"]["DeviceKey"]}, None, None),
        ("UpdateDeviceStatus", lambda: {"AccessToken": x["auth"]["AccessToken"],
                                        "DeviceKey": x["auth"]["NewDeviceMetadata"]["DeviceKey"],
                                        "DeviceRememberedStatus": "remembered"}, None, None),
        ("ListDevices", lambda: {"AccessToken": x["auth"]["AccessToken"], "Limit": 10}, None, None),
        ("AdminListDevices", lambda: {**user("ann"), "Limit": 10}, None, None),
        ("AdminListDevices", lambda: {**user("ann"), "PaginationToken": "forged"}, "InvalidParameterException", None),
        ("AdminGetDevice", lambda: {**user("ann"), "DeviceKey": x["auth"]["NewDeviceMetadata"]["DeviceKey"]}, None, None),
        ("AdminGetDevice", lambda: {**user("ann"), "DeviceKey": "us-east-1_00000000-0000-0000-0000-000000000000"},
         "ResourceNotFoundException", None),
        ("AdminUpdateDeviceStatus", lambda: {**user("ann"), "DeviceKey": x["auth"]["NewDeviceMetadata"]["DeviceKey"],
                                             "DeviceRememberedStatus": "not_remembered"}, None, None),
        ("ForgetDevice", lambda: {"AccessToken": x["auth"]["AccessToken"],
                                  "DeviceKey": x["auth"]["NewDeviceMetadata"]["DeviceKey"]}, None, None),
        ("AdminForgetDevice", lambda: {**user("ann"), "DeviceKey": x["auth"]["NewDeviceMetadata"]["DeviceKey"]},
         "ResourceNotFoundException", None),
        ("CreateGroup", lambda: {**pool(), "GroupName": "admins", "Description": "the admins", "Precedence": 1,
                                 "RoleArn": "arn:aws:iam::123456789012:role/admins"}, None, None),
        ("CreateGroup", lambda: {**pool(), "GroupName": "admins"}, "GroupExistsException", None),
        ("CreateGroup", lambda: {**pool(), "GroupName": "staff"}, None, None),
        ("GetGroup", lambda: {**pool(), "GroupName": "admins"}, None, None),
        ("GetGroup", lambda: {**pool(), "GroupName": "nobody"}, "ResourceNotFoundException", None),
        ("UpdateGroup", lambda: {**pool(), "GroupName": "staff", "Precedence": 5}, None, None),
        ("ListGroups", lambda: {**pool(), "Limit": 1}, None, None),
        ("ListGroups", lambda: {**pool(), "NextToken": "forged"}, "InvalidParameterException", None),
        ("AdminAddUserToGroup", lambda: {**user("ann"), "GroupName": "admins"}, None, None),
        ("AdminAddUserToGroup", lambda: {**user("ann"), "GroupName": "staff"}, None, None),
        ("AdminAddUserToGroup", lambda: {**user("nobody"), "GroupName": "staff"}, "UserNotFoundException", None),
        ("AdminListGroupsForUser", lambda: {**user("ann"), "Limit": 1}, None, None),
        ("ListUsersInGroup", lambda: {**pool(), "GroupName": "admins"}, None, None),
        ("AdminRemoveUserFromGroup", lambda: {**user("ann"), "GroupName": "staff"}, None, None),
        ("DeleteGroup", lambda: {**pool(), "GroupName": "staff"}, None, None),
        ("SetUserPoolMfaConfig", lambda: {**pool(), "MfaConfiguration": "OPTIONAL",
                                          "SoftwareTokenMfaConfiguration": {"Enabled": True}}, None, None),
        ("GetUserPoolMfaConfig", pool, None, None),
        ("AdminSetUserMFAPreference", lambda: {**user("ann"), "SMSMfaSettings": {"Enabled": False}}, None, None),
        ("ChangePassword", lambda: {"AccessToken": x["auth"]["AccessToken"], "PreviousPassword": "Perm-Pass-456",
                                    "ProposedPassword": "Perm-Pass-789"}, None, None),
        ("AssociateSoftwareToken", lambda: {"AccessToken": x["auth"]["AccessToken"]}, None,
         keep("totp", lambda a: a["SecretCode"])),
        ("VerifySoftwareToken", lambda: {"AccessToken": x["auth"]["AccessToken"], "UserCode": totp(x["totp"])}, None, None),
        ("SetUserMFAPreference", lambda: {"AccessToken": x["auth"]["AccessToken"],
                                          "SoftwareTokenMfaSettings": {"Enabled": True, "PreferredMfa": True}}, None, None),
        ("InitiateAuth", lambda: {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": x["client"],
                                  "AuthParameters": {"USERNAME": "ann", "PASSWORD": "Perm-Pass-789"}}, None, None),
        ("RevokeToken", lambda: {"Token": x["auth"]["RefreshToken"], "ClientId": x["client"]}, None, None),
        ("GlobalSignOut", lambda: {"AccessToken": x["auth"]["AccessToken"]}, "NotAuthorizedException", None),
        ("AdminUserGlobalSignOut", lambda: user("ann"), None, None),
        ("AdminDisableUser", lambda: user("ann"), None, None),
        ("AdminEnableUser", lambda: user("ann"), None, None),
        ("AdminDeleteUser", lambda: user("ann"), None, None),
        ("DeleteUserPoolClient", lambda: {**pool(), "ClientId": x["spare"]}, None, None),
        ("DeleteUserPoolClient", lambda: {**pool(), "ClientId": x["spare"]}, "ResourceNotFoundException", None),
        ("UpdateUserPool", lambda: {**pool(), "DeletionProtection": "ACTIVE"}, None, None),
        ("DeleteUserPool", pool, "InvalidParameterException", None),
        ("UpdateUserPool", pool, None, None),
        ("DeleteUserPool", pool, None, None),
        ("DescribeUserPool", pool, "ResourceNotFoundException", None),
    ]


def mailbox(pool_id, username, purpose, attribute=None):
    """The newest code the emulator sent `username` for `purpose` (its HTTP outbox)."""
    url = f"{ENDPOINT}/_emulator/messages/{urllib.parse.quote(pool_id, safe='')}/{urllib.parse.quote(username, safe='')}"
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (the emulator's own URL)
        messages = json.load(answer)["messages"]
    codes = [m for m in messages if m["purpose"] == purpose and (attribute is None or m["attribute"] == attribute)]
    if not codes:
        raise KeyError(f"a {purpose} message to {username}")
    return sorted(codes, key=lambda m: m["sentAt"])[-1]["code"]


def wrong(code):
    """A code of the same length that is not `code`."""
    return "".join(str((int(d) + 1) % 10) for d in code)


def srp(x, key, username, password, device=None):
    """Starts an SRP proof (pycognito's helpers) kept as x[key]; the InitiateAuth parameters."""
    device = device or {}
    helper = AWSSRP(username, password, x["pool2"], x["client2"], client=x["boto"], **device)
    x[key] = (helper, helper.get_auth_params())
    return x[key][1]


def srp_answer(x, key, challenge, forge=False):
    """The PASSWORD_VERIFIER answer to `challenge` (a signature off by one bit with `forge`)."""
    helper, params = x[key]
    answer = helper.process_challenge(challenge["ChallengeParameters"], params)
    if forge:
        sig = bytearray(base64.b64decode(answer["PASSWORD_CLAIM_SIGNATURE"]))
        sig[0] ^= 1
        answer["PASSWORD_CLAIM_SIGNATURE"] = base64.b64encode(bytes(sig)).decode()
    return answer


# The second pool: self-service sign-up, email codes, USER_AUTH, devices remembered always.
FLOW_POOL = {
    "PoolName": "boto3-flows", "UserPoolTier": "ESSENTIALS", "MfaConfiguration": "OPTIONAL",
    "Policies": {**POLICIES, "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}},
    "AutoVerifiedAttributes": ["email"],
    "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": False, "DeviceOnlyRememberedOnUserPrompt": False},
    "Schema": [{"Name": "tenant", "AttributeDataType": "String", "Mutable": True}],
    "EmailVerificationMessage": "Your code is {####}. " + "x" * 3000,
    "SmsAuthenticationMessage": "Code {####}",
}
FLOW_CLIENT = {
    "ClientName": "flows", "AuthSessionValidity": 3,
    "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
                          "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
}


def flow_steps(x):
    """Sign-up, account, sign-in flows, MFA and devices on a second pool."""
    pool = lambda: {"UserPoolId": x["pool2"]}  # noqa: E731
    user = lambda name: {"UserPoolId": x["pool2"], "Username": name}  # noqa: E731
    keep = lambda key, f: (lambda a: x.__setitem__(key, f(a)))  # noqa: E731
    cid = lambda: {"ClientId": x["client2"]}  # noqa: E731
    token = lambda: {"AccessToken": x["bob"]["AccessToken"]}  # noqa: E731
    password = lambda name, pw: {**cid(), "AuthFlow": "USER_PASSWORD_AUTH",  # noqa: E731
                                 "AuthParameters": {"USERNAME": name, "PASSWORD": pw}}
    respond = lambda name, session, answers: {**cid(), "ChallengeName": name,  # noqa: E731
                                              "Session": x[session], "ChallengeResponses": answers}
    bob_email = {"Name": "email", "Value": "bob@example.com"}
    return [
        ("CreateUserPool", lambda: FLOW_POOL, None, keep("pool2", lambda a: a["UserPool"]["Id"])),
        ("CreateUserPoolClient", lambda: {**pool(), **FLOW_CLIENT}, None,
         keep("client2", lambda a: a["UserPoolClient"]["ClientId"])),
        ("SignUp", lambda: {**cid(), "Username": "bob", "Password": "Bob-Pass-123", "UserAttributes": [bob_email]},
         None, keep("signup", lambda a: a["Session"])),
        ("SignUp", lambda: {**cid(), "Username": "bob", "Password": "Bob-Pass-123"}, "UsernameExistsException", None),
        ("SignUp", lambda: {**cid(), "Username": "weak", "Password": "short"}, "InvalidPasswordException", None),
        ("SignUp", lambda: {"ClientId": "nosuchclient", "Username": "x", "Password": "Bob-Pass-123"},
         "ResourceNotFoundException", None),
        ("ResendConfirmationCode", lambda: {**cid(), "Username": "bob"}, None, None),
        ("ConfirmSignUp", lambda: {**cid(), "Username": "bob",
                                   "ConfirmationCode": wrong(mailbox(x["pool2"], "bob", "SIGN_UP"))},
         "CodeMismatchException", None),
        ("ConfirmSignUp", lambda: {**cid(), "Username": "bob", "Session": x["signup"],
                                   "ConfirmationCode": mailbox(x["pool2"], "bob", "SIGN_UP")},
         None, keep("confirmed", lambda a: a["Session"])),
        ("ResendConfirmationCode", lambda: {**cid(), "Username": "bob"}, "InvalidParameterException", None),
        # Auto sign-in with ConfirmSignUp's session.
        ("InitiateAuth", lambda: {**cid(), "AuthFlow": "USER_AUTH", "Session": x["confirmed"],
                                  "AuthParameters": {"USERNAME": "bob"}}, None, None),
        ("SignUp", lambda: {**cid(), "Username": "carl", "Password": "Carl-Pass-123",
                            "UserAttributes": [{"Name": "email", "Value": "carl@example.com"}]}, None, None),
        ("AdminConfirmSignUp", lambda: user("carl"), None, None),
        ("AdminConfirmSignUp", lambda: user("nobody"), "UserNotFoundException", None),
        # USER_PASSWORD_AUTH: tokens and a new device, confirmed with a real verifier.
        ("InitiateAuth", lambda: password("bob", "Bob-Pass-123"), None, keep("bob", lambda a: a["AuthenticationResult"])),
        ("InitiateAuth", lambda: password("bob", "Wrong-Pass-123"), "NotAuthorizedException", None),
        ("InitiateAuth", lambda: password("nobody", "Wrong-Pass-123"), "UserNotFoundException", None),
        ("ConfirmDevice", lambda: {**token(), "DeviceKey": x["bob"]["NewDeviceMetadata"]["DeviceKey"],
                                   "DeviceSecretVerifierConfig": device_verifier(x), "DeviceName": "boto3-srp"},
         None, None),
        ("ConfirmDevice", lambda: {**token(), "DeviceKey": "us-east-1_00000000-0000-0000-0000-000000000000",
                                   "DeviceSecretVerifierConfig": verifier_config()}, "ResourceNotFoundException", None),
        # USER_SRP_AUTH with the remembered device: PASSWORD_VERIFIER, DEVICE_SRP_AUTH,
        # DEVICE_PASSWORD_VERIFIER.
        ("InitiateAuth", lambda: {**cid(), "AuthFlow": "USER_SRP_AUTH",
                                  "AuthParameters": srp(x, "srp", "bob", "Bob-Pass-123", device_of(x))},
         None, keep("pv", lambda a: a)),
        ("RespondToAuthChallenge", lambda: {**cid(), "ChallengeName": "PASSWORD_VERIFIER", "Session": x["pv"]["Session"],
                                            "ChallengeResponses": srp_answer(x, "srp", x["pv"])},
         None, keep("dsrp", lambda a: a)),
        ("RespondToAuthChallenge", lambda: {**cid(), "ChallengeName": "DEVICE_SRP_AUTH", "Session": x["dsrp"]["Session"],
                                            "ChallengeResponses": device_start(x)},
         None, keep("dpv", lambda a: a)),
        ("RespondToAuthChallenge", lambda: {**cid(), "ChallengeName": "DEVICE_PASSWORD_VERIFIER",
                                            "Session": x["dpv"]["Session"],
                                            "ChallengeResponses": x["device_srp"].process_device_challenge(
                                                x["dpv"]["ChallengeParameters"])},
         None, keep("bob", lambda a: a["AuthenticationResult"])),
        # A forged password proof.
        ("InitiateAuth", lambda: {**cid(), "AuthFlow": "USER_SRP_AUTH",
                                  "AuthParameters": srp(x, "srp2", "bob", "Bob-Pass-123")},
         None, keep("pv2", lambda a: a)),
        ("RespondToAuthChallenge", lambda: {**cid(), "ChallengeName": "PASSWORD_VERIFIER", "Session": x["pv2"]["Session"],
                                            "ChallengeResponses": srp_answer(x, "srp2", x["pv2"], forge=True)},
         "NotAuthorizedException", None),
        # Refresh: REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken (rotation on).
        ("InitiateAuth", lambda: {**cid(), "AuthFlow": "REFRESH_TOKEN_AUTH",
                                  "AuthParameters": {"REFRESH_TOKEN": x["bob"]["RefreshToken"],
                                                     "DEVICE_KEY": x["device"]["DeviceKey"]}}, None, None),
        ("InitiateAuth", lambda: {**cid(), "AuthFlow": "REFRESH_TOKEN_AUTH",
                                  "AuthParameters": {"REFRESH_TOKEN": "forged"}}, "NotAuthorizedException", None),
        ("GetTokensFromRefreshToken", lambda: {**cid(), "RefreshToken": x["bob"]["RefreshToken"],
                                               "DeviceKey": x["device"]["DeviceKey"]},
         None, keep("rotated", lambda a: a["AuthenticationResult"])),
        ("GetTokensFromRefreshToken", lambda: {**cid(), "RefreshToken": "forged"}, "NotAuthorizedException", None),
        # USER_AUTH: SELECT_CHALLENGE, then EMAIL_OTP with the code from the outbox.
        ("InitiateAuth", lambda: {**cid(), "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "bob"}},
         None, keep("select", lambda a: a["Session"])),
        ("RespondToAuthChallenge", lambda: respond("SELECT_CHALLENGE", "select", {"USERNAME": "bob", "ANSWER": "EMAIL_OTP"}),
         None, keep("otp", lambda a: a["Session"])),
        ("RespondToAuthChallenge", lambda: respond("EMAIL_OTP", "otp", {
            "USERNAME": "bob", "EMAIL_OTP_CODE": wrong(mailbox(x["pool2"], "bob", "SIGN_IN_OTP"))}),
         "CodeMismatchException", None),
        ("InitiateAuth", lambda: {**cid(), "AuthFlow": "USER_AUTH",
                                  "AuthParameters": {"USERNAME": "bob", "PREFERRED_CHALLENGE": "EMAIL_OTP"}},
         None, keep("otp", lambda a: a["Session"])),
        ("RespondToAuthChallenge", lambda: respond("EMAIL_OTP", "otp", {
            "USERNAME": "bob", "EMAIL_OTP_CODE": mailbox(x["pool2"], "bob", "SIGN_IN_OTP")}), None, None),
        ("InitiateAuth", lambda: {**cid(), "AuthFlow": "USER_AUTH",
                                  "AuthParameters": {"USERNAME": "bob", "PREFERRED_CHALLENGE": "PASSWORD",
                                                     "PASSWORD": "Bob-Pass-123"}}, None, None),
        ("InitiateAuth", lambda: {**cid(), "AuthFlow": "USER_AUTH",
                                  "AuthParameters": {"USERNAME": "bob", "PREFERRED_CHALLENGE": "WEB_AUTHN"}},
         "UnsupportedOperationException", None),
        # USER_AUTH with PASSWORD_SRP, preferred and chosen from SELECT_CHALLENGE.
        ("InitiateAuth", lambda: {**cid(), "AuthFlow": "USER_AUTH", "AuthParameters": {
            **srp(x, "srp3", "bob", "Bob-Pass-123"), "PREFERRED_CHALLENGE": "PASSWORD_SRP"}},
         None, keep("pv3", lambda a: a)),
        ("RespondToAuthChallenge", lambda: {**cid(), "ChallengeName": "PASSWORD_VERIFIER", "Session": x["pv3"]["Session"],
                                            "ChallengeResponses": srp_answer(x, "srp3", x["pv3"])}, None, None),
        ("InitiateAuth", lambda: {**cid(), "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "bob"}},
         None, keep("select", lambda a: a["Session"])),
        ("RespondToAuthChallenge", lambda: respond("SELECT_CHALLENGE", "select", {
            **srp(x, "srp4", "bob", "Bob-Pass-123"), "ANSWER": "PASSWORD_SRP"}), None, keep("pv4", lambda a: a)),
        ("RespondToAuthChallenge", lambda: {**cid(), "ChallengeName": "PASSWORD_VERIFIER", "Session": x["pv4"]["Session"],
                                            "ChallengeResponses": srp_answer(x, "srp4", x["pv4"])}, None, None),
        ("RespondToAuthChallenge", lambda: respond("SELECT_CHALLENGE", "select", {"USERNAME": "bob", "ANSWER": "PASSWORD",
                                                                                   "PASSWORD": "Bob-Pass-123"}),
         "NotAuthorizedException", None),
        # Attributes.
        ("GetUser", token, None, None),
        ("UpdateUserAttributes", lambda: {**token(), "UserAttributes": [
            {"Name": "email", "Value": "bob2@example.com"}, {"Name": "custom:tenant", "Value": "acme"}]}, None, None),
        ("UpdateUserAttributes", lambda: {**token(), "UserAttributes": [{"Name": "nosuch", "Value": "x"}]},
         "InvalidParameterException", None),
        ("GetUserAttributeVerificationCode", lambda: {**token(), "AttributeName": "email"}, None, None),
        ("VerifyUserAttribute", lambda: {**token(), "AttributeName": "email",
                                         "Code": wrong(mailbox(x["pool2"], "bob", "VERIFY_ATTRIBUTE", "email"))},
         "CodeMismatchException", None),
        ("VerifyUserAttribute", lambda: {**token(), "AttributeName": "email",
                                         "Code": mailbox(x["pool2"], "bob", "VERIFY_ATTRIBUTE", "email")}, None, None),
        ("DeleteUserAttributes", lambda: {**token(), "UserAttributeNames": ["custom:tenant"]}, None, None),
        ("DeleteUserAttributes", lambda: {"AccessToken": "forged", "UserAttributeNames": ["custom:tenant"]},
         "NotAuthorizedException", None),
        ("AdminUpdateUserAttributes", lambda: {**user("carl"), "UserAttributes": [
            {"Name": "custom:tenant", "Value": "initech"}, {"Name": "email_verified", "Value": "true"}]}, None, None),
        ("AdminUpdateUserAttributes", lambda: {**user("nobody"), "UserAttributes": [
            {"Name": "custom:tenant", "Value": "initech"}]}, "UserNotFoundException", None),
        ("AdminDeleteUserAttributes", lambda: {**user("carl"), "UserAttributeNames": ["custom:tenant"]}, None, None),
        ("AdminDeleteUserAttributes", lambda: {**user("nobody"), "UserAttributeNames": ["custom:tenant"]},
         "UserNotFoundException", None),
        # Passwords.
        ("ForgotPassword", lambda: {**cid(), "Username": "bob"}, None, None),
        ("ConfirmForgotPassword", lambda: {**cid(), "Username": "bob", "Password": "Bob-Pass-456",
                                           "ConfirmationCode": wrong(mailbox(x["pool2"], "bob", "FORGOT_PASSWORD"))},
         "CodeMismatchException", None),
        ("ConfirmForgotPassword", lambda: {**cid(), "Username": "bob", "Password": "Bob-Pass-456",
                                           "ConfirmationCode": mailbox(x["pool2"], "bob", "FORGOT_PASSWORD")}, None, None),
        ("ForgotPassword", lambda: {**cid(), "Username": "nobody"}, "UserNotFoundException", None),
        ("AdminResetUserPassword", lambda: user("carl"), None, None),
        ("AdminResetUserPassword", lambda: user("nobody"), "UserNotFoundException", None),
        ("InitiateAuth", lambda: password("carl", "Carl-Pass-123"), "PasswordResetRequiredException", None),
        ("ChangePassword", lambda: {**token(), "PreviousPassword": "Wrong-Pass-999", "ProposedPassword": "Bob-Pass-789"},
         "NotAuthorizedException", None),
        # Email MFA through the admin flow.
        ("SetUserPoolMfaConfig", lambda: {**pool(), "MfaConfiguration": "OPTIONAL",
                                          "SoftwareTokenMfaConfiguration": {"Enabled": True},
                                          "EmailMfaConfiguration": {"Message": "Code {####}", "Subject": "Sign in"}},
         None, None),
        ("GetUserPoolMfaConfig", pool, None, None),
        ("GetUserPoolMfaConfig", lambda: {"UserPoolId": "us-east-1_Nothing1"}, "ResourceNotFoundException", None),
        ("AdminSetUserMFAPreference", lambda: {**user("bob"), "EmailMfaSettings": {"Enabled": True, "PreferredMfa": True}},
         None, None),
        ("AdminSetUserMFAPreference", lambda: {**user("nobody"), "EmailMfaSettings": {"Enabled": True}},
         "UserNotFoundException", None),
        ("AdminInitiateAuth", lambda: {**pool(), **cid(), "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                                       "AuthParameters": {"USERNAME": "bob", "PASSWORD": "Bob-Pass-456"}},
         None, keep("mfa", lambda a: a["Session"])),
        ("AdminRespondToAuthChallenge", lambda: {**pool(), **respond("EMAIL_OTP", "mfa", {
            "USERNAME": "bob", "EMAIL_OTP_CODE": wrong(mailbox(x["pool2"], "bob", "SIGN_IN_MFA"))})},
         "CodeMismatchException", None),
        ("AdminRespondToAuthChallenge", lambda: {**pool(), **respond("EMAIL_OTP", "mfa", {
            "USERNAME": "bob", "EMAIL_OTP_CODE": mailbox(x["pool2"], "bob", "SIGN_IN_MFA")})},
         None, keep("bob", lambda a: a["AuthenticationResult"])),
        ("AdminInitiateAuth", lambda: {**pool(), **cid(), "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                                       "AuthParameters": {"USERNAME": "bob", "PASSWORD": "Wrong-Pass-1"}},
         "NotAuthorizedException", None),
        # TOTP.
        ("AssociateSoftwareToken", token, None, keep("totp2", lambda a: a["SecretCode"])),
        ("VerifySoftwareToken", lambda: {**token(), "UserCode": wrong(totp(x["totp2"]))},
         "EnableSoftwareTokenMFAException", None),
        ("VerifySoftwareToken", lambda: {**token(), "UserCode": totp(x["totp2"]), "FriendlyDeviceName": "phone"},
         None, None),
        ("SetUserMFAPreference", lambda: {**token(), "SoftwareTokenMfaSettings": {"Enabled": True, "PreferredMfa": True},
                                          "EmailMfaSettings": {"Enabled": False}}, None, None),
        ("SetUserMFAPreference", lambda: {"AccessToken": "forged", "EmailMfaSettings": {"Enabled": False}},
         "NotAuthorizedException", None),
        ("InitiateAuth", lambda: password("bob", "Bob-Pass-456"), None, keep("totp_session", lambda a: a["Session"])),
        ("RespondToAuthChallenge", lambda: respond("SOFTWARE_TOKEN_MFA", "totp_session", {
            "USERNAME": "bob", "SOFTWARE_TOKEN_MFA_CODE": totp(x["totp2"])}), None, None),
        # Devices of the user.
        ("ListDevices", lambda: {**token(), "Limit": 5}, None, None),
        ("GetDevice", lambda: {**token(), "DeviceKey": x["device"]["DeviceKey"]}, None, None),
        ("GetDevice", lambda: {**token(), "DeviceKey": "us-east-1_00000000-0000-0000-0000-000000000000"},
         "ResourceNotFoundException", None),
        ("UpdateDeviceStatus", lambda: {**token(), "DeviceKey": x["device"]["DeviceKey"],
                                        "DeviceRememberedStatus": "not_remembered"}, None, None),
        ("AdminListDevices", lambda: user("bob"), None, None),
        ("AdminForgetDevice", lambda: {**user("bob"), "DeviceKey": x["device"]["DeviceKey"]}, None, None),
        ("ForgetDevice", lambda: {**token(), "DeviceKey": x["device"]["DeviceKey"]}, "ResourceNotFoundException", None),
        # One error of each remaining operation.
        ("CreateUserPool", lambda: {**FLOW_POOL, "EmailVerificationMessage": "{####}" + "x" * 19_995},
         "InvalidParameterException", None),
        ("CreateUserPool", lambda: {**FLOW_POOL, "SmsAuthenticationMessage": "{###}"}, "InvalidParameterException", None),
        ("UpdateUserPool", lambda: {"UserPoolId": "us-east-1_Nothing1"}, "ResourceNotFoundException", None),
        ("CreateUserPool", lambda: {"PoolName": "p", "VerificationMessageTemplate": {"EmailMessageByLink": "no link"}},
         "InvalidParameterException", None),
        ("CreateUserPoolClient", lambda: {**pool(), "ClientName": "bad/name"}, "InvalidParameterException", None),
        ("CreateUserPoolClient", lambda: {**pool(), "ClientName": "c", "CallbackURLs": ["https://a.example/a b"]},
         "InvalidParameterException", None),
        ("CreateUserPoolClient", lambda: {"UserPoolId": "us-east-1_Nothing1", "ClientName": "c"},
         "ResourceNotFoundException", None),
        ("DescribeUserPoolClient", lambda: {**pool(), "ClientId": "nosuchclient"}, "ResourceNotFoundException", None),
        ("UpdateUserPoolClient", lambda: {**pool(), "ClientId": "nosuchclient"}, "ResourceNotFoundException", None),
        ("UpdateUserPoolClient", lambda: {**pool(), **cid(), "AuthSessionValidity": 16}, "InvalidParameterException", None),
        ("ListUserPoolClients", lambda: {"UserPoolId": "us-east-1_Nothing1"}, "ResourceNotFoundException", None),
        ("SetUserPoolMfaConfig", lambda: {"UserPoolId": "us-east-1_Nothing1", "MfaConfiguration": "OFF"},
         "ResourceNotFoundException", None),
        ("UpdateGroup", lambda: {**pool(), "GroupName": "nobody"}, "ResourceNotFoundException", None),
        ("DeleteGroup", lambda: {**pool(), "GroupName": "nobody"}, "ResourceNotFoundException", None),
        ("ListUsersInGroup", lambda: {**pool(), "GroupName": "nobody"}, "ResourceNotFoundException", None),
        ("AdminListGroupsForUser", lambda: user("nobody"), "UserNotFoundException", None),
        ("AdminRemoveUserFromGroup", lambda: {**user("carl"), "GroupName": "nobody"}, "ResourceNotFoundException", None),
        ("AdminSetUserPassword", lambda: {**user("carl"), "Password": "short", "Permanent": True},
         "InvalidPasswordException", None),
        ("AdminUpdateDeviceStatus", lambda: {**user("bob"), "DeviceKey": "us-east-1_00000000-0000-0000-0000-000000000000",
                                             "DeviceRememberedStatus": "remembered"}, "ResourceNotFoundException", None),
        ("UpdateDeviceStatus", lambda: {**token(), "DeviceKey": "us-east-1_00000000-0000-0000-0000-000000000000",
                                        "DeviceRememberedStatus": "remembered"}, "ResourceNotFoundException", None),
        ("ListDevices", lambda: {"AccessToken": "forged"}, "NotAuthorizedException", None),
        ("AssociateSoftwareToken", lambda: {"AccessToken": "forged"}, "NotAuthorizedException", None),
        ("GetUserAttributeVerificationCode", lambda: {**token(), "AttributeName": "phone_number"},
         "InvalidParameterException", None),
        ("AdminDisableUser", lambda: user("nobody"), "UserNotFoundException", None),
        ("AdminDeleteUser", lambda: user("nobody"), "UserNotFoundException", None),
        # Values outside the model's patterns.
        ("SignUp", lambda: {**cid(), "Username": "has space", "Password": "Bob-Pass-123"}, "InvalidParameterException", None),
        ("VerifySoftwareToken", lambda: {**token(), "UserCode": "abcdef"}, "InvalidParameterException", None),
        ("ConfirmSignUp", lambda: {**cid(), "Username": "bob", "ConfirmationCode": "12 34"}, "InvalidParameterException", None),
        ("DescribeUserPool", pool, None, None),
        ("DescribeUserPoolClient", lambda: {**pool(), **cid()}, None, None),
        ("AdminGetUser", lambda: user("bob"), None, None),
        ("ListUsers", lambda: {**pool(), "AttributesToGet": ["email"], "Filter": 'username ^= "b"', "Limit": 1}, None, None),
        ("ListUsers", lambda: {**pool(), "Filter": 'status = "CONFIRMED"'}, None, None),
        # Limits outside the model's ranges.
        ("ListUsers", lambda: {**pool(), "Limit": 61}, "InvalidParameterException", None),
        ("ListGroups", lambda: {**pool(), "Limit": 61}, "InvalidParameterException", None),
        ("ListDevices", lambda: {**token(), "Limit": 61}, "InvalidParameterException", None),
        ("AdminListDevices", lambda: {**user("bob"), "Limit": 61}, "InvalidParameterException", None),
        ("ListUserPools", lambda: {"MaxResults": 61}, "InvalidParameterException", None),
        ("ListUserPoolClients", lambda: {**pool(), "MaxResults": 61}, "InvalidParameterException", None),
        ("ListUsersInGroup", lambda: {**pool(), "GroupName": "g", "Limit": 61}, "InvalidParameterException", None),
        ("AdminListGroupsForUser", lambda: {**user("bob"), "Limit": 61}, "InvalidParameterException", None),
        ("CreateGroup", lambda: {**pool(), "GroupName": "neg", "Precedence": -1}, "InvalidParameterException", None),
        ("UpdateUserPoolClient", lambda: {**pool(), **cid(), "RefreshTokenValidity": 3651}, "InvalidParameterException", None),
        ("UpdateUserPool", lambda: {**pool(), "Policies": {"PasswordPolicy": {"MinimumLength": 5}}},
         "InvalidParameterException", None),
        ("UpdateUserPool", lambda: {**pool(), "AdminCreateUserConfig": {"UnusedAccountValidityDays": 366}},
         "InvalidParameterException", None),
        ("ListUsers", lambda: {**pool(), "Filter": "bogus"}, "InvalidParameterException", None),
        # Sign-out, revocation, deletion.
        ("GlobalSignOut", token, None, None),
        ("GetUser", token, "NotAuthorizedException", None),
        ("AdminUserGlobalSignOut", lambda: user("nobody"), "UserNotFoundException", None),
        ("RevokeToken", lambda: {**cid(), "Token": "forged"}, "UnsupportedTokenTypeException", None),
        ("AdminDisableUser", lambda: user("carl"), None, None),
        ("AdminEnableUser", lambda: user("nobody"), "UserNotFoundException", None),
        ("InitiateAuth", lambda: password("bob", "Bob-Pass-456"), None, keep("totp_session", lambda a: a["Session"])),
        ("RespondToAuthChallenge", lambda: respond("SOFTWARE_TOKEN_MFA", "totp_session", {
            "USERNAME": "bob", "SOFTWARE_TOKEN_MFA_CODE": totp(x["totp2"], time.time() + 30)}),
         None, keep("bob", lambda a: a["AuthenticationResult"])),
        ("DeleteUser", token, None, None),
        ("DeleteUser", token, "NotAuthorizedException", None),
        ("DeleteUserPool", pool, None, None),
    ]


def mfa_steps(x):
    """A pool that requires MFA: MFA_SETUP with the session-based AssociateSoftwareToken and
    VerifySoftwareToken, SELECT_MFA_TYPE, SMS_MFA, and the admin flows."""
    pool = lambda: {"UserPoolId": x["pool3"]}  # noqa: E731
    dee = lambda: {"UserPoolId": x["pool3"], "Username": "dee"}  # noqa: E731
    keep = lambda key, f: (lambda a: x.__setitem__(key, f(a)))  # noqa: E731
    cid = lambda: {"ClientId": x["client3"]}  # noqa: E731
    respond = lambda name, session, answers: {**cid(), "ChallengeName": name,  # noqa: E731
                                              "Session": x[session], "ChallengeResponses": answers}
    admin_password = lambda: {**pool(), **cid(), "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",  # noqa: E731
                              "AuthParameters": {"USERNAME": "dee", "PASSWORD": "Dee-Pass-123"}}
    return [
        ("CreateUserPool", lambda: {"PoolName": "boto3-mfa", "MfaConfiguration": "ON", "Policies": POLICIES,
                                    "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sms"}},
         None, keep("pool3", lambda a: a["UserPool"]["Id"])),
        ("CreateUserPoolClient", lambda: {**pool(), "ClientName": "mfa", "ExplicitAuthFlows": [
            "ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]},
         None, keep("client3", lambda a: a["UserPoolClient"]["ClientId"])),
        ("AdminCreateUser", lambda: {**dee(), "MessageAction": "SUPPRESS", "UserAttributes": [
            {"Name": "phone_number", "Value": "+15555550100"}, {"Name": "phone_number_verified", "Value": "true"}]},
         None, None),
        ("AdminSetUserPassword", lambda: {**dee(), "Password": "Dee-Pass-123", "Permanent": True}, None, None),
        ("InitiateAuth", lambda: {**cid(), "AuthFlow": "USER_PASSWORD_AUTH",
                                  "AuthParameters": {"USERNAME": "dee", "PASSWORD": "Dee-Pass-123"}},
         None, keep("setup", lambda a: a["Session"])),
        ("AssociateSoftwareToken", lambda: {"Session": x["setup"]}, None,
         lambda a: x.update(totp3=a["SecretCode"], setup=a["Session"])),
        ("VerifySoftwareToken", lambda: {"Session": x["setup"], "UserCode": totp(x["totp3"])}, None,
         keep("setup", lambda a: a["Session"])),
        ("RespondToAuthChallenge", lambda: respond("MFA_SETUP", "setup", {"USERNAME": "dee"}), None, None),
        ("AdminSetUserMFAPreference", lambda: {**dee(), "SMSMfaSettings": {"Enabled": True, "PreferredMfa": False},
                                               "SoftwareTokenMfaSettings": {"Enabled": True, "PreferredMfa": False}},
         None, None),
        ("DescribeUserPool", pool, None, None),
        ("DescribeUserPoolClient", lambda: {**pool(), **cid()}, None, None),
        ("AdminGetUser", dee, None, None),
        ("AdminInitiateAuth", admin_password, None, keep("select", lambda a: a["Session"])),
        ("AdminRespondToAuthChallenge", lambda: {**pool(), **respond("SELECT_MFA_TYPE", "select",
                                                                     {"USERNAME": "dee", "ANSWER": "SMS_MFA"})},
         None, keep("sms", lambda a: a["Session"])),
        ("AdminRespondToAuthChallenge", lambda: {**pool(), **respond("SMS_MFA", "sms", {
            "USERNAME": "dee", "SMS_MFA_CODE": wrong(mailbox(x["pool3"], "dee", "SIGN_IN_MFA"))})},
         "CodeMismatchException", None),
        ("AdminRespondToAuthChallenge", lambda: {**pool(), **respond("SMS_MFA", "sms", {
            "USERNAME": "dee", "SMS_MFA_CODE": mailbox(x["pool3"], "dee", "SIGN_IN_MFA")})},
         None, keep("dee", lambda a: a["AuthenticationResult"])),
        ("AdminInitiateAuth", lambda: {**pool(), **cid(), "AuthFlow": "REFRESH_TOKEN_AUTH",
                                       "AuthParameters": {"REFRESH_TOKEN": x["dee"]["RefreshToken"]}}, None, None),
        ("AdminInitiateAuth", lambda: {**pool(), "ClientId": "nosuchclient", "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                                       "AuthParameters": {"USERNAME": "dee", "PASSWORD": "Dee-Pass-123"}},
         "ResourceNotFoundException", None),
        ("AdminRespondToAuthChallenge", lambda: {**pool(), **cid(), "ChallengeName": "SMS_MFA",
                                                 "Session": "x" * 40, "ChallengeResponses": {"USERNAME": "dee"}},
         "NotAuthorizedException", None),
        ("RevokeToken", lambda: {**cid(), "Token": x["dee"]["RefreshToken"]}, None, None),
        ("GetTokensFromRefreshToken", lambda: {**cid(), "RefreshToken": x["dee"]["RefreshToken"]},
         "NotAuthorizedException", None),
        ("DeleteUserPool", pool, None, None),
    ]


def device_of(x):
    """The remembered device's parameters for pycognito's helper."""
    return {"device_key": x["device"]["DeviceKey"], "device_group_key": x["device"]["DeviceGroupKey"],
            "device_password": x["device"]["password"]}


def device_verifier(x):
    """A verifier for bob's new device (pycognito's helper), its password kept in x."""
    meta = x["bob"]["NewDeviceMetadata"]
    device_password, config = generate_hash_device(meta["DeviceGroupKey"], meta["DeviceKey"])
    x["device"] = {**meta, "password": device_password}
    return config


def device_start(x):
    """DEVICE_SRP_AUTH's answer: a fresh SRP_A for the device."""
    helper = AWSSRP("bob", "unused", x["pool2"], x["client2"], client=x["boto"], **device_of(x))
    x["device_srp"] = helper
    return {"USERNAME": x["dsrp"]["ChallengeParameters"].get("USERNAME", "bob"),
            "DEVICE_KEY": x["device"]["DeviceKey"], "SRP_A": format(helper.large_a_value, "x")}


# Top-level members limits.rs bounds in its MEMBERS table (spelled with proto's constants).
LIMITED_MEMBERS = {
    "UserPoolId", "ClientId", "Username", "Session", "DeviceKey", "DeviceName", "Password", "TemporaryPassword",
    "PreviousPassword", "ProposedPassword", "PoolName", "ClientName", "ClientSecret", "UserCode", "Filter",
    "GroupName", "NextToken", "PaginationToken", "AccessToken", "Token", "RefreshToken",
}
LIMITS_RS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../crates/cognito-srp-emulator/src/limits.rs")


def model_string_limits(operations):
    """{request path: {(min, max, shape)}} of every string member of the operations' inputs
    (`$.A.B`, `[]` a list item, `{}` a map value), as limits.rs spells paths."""
    rows = {}

    def walk(shape, path, seen):
        kind = shape.type_name
        if kind == "string" and "enum" not in shape.metadata:
            rows.setdefault(path, set()).add((shape.metadata.get("min", 0), shape.metadata.get("max"), shape.name))
        elif kind == "structure" and shape.name not in seen:
            for name, member in shape.members.items():
                walk(member, f"{path}.{name}", seen | {shape.name})
        elif kind == "list":
            walk(shape.member, f"{path}[]", seen)
        elif kind == "map":
            walk(shape.value, f"{path}{{}}", seen)

    for operation in operations:
        walk(MODEL.operation_model(operation).input_shape, "$", frozenset())
    return rows


def check_limits(operations):
    """limits.rs's SETTINGS table against the model: each entry as the model has it, and
    every string member with limits of its own (not the catch-all StringType, a max of at
    most 20000) of the implemented operations in the table."""
    with open(LIMITS_RS, encoding="utf-8") as f:
        source = f.read()
    table = {path: (int(lo.replace("_", "")), int(hi.replace("_", "")))
             for path, lo, hi in re.findall(r'\("(\$[^"]+)", ([\d_]+), ([\d_]+)\)', source)}
    problems = []
    if len(table) < 40:
        problems.append(f"limits.rs: only {len(table)} SETTINGS entries found")
    model = model_string_limits(MODEL.operation_names)
    for path, bounds in table.items():
        for lo, hi, shape in model.get(path, {(None, None, "nothing")}):
            if (lo, hi) != bounds:
                problems.append(f"limits.rs: {path} is {bounds}, the model's {shape} {lo} to {hi}")
    for path, shapes in model_string_limits(operations).items():
        top = path.count(".") == 1 and "[" not in path and "{" not in path
        if (top and path[2:] in LIMITED_MEMBERS) or path in table:
            continue
        for lo, hi, shape in shapes:
            # An empty value counts as missing, so a minimum of 1 is the default's too.
            if shape != "StringType" and hi is not None and hi <= 20_000 and (lo > 1 or hi != 2048):
                problems.append(f"limits.rs: {path} ({shape} {lo} to {hi}) is not in SETTINGS")
    for p in problems:
        failures.append(p)
        print(f"FAIL {p}")
    if problems:
        failed_steps.append("limits.rs against the model")
    else:
        print(f"ok   limits.rs: {len(table)} SETTINGS entries as the model has them")


def self_test():
    """The validator must catch each kind of fault, or its silence proves nothing."""
    shape = MODEL.operation_model("DescribeUserPool").output_shape
    bad = [
        ({"UserPool": {"Id": "x", "Bogus": 1}}, "not in"),
        ({"UserPool": {"EstimatedNumberOfUsers": "3"}}, "expected an integer"),
        ({"UserPool": {"MfaConfiguration": "SOMETIMES"}}, "enum"),
        ({"UserPool": {"Name": "n" * 129}}, "over 128"),
        ({"UserPool": {"AliasAttributes": "email"}}, "expected a list"),
        ({"UserPool": {"CreationDate": "yesterday"}}, "epoch seconds"),
        ({"UserPool": {"UsernameConfiguration": {}}}, "required member CaseSensitive"),
        ({"UserPool": {"DeviceConfiguration": {"ChallengeRequiredOnNewDevice": "false"}}}, "boolean"),
        ({"UserPool": {"Id": "us-east-1 pool"}}, "pattern"),
        ({"UserPool": {"Name": "caf\u00e9 \u2603"}}, "pattern"),
    ]
    for body, expected in bad:
        problems = []
        validate(shape, body, "DescribeUserPool", problems)
        if not any(expected in p for p in problems):
            failures.append(f"validator self-test: {body} gave {problems}, expected {expected!r}")
            failed_steps.append("validator self-test")
    good = []
    validate(shape, {"UserPool": {"Id": "us-east-1_x", "Name": "n", "MfaConfiguration": "OFF"}}, "", good)
    if good:
        failures.append(f"validator self-test: a valid answer gave {good}")
        failed_steps.append("validator self-test")


def main():
    self_test()
    if not ENDPOINT:
        print("usage: run.py ENDPOINT", file=sys.stderr)
        return 2
    c, raw = client()
    context = {"boto": c}
    for operation, params, expect, save in steps(context) + flow_steps(context) + mfa_steps(context):
        try:
            request = params()
        except Exception as missing:  # noqa: BLE001 (a step whose parameters cannot be made fails)
            failures.append(f"{operation}: an earlier step did not give {missing}")
            failed_steps.append(operation)
            print(f"FAIL {operation}: an earlier step did not give {missing}")
            continue
        answer = call(c, raw, operation, request, expect)
        if save is not None and answer is not None:
            try:
                save(answer)
            except (KeyError, TypeError) as missing:
                failures.append(f"{operation}: answer lacks {missing}")
                failed_steps.append(operation)
                print(f"FAIL {operation}: answer lacks {missing}: {answer}")
    check_limits(sorted(checked))
    print(f"boto3: {len(checked)} operations checked against botocore {botocore.__version__}'s model")
    print(f"checked operations: {','.join(sorted(checked))}")
    total = len(steps({})) + len(flow_steps({})) + len(mfa_steps({}))
    print(f"{total - len(failed_steps)} passed, {len(failed_steps)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
