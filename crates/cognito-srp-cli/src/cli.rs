//! The command line (clap derive). Every command's `--help` ends with examples.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod account;

pub(crate) use account::{
    AttributesCommand, ConfirmForgotPasswordArgs, DeleteUserArgs, SignUpArgs, UserArgs, UserCodeArgs,
};
use account::{CODE_EXAMPLES, RESET_EXAMPLES, SIGN_UP_EXAMPLES};

const MAIN_EXAMPLES: &str = "\
Examples:
  # The whole story offline, against the bundled verifying emulator:
  cognito-srp demo

  # Sign in to a real pool, confirm and remember this device, print the tokens:
  export COGNITO_POOL_ID=eu-west-1_AbCdEf123 COGNITO_CLIENT_ID=1example23456789
  export COGNITO_USERNAME=alice COGNITO_DEVICE_FILE=~/.config/cognito-srp/device.json
  cognito-srp login --remember-device > tokens.json

  # New tokens, with the device key from the device file:
  cognito-srp refresh < tokens.json

  # Sign up, confirm with the emailed code (asked for), get tokens:
  cognito-srp sign-up --username ann --user-attribute email=ann@example.com --confirm > tokens.json

Exit codes: 0 success, 1 Cognito refused (authentication failure) or the request failed,
2 usage error, 3 an incomplete answer (`devices list` stopped after 100 pages). RUST_LOG=debug traces every request on stderr (never a secret).";

/// Sign in to Amazon Cognito user pools with SRP-6a, device tracking included.
#[derive(Debug, Parser)]
#[command(name = "cognito-srp", version, after_help = MAIN_EXAMPLES, propagate_version = true)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run the full offline demo against an in-process emulator; exit 0 only if every step
    /// behaved as Cognito would.
    #[command(after_help = "\
Examples:
  cognito-srp demo
  cargo run --release -p cognito-srp-cli -- demo
  RUST_LOG=cognito_srp_http=debug cognito-srp demo   # every request on stderr")]
    Demo(DemoArgs),

    /// Sign in with SRP and print the tokens as JSON on stdout.
    #[command(after_help = LOGIN_EXAMPLES)]
    Login(LoginArgs),

    /// Get new access and ID tokens (and, where the app client rotates them, a new refresh
    /// token) from a refresh token (--tokens-file, COGNITO_REFRESH_TOKEN or stdin).
    #[command(after_help = REFRESH_EXAMPLES)]
    Refresh(RefreshArgs),

    /// List, forget or remember the signed-in user's devices (access token from
    /// COGNITO_ACCESS_TOKEN or stdin).
    #[command(
        subcommand,
        after_help = "\
The access token comes from COGNITO_ACCESS_TOKEN, else stdin (a bare token, or the JSON that
`login` prints).

Examples:
  cognito-srp devices list < tokens.json
  cognito-srp devices remember --device-file device.json < tokens.json
  cognito-srp devices forget --device-file device.json < tokens.json"
    )]
    Devices(DevicesCommand),

    /// Sign the user out everywhere (GlobalSignOut): every refresh token stops working.
    #[command(after_help = "\
The access token comes from COGNITO_ACCESS_TOKEN, else stdin (a bare token, or the JSON that
`login` prints).

Examples:
  cognito-srp sign-out < tokens.json
  COGNITO_ACCESS_TOKEN=eyJ... cognito-srp sign-out --pool-id eu-west-1_AbCdEf123")]
    SignOut(SignOutArgs),

    /// Sign a new user up (SignUp); --confirm then confirms with the code and signs in.
    #[command(after_help = SIGN_UP_EXAMPLES)]
    SignUp(SignUpArgs),

    /// Confirm a sign-up with the code Cognito sent (ConfirmSignUp).
    #[command(after_help = CODE_EXAMPLES)]
    ConfirmSignUp(UserCodeArgs),

    /// Send the sign-up code again (ResendConfirmationCode); prints where it went.
    #[command(after_help = "\
