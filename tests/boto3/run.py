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
import struct
import sys
import time

import boto3
import botocore
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

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

    def __call__(self, response_dict=None, **_):
        self.body = response_dict.get("body") if response_dict else None
        self.status = response_dict.get("status_code") if response_dict else None


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
    context = {}
    for operation, params, expect, save in steps(context):
        try:
            request = params()
        except KeyError as missing:
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
    print(f"boto3: {len(checked)} operations checked against botocore {botocore.__version__}'s model")
    total = len(steps({}))
    print(f"{total - len(failed_steps)} passed, {len(failed_steps)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