Examples:
  cognito-srp resend-code --username ann")]
    ResendCode(UserArgs),

    /// Start a password reset (ForgotPassword): a code goes to the user's verified email or
    /// phone number; prints where it went.
    #[command(after_help = RESET_EXAMPLES)]
    ForgotPassword(UserArgs),

    /// Finish a password reset with the code and a new password (ConfirmForgotPassword).
    #[command(after_help = RESET_EXAMPLES)]
    ConfirmForgotPassword(ConfirmForgotPasswordArgs),

    /// Read, change, verify or delete the signed-in user's attributes.
    #[command(
        subcommand,
        after_help = "\
The access token comes from COGNITO_ACCESS_TOKEN, else stdin (a bare token, or the JSON that
`login` prints).

Examples:
  cognito-srp attributes get < tokens.json
  cognito-srp attributes update --user-attribute email=ann@example.org < tokens.json
  COGNITO_ACCESS_TOKEN=eyJ... cognito-srp attributes verify email"
    )]
    Attributes(AttributesCommand),

    /// Delete the signed-in user for good (DeleteUser); asks on the terminal unless --yes.
    #[command(after_help = "\
The access token comes from COGNITO_ACCESS_TOKEN, else stdin (a bare token, or the JSON that
`login` prints). Without a terminal to ask on, --yes is required.

Examples:
  COGNITO_ACCESS_TOKEN=eyJ... cognito-srp delete-user
  cognito-srp delete-user --yes < tokens.json")]
    DeleteUser(DeleteUserArgs),

    /// Verify an ID or access token (signature against the pool's JWKS, issuer, expiry, app
    /// client, use): print its claims as JSON and exit 0, or the reason and exit 1.
    #[command(after_help = VERIFY_TOKEN_EXAMPLES)]
    VerifyToken(VerifyTokenArgs),

    /// Run the verifying emulator as a local server on 127.0.0.1 until SIGTERM or Ctrl-C.
    #[command(after_help = "\
The first line on stdout is `LISTENING <port>`. Pools, app clients and users come from a seed
file (JSON, see the cognito-srp-emulator docs), from --demo-seed, or from the unsigned admin
operations (CreateUserPool, CreateUserPoolClient, AdminCreateUser, ...) sent to it.

Web pages may call the user operations (InitiateAuth, RespondToAuthChallenge, ConfirmDevice,
GetUser, ...) but not the admin ones unless --allow-browser-admin; a Host other than localhost
or a loopback address is refused (DNS rebinding). The --fault-* options inject faults for
reliability tests; their rates add up to at most 1.

Tokens are RS256; each pool's keys are at /{poolId}/.well-known/jwks.json (and its discovery
document at /{poolId}/.well-known/openid-configuration). --cognito-issuer gives them Cognito's
issuer; --signing-key-seed keeps the key across restarts. With --access-key ID:SECRET (or
COGNITO_SRP_EMULATOR_ACCESS_KEY) the admin and set-up operations must be signed with SigV4 by
that key, as on AWS; the user operations stay unsigned.

Examples:
  cognito-srp emulator --port 9229 --seed pools.json
  cognito-srp emulator --port 0 --demo-seed
  cognito-srp emulator --demo-seed --cognito-issuer --signing-key-seed $(printf '%064d' 7)
  # A flaky Cognito: 20% throttled, 15% 500s after processing, 10% answers cut short.
  cognito-srp emulator --demo-seed --fault-throttle 0.2 --fault-internal-error-after 0.15 \\
    --fault-truncated-body 0.1 --fault-seed 7
  COGNITO_ENDPOINT=http://127.0.0.1:9229 cognito-srp login --pool-id ... --client-id ...")]
    Emulator(EmulatorArgs),
}

const LOGIN_EXAMPLES: &str = "\
The password comes from COGNITO_PASSWORD, else the first line of stdin with --password-stdin,
else a hidden prompt on the terminal. An MFA code comes from COGNITO_MFA_CODE, else the next
line of stdin with --mfa-code-stdin, else a prompt on the terminal; a one-time sign-in code
(--flow user-auth, email or text) likewise from COGNITO_OTP_CODE, --otp-code-stdin or a
prompt; without a terminal the command fails and says what to pass. Lines of stdin are taken
in the order Cognito asks: password, new password, one-time code, MFA code.

--flow user-auth is Cognito's choice-based sign-in: --prefer names the first factor; without
it (or when the user cannot use it) Cognito offers a choice, asked on the terminal. The
password is only asked for when a password factor is used. An app client secret comes from COGNITO_CLIENT_SECRET or
--client-secret-file. No option takes a secret: every local user can read a command line.

stdout gets {AccessToken, IdToken, RefreshToken, ExpiresIn, TokenType} and DeviceKey when a
device was used or confirmed. Notes (device confirmed, device forgotten) go to stderr.

Examples:
  # Interactive: prompts for the password and, if the pool asks, the MFA code.
  cognito-srp login --pool-id eu-west-1_AbCdEf123 --client-id 1example23456789 \\
    --username alice

  # Remember this device: the next login signs in through DEVICE_SRP_AUTH, no MFA.
  cognito-srp login --username alice --remember-device \\
    --device-file ~/.config/cognito-srp/device.json

  # Non-interactive (CI): password and TOTP code on stdin, the client secret from a file.
  printf '%s\\n%s\\n' \"$PASSWORD\" \"$CODE\" | cognito-srp login --username alice \\
    --password-stdin --mfa-code-stdin --client-secret-file ~/.config/cognito-srp/secret

  # An admin-created user choosing a password: stdin holds the old, then the new.
  printf '%s\\n%s\\n' \"$OLD\" \"$NEW\" | cognito-srp login --username bob \\
    --password-stdin --new-password-stdin

  # A server with AWS credentials (environment or ~/.aws, AWS_PROFILE): AdminInitiateAuth
  # signed with SigV4; --flow password for ADMIN_USER_PASSWORD_AUTH.
  AWS_PROFILE=ops cognito-srp login --admin --username alice

  # Passwordless: a code sent by email, typed at the prompt (or --otp-code-stdin).
  cognito-srp login --username alice --flow user-auth --prefer email-otp

  # Against a local emulator (`cognito-srp emulator --demo-seed`):
  cognito-srp login --endpoint http://127.0.0.1:9229 --pool-id us-east-1_CliDemo01 \\
    --client-id demo-app --username alice";

const REFRESH_EXAMPLES: &str = "\
The refresh token comes from --tokens-file, else COGNITO_REFRESH_TOKEN, else stdin (a bare
token, or the JSON that `login` prints). With --tokens-file the new tokens are written back to
that file (atomically, mode 0600) as well as printed: on an app client with refresh token
rotation they hold a new refresh token, and the old one stops working. Without it, store the
RefreshToken printed (a note on stderr says when it changed).

--method auto (the default) uses GetTokensFromRefreshToken and falls back to InitiateAuth
REFRESH_TOKEN_AUTH only when the service does not know that operation (moto, older
emulators); get-tokens and refresh-token-auth use one of them only.

Tokens issued to a tracked device refresh with its device key: --device-key, else the device
file's, else the DeviceKey in the JSON read; without it REFRESH_TOKEN_AUTH answers \"Invalid
Refresh Token\" and GetTokensFromRefreshToken starts tracking a new device.

Examples:
  (umask 077 && cognito-srp login --username alice > tokens.json)
  cognito-srp refresh --tokens-file tokens.json  # reads and replaces the tokens
  cognito-srp login --username alice --device-file dev.json \\
    | cognito-srp refresh --device-file dev.json
  cognito-srp refresh < tokens.json     # the login JSON: RefreshToken and DeviceKey
  COGNITO_REFRESH_TOKEN=eyJ... cognito-srp refresh --device-key eu-west-1_0a1b2c3d-...";

/// Where the pool is.
#[derive(Debug, Args)]
pub(crate) struct PoolArgs {
    /// Cognito endpoint URL [default: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, else
    /// AWS_ENDPOINT_URL, else https://cognito-idp.{region}.amazonaws.com/ for the pool's
    /// region].
    #[arg(long, env = "COGNITO_ENDPOINT", value_name = "URL")]
    pub(crate) endpoint: Option<String>,

    /// User pool id (`<region>_<id>`).
    #[arg(long, env = "COGNITO_POOL_ID", value_name = "ID")]
    pub(crate) pool_id: String,
}

/// Which app client.
#[derive(Debug, Args)]
pub(crate) struct AppClientArgs {
    /// App client id.
    #[arg(long, env = "COGNITO_CLIENT_ID", value_name = "ID")]
    pub(crate) client_id: String,

    /// File holding the app client secret, for app clients that have one (SECRET_HASH is
    /// then sent): mode 0600, at most 4 KiB, one line. Else COGNITO_CLIENT_SECRET. (No option
    /// takes the secret itself: the command line is visible to every local user.)
    #[arg(long, env = "COGNITO_CLIENT_SECRET_FILE", value_name = "PATH")]
    pub(crate) client_secret_file: Option<PathBuf>,
}

/// `login`.
#[derive(Debug, Args)]
pub(crate) struct LoginArgs {
    #[command(flatten)]
    pub(crate) pool: PoolArgs,

    #[command(flatten)]
    pub(crate) app: AppClientArgs,

    /// User name, or an alias the pool accepts (email, phone).
    #[arg(long, env = "COGNITO_USERNAME", value_name = "NAME")]
    pub(crate) username: String,

    /// Read the password from the first line of stdin (when COGNITO_PASSWORD is unset).
    #[arg(long)]
    pub(crate) password_stdin: bool,

    /// Device credentials: sign in through the device path when the file holds a device;
    /// write a newly confirmed device there (mode 0600, atomic). A device file others may
    /// read is refused; logins sharing one take turns (a lock on PATH.lock).
    #[arg(long, env = "COGNITO_DEVICE_FILE", value_name = "PATH")]
    pub(crate) device_file: Option<PathBuf>,

    /// Remember the device (later sign-ins from it skip MFA).
    #[arg(long)]
    pub(crate) remember_device: bool,

    /// DeviceName sent with ConfirmDevice.
    #[arg(long, value_name = "NAME", default_value = "cognito-srp")]
    pub(crate) device_name: String,

    /// Read the MFA code (SMS, authenticator app or email) from the next line of stdin when
    /// Cognito asks for one (when COGNITO_MFA_CODE is unset; without either, a prompt).
    #[arg(long)]
    pub(crate) mfa_code_stdin: bool,

    /// Which MFA method to use when the user may choose.
    #[arg(long, value_enum, value_name = "METHOD")]
    pub(crate) mfa_type: Option<MfaMethod>,

    /// Answer NEW_PASSWORD_REQUIRED with the next line of stdin (after the password, if
    /// --password-stdin is given too, and before the MFA code of --mfa-code-stdin).
    #[arg(long)]
    pub(crate) new_password_stdin: bool,

    /// A user attribute NEW_PASSWORD_REQUIRED asks for, as NAME=VALUE (repeatable).
    #[arg(long = "user-attribute", value_name = "NAME=VALUE", value_parser = parse_attribute)]
    pub(crate) user_attributes: Vec<(String, String)>,

    /// Which sign-in flow InitiateAuth starts.
    #[arg(long, value_enum, value_name = "FLOW", default_value = "srp")]
    pub(crate) flow: LoginFlow,

    /// Sign in as a server with AWS credentials: AdminInitiateAuth and
    /// AdminRespondToAuthChallenge, signed with SigV4, with the same challenges. Credentials
    /// from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the profile
    /// AWS_PROFILE (default "default") of ~/.aws/credentials and ~/.aws/config
    /// (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE).
    #[arg(long)]
    pub(crate) admin: bool,

    /// With --flow user-auth: the first factor to ask for (PREFERRED_CHALLENGE). Without it
    /// Cognito offers a choice, asked on the terminal.
    #[arg(long, value_enum, value_name = "FACTOR")]
    pub(crate) prefer: Option<Factor>,

    /// Read a one-time sign-in code (--flow user-auth: email or text) from the next line of
    /// stdin when Cognito asks for one (when COGNITO_OTP_CODE is unset; without either, a
    /// prompt).
    #[arg(long)]
    pub(crate) otp_code_stdin: bool,
}

/// A sign-in flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum LoginFlow {
    /// USER_SRP_AUTH: the password proven with SRP.
    Srp,
    /// USER_AUTH: choice-based sign-in (password, password with SRP, email or text code).
    UserAuth,
    /// CUSTOM_AUTH without SRP: the pool's Lambda challenges only (no password).
    Custom,
    /// CUSTOM_AUTH with SRP first, then the pool's Lambda challenges.
    CustomSrp,
    /// ADMIN_USER_PASSWORD_AUTH (with --admin): the password sent over TLS.
    Password,
}

/// A first factor of --flow user-auth that this CLI can use (passkeys need a browser).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Factor {
    /// PASSWORD_SRP: the password proven with SRP (device steps included).
    PasswordSrp,
    /// PASSWORD: the password in clear over TLS.
    Password,
    /// EMAIL_OTP: a code sent by email.
    EmailOtp,
    /// SMS_OTP: a code sent by text message.
    SmsOtp,
}

/// An MFA method to select.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum MfaMethod {
    /// SMS_MFA.
    Sms,
    /// SOFTWARE_TOKEN_MFA (an authenticator app).
    Totp,
    /// EMAIL_OTP.
    Email,
}

fn parse_attribute(raw: &str) -> Result<(String, String), String> {
    match raw.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok((name.trim().to_owned(), value.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got {raw:?}")),
    }
}

/// `refresh`.
#[derive(Debug, Args)]
pub(crate) struct RefreshArgs {
    #[command(flatten)]
    pub(crate) pool: PoolArgs,

    #[command(flatten)]
    pub(crate) app: AppClientArgs,

    /// Device file from `login`: its device key is sent (and its user name, for SECRET_HASH).
    #[arg(long, env = "COGNITO_DEVICE_FILE", value_name = "PATH")]
    pub(crate) device_file: Option<PathBuf>,

    /// Device key to send (wins over the device file's).
    #[arg(long, env = "COGNITO_DEVICE_KEY", value_name = "KEY")]
    pub(crate) device_key: Option<String>,

    /// Internal user name, for SECRET_HASH when the app client has a secret [default: the
    /// device file's].
    #[arg(long, env = "COGNITO_USERNAME", value_name = "NAME")]
    pub(crate) username: Option<String>,

    /// Tokens file (the JSON `login` prints; mode 0600): the refresh token is read from it
    /// and the new tokens are written back to it.
    #[arg(long, env = "COGNITO_TOKENS_FILE", value_name = "PATH")]
    pub(crate) tokens_file: Option<PathBuf>,

    /// Which operation refreshes.
    #[arg(long, value_enum, env = "COGNITO_REFRESH_METHOD", default_value_t = RefreshMethodArg::Auto)]
    pub(crate) method: RefreshMethodArg,
}

/// `refresh --method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum RefreshMethodArg {
    /// GetTokensFromRefreshToken (rotates the refresh token where the app client does).
    GetTokens,
    /// InitiateAuth with REFRESH_TOKEN_AUTH (never rotates).
    RefreshTokenAuth,
    /// GetTokensFromRefreshToken, falling back to REFRESH_TOKEN_AUTH where it is unknown.
    Auto,
}

impl From<RefreshMethodArg> for cognito_srp_http::RefreshMethod {
    fn from(method: RefreshMethodArg) -> Self {
        match method {
            RefreshMethodArg::GetTokens => Self::GetTokens,
            RefreshMethodArg::RefreshTokenAuth => Self::RefreshTokenAuth,
            RefreshMethodArg::Auto => Self::Auto,
        }
    }
}

/// `devices ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum DevicesCommand {
    /// Print the user's tracked devices as JSON.
    #[command(after_help = "\
At most 100 pages of 60 devices are followed; when Cognito has more, the devices listed are
printed, a warning goes to stderr and the exit code is 3.

Examples:
  cognito-srp devices list < tokens.json
  COGNITO_ACCESS_TOKEN=eyJ... cognito-srp devices list --pool-id eu-west-1_AbCdEf123")]
    List(DevicesArgs),

    /// Forget a device (ForgetDevice): its credentials stop working. Deletes the device file
    /// when it holds that device.
    #[command(after_help = "\
Examples:
  cognito-srp devices forget --device-file device.json < tokens.json
  cognito-srp devices forget eu-west-1_0a1b2c3d-... < tokens.json")]
    Forget(DeviceKeyArgs),

    /// Remember a device (UpdateDeviceStatus), or stop remembering it with --off.
    #[command(after_help = "\
Examples:
  cognito-srp devices remember --device-file device.json < tokens.json
  cognito-srp devices remember --off eu-west-1_0a1b2c3d-... < tokens.json")]
    Remember(RememberArgs),
}

/// Arguments of every `devices` command.
#[derive(Debug, Args)]
pub(crate) struct DevicesArgs {
    #[command(flatten)]
    pub(crate) pool: PoolArgs,
}

/// A device, by key or by device file.
#[derive(Debug, Args)]
pub(crate) struct DeviceKeyArgs {
    #[command(flatten)]
    pub(crate) pool: PoolArgs,

    /// The device key [default: the device file's].
    #[arg(value_name = "DEVICE_KEY", required_unless_present = "device_file")]
    pub(crate) device_key: Option<String>,

    /// Device file from `login`.
    #[arg(long, env = "COGNITO_DEVICE_FILE", value_name = "PATH")]
    pub(crate) device_file: Option<PathBuf>,
}

/// `devices remember`.
#[derive(Debug, Args)]
pub(crate) struct RememberArgs {
    #[command(flatten)]
    pub(crate) device: DeviceKeyArgs,

    /// Mark the device not remembered instead (MFA is asked again).
    #[arg(long)]
    pub(crate) off: bool,
}

/// `verify-token`'s examples.
const VERIFY_TOKEN_EXAMPLES: &str = "\
The token comes from the argument, else COGNITO_TOKEN, else stdin (a bare token, or the JSON
`login` prints: its AccessToken, or its IdToken with --token-use id).

Examples:
  cognito-srp login --username ann | cognito-srp verify-token --token-use access
  cognito-srp verify-token --pool-id eu-west-1_AbCdEf123 --client-id 1example23456789 eyJ...
  cognito-srp verify-token --endpoint http://127.0.0.1:9229 --token-use id < tokens.json";

/// `verify-token`.
#[derive(Debug, Args)]
pub(crate) struct VerifyTokenArgs {
    #[command(flatten)]
    pub(crate) pool: PoolArgs,

    /// App client id(s) whose tokens are accepted (comma-separated or repeated).
    #[arg(
        long = "client-id",
        env = "COGNITO_CLIENT_ID",
        value_name = "ID",
        value_delimiter = ',',
        required = true
    )]
    pub(crate) client_ids: Vec<String>,

    /// Accept only this kind of token [default: either].
    #[arg(long, value_enum, value_name = "USE")]
    pub(crate) token_use: Option<TokenUseArg>,

    /// The issuer tokens must name [default: https://cognito-idp.{region}.amazonaws.com/{pool},
    /// or {endpoint}/{pool} with --endpoint (an emulator started with --cognito-issuer
    /// issues the former: pass it here)].
    #[arg(long, value_name = "URL")]
    pub(crate) issuer: Option<String>,

    /// Require membership of one of these groups (repeatable).
    #[arg(long, value_name = "GROUP")]
    pub(crate) group: Vec<String>,

    /// Require one of these scopes (repeatable).
    #[arg(long, value_name = "SCOPE")]
    pub(crate) scope: Vec<String>,

    /// Clock leeway for exp, nbf and iat, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub(crate) leeway: u64,

    /// The token (else COGNITO_TOKEN, else stdin).
    #[arg(value_name = "TOKEN")]
    pub(crate) token: Option<String>,
}

/// `--token-use`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum TokenUseArg {
    /// ID tokens.
    Id,
    /// Access tokens.
    Access,
}

/// `sign-out`.
#[derive(Debug, Args)]
pub(crate) struct SignOutArgs {
    #[command(flatten)]
    pub(crate) pool: PoolArgs,
}

/// `emulator`.
#[derive(Debug, Args)]
pub(crate) struct EmulatorArgs {
    /// TCP port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 9229)]
    pub(crate) port: u16,

    /// Seed file (JSON): pools with their app clients and users.
    #[arg(long, value_name = "FILE")]
    pub(crate) seed: Option<PathBuf>,

    /// Also create the demo's pool, app clients and users (printed on stderr).
    #[arg(long)]
    pub(crate) demo_seed: bool,

    /// Answer the unsigned admin operations (CreateUserPool, DescribeUserPoolClient,
    /// AdminSetUserPassword, ...) to web pages too. Without it a request for one that carries
    /// an Origin header (a browser sent it) is refused: any page you visit could call them.
    #[arg(long)]
    pub(crate) allow_browser_admin: bool,

    /// Require SigV4 on the IAM-authorised operations (Admin* and set-up), signed with this
    /// access key (repeatable); unsigned or wrongly signed ones are refused as AWS refuses
    /// them. The user operations stay unsigned. Without it nothing is checked.
    #[arg(long = "access-key", env = "COGNITO_SRP_EMULATOR_ACCESS_KEY", value_name = "ID:SECRET",
          value_parser = parse_access_key, hide_env_values = true)]
    pub(crate) access_keys: Vec<(String, String)>,

    /// Tokens carry Cognito's issuer, https://cognito-idp.{region}.amazonaws.com/{poolId}
    /// (for clients that expect it, such as pycognito), instead of the emulator's URL and
    /// the pool id. The JWKS stays at http://127.0.0.1:PORT/{poolId}/.well-known/jwks.json.
    #[arg(long)]
    pub(crate) cognito_issuer: bool,

    /// Derive the token signing key (RSA 2048) from these 64 hex digits instead of a random
    /// key, so that tokens keep verifying across restarts. A test key: never a secret.
    #[arg(long, value_name = "HEX", value_parser = parse_key_seed)]
    pub(crate) signing_key_seed: Option<[u8; 32]>,

    /// Fault injection: fraction (0 to 1) of requests answered 400 TooManyRequestsException.
    #[arg(long, value_name = "RATE", default_value_t = 0.0, value_parser = parse_rate)]
    pub(crate) fault_throttle: f64,

    /// Fraction answered 500 InternalErrorException before being processed.
    #[arg(long, value_name = "RATE", default_value_t = 0.0, value_parser = parse_rate)]
    pub(crate) fault_internal_error: f64,

    /// Fraction processed (sessions spent, devices confirmed), then answered 500.
    #[arg(long, value_name = "RATE", default_value_t = 0.0, value_parser = parse_rate)]
    pub(crate) fault_internal_error_after: f64,

    /// Fraction processed, then answered with half the body and the connection closed.
    #[arg(long, value_name = "RATE", default_value_t = 0.0, value_parser = parse_rate)]
    pub(crate) fault_truncated_body: f64,

    /// Fraction whose connection is closed without an answer.
    #[arg(long, value_name = "RATE", default_value_t = 0.0, value_parser = parse_rate)]
    pub(crate) fault_drop_connection: f64,

    /// Latency added to every request, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub(crate) fault_latency_ms: u64,

    /// Seed of the fault generator: the same seed gives the same faults in the same order.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub(crate) fault_seed: u64,
}

/// An access key for --access-key: `ID:SECRET`.
fn parse_access_key(raw: &str) -> Result<(String, String), String> {
    match raw.split_once(':') {
        Some((id, secret)) if !id.is_empty() && !secret.is_empty() => Ok((id.to_owned(), secret.to_owned())),
        _ => Err("expected ID:SECRET (an access key id and its secret, both non-empty)".to_owned()),
    }
}

/// A signing-key seed: 64 hex digits.
fn parse_key_seed(raw: &str) -> Result<[u8; 32], String> {
    let raw = raw.trim();
    let bad = || "expected 64 hexadecimal digits (32 bytes)".to_owned();
    if raw.len() != 64 || !raw.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = raw.get(2 * i..2 * i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).ok_or_else(bad)?;
    }
    Ok(out)
}

/// A fault rate: a number from 0 to 1.
fn parse_rate(raw: &str) -> Result<f64, String> {
    match raw.trim().parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!("expected a fraction from 0 to 1 (e.g. 0.15), got {raw:?}")),
    }
}

/// `demo`.
#[derive(Debug, Args)]
pub(crate) struct DemoArgs {}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn access_keys_are_id_colon_secret() {
        assert_eq!(parse_access_key("AKID:sec:ret"), Ok(("AKID".to_owned(), "sec:ret".to_owned())));
        for bad in ["AKID", ":secret", "AKID:", ""] {
            assert!(parse_access_key(bad).is_err(), "{bad}");
        }
        let cli =
            Cli::try_parse_from(["cognito-srp", "emulator", "--access-key", "A:1", "--access-key", "B:2"]);
        let Ok(Cli { command: Command::Emulator(args) }) = cli else { unreachable!("parsed") };
        assert_eq!(args.access_keys.len(), 2);
    }

    #[test]
    fn every_command_has_examples() {
        let paths: &[&[&str]] = &[
            &["demo"],
            &["login"],
            &["refresh"],
            &["devices"],
            &["devices", "list"],
            &["devices", "forget"],
            &["devices", "remember"],
            &["sign-out"],
            &["emulator"],
            &["sign-up"],
            &["confirm-sign-up"],
            &["resend-code"],
            &["forgot-password"],
            &["confirm-forgot-password"],
            &["attributes"],
            &["attributes", "get"],
            &["attributes", "update"],
            &["attributes", "verify"],
            &["attributes", "delete"],
            &["delete-user"],
        ];
        for path in paths {
            let mut cmd = Cli::command();
            let mut c = &mut cmd;
            for name in *path {
                c = c.find_subcommand_mut(name).unwrap();
            }
            let help = c.render_long_help().to_string();
            assert!(help.contains("Examples:\n  "), "{path:?} has no examples:\n{help}");
        }
        assert!(Cli::command().render_long_help().to_string().contains("Examples:"));
    }

    #[test]
    fn key_seeds_parse() {
        assert_eq!(parse_key_seed(&"0a".repeat(32)), Ok([10; 32]));
        for bad in ["", "0a", &"0g".repeat(32), &"0a".repeat(33), &"é".repeat(32)] {
            assert!(parse_key_seed(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn attributes_parse() {
        assert_eq!(parse_attribute("name=Alice A.").unwrap(), ("name".into(), "Alice A.".into()));
        assert!(parse_attribute("=x").is_err());
        assert!(parse_attribute("novalue").is_err());
    }
}
