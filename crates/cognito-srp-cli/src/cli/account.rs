//! The account commands' arguments: sign-up, confirmation, password reset, attributes,
//! account deletion. No option takes a secret (passwords, codes, tokens): the command line is
//! visible to every local user.

use clap::{Args, Subcommand};

use super::{AppClientArgs, PoolArgs, parse_attribute};

pub(crate) const SIGN_UP_EXAMPLES: &str = "\
The password comes from COGNITO_PASSWORD, else the first line of stdin with --password-stdin,
else a hidden prompt on the terminal (asked twice). With --confirm the confirmation code is
asked for next: COGNITO_CONFIRMATION_CODE, else the next line of stdin with --code-stdin, else
a prompt; when the app client allows USER_AUTH the user is then signed in without the password
(ConfirmSignUp's session) and the tokens are printed.

stdout gets {UserSub, UserConfirmed, CodeDeliveryDetails} (or the tokens, with --confirm);
where the code went is also said on stderr.

Examples:
  cognito-srp sign-up --username ann --user-attribute email=ann@example.com
  # Sign up, type the emailed code at the prompt, get tokens:
  cognito-srp sign-up --username ann --user-attribute email=ann@example.com --confirm > tokens.json
  printf '%s\\n' \"$PASSWORD\" | cognito-srp sign-up --username ann --password-stdin \\
    --user-attribute email=ann@example.com";

pub(crate) const CODE_EXAMPLES: &str = "\
The code comes from COGNITO_CONFIRMATION_CODE, else the first line of stdin with --code-stdin,
else a prompt on the terminal (a wrong code may be typed again).

Examples:
  cognito-srp confirm-sign-up --username ann
  COGNITO_CONFIRMATION_CODE=123456 cognito-srp confirm-sign-up --username ann";

pub(crate) const RESET_EXAMPLES: &str = "\
The code comes from COGNITO_CONFIRMATION_CODE, else the first line of stdin with --code-stdin,
else a prompt; the new password from COGNITO_NEW_PASSWORD, else the next line of stdin with
--new-password-stdin, else a hidden prompt (asked twice).

Examples:
  cognito-srp forgot-password --username alice
  cognito-srp confirm-forgot-password --username alice
  printf '%s\\n%s\\n' \"$CODE\" \"$NEW\" | cognito-srp confirm-forgot-password --username alice \\
    --code-stdin --new-password-stdin";

/// `sign-up`.
#[derive(Debug, Args)]
pub(crate) struct SignUpArgs {
    #[command(flatten)]
    pub(crate) pool: PoolArgs,

    #[command(flatten)]
    pub(crate) app: AppClientArgs,

    /// The user name (or the email or phone number, on pools that sign in with those).
    #[arg(long, env = "COGNITO_USERNAME", value_name = "NAME")]
    pub(crate) username: String,

    /// A user attribute, as NAME=VALUE (repeatable): email=..., phone_number=+..., name=...
    #[arg(long = "user-attribute", value_name = "NAME=VALUE", value_parser = parse_attribute)]
    pub(crate) user_attributes: Vec<(String, String)>,

    /// Read the password from the first line of stdin (when COGNITO_PASSWORD is unset).
    #[arg(long, conflicts_with = "without_password")]
    pub(crate) password_stdin: bool,

    /// Sign up without a password (app clients that sign in with USER_AUTH one-time codes).
    #[arg(long)]
    pub(crate) without_password: bool,

    /// Then confirm with the code (and sign in, when the app client allows USER_AUTH).
    #[arg(long)]
    pub(crate) confirm: bool,

    /// With --confirm: read the code from the next line of stdin (when
    /// COGNITO_CONFIRMATION_CODE is unset).
    #[arg(long, requires = "confirm")]
    pub(crate) code_stdin: bool,
}

/// A user named through an app client, and where a code comes from.
#[derive(Debug, Args)]
pub(crate) struct UserCodeArgs {
    #[command(flatten)]
    pub(crate) pool: PoolArgs,

    #[command(flatten)]
    pub(crate) app: AppClientArgs,

    /// The user name (or an alias the pool accepts), as given at sign-up.
    #[arg(long, env = "COGNITO_USERNAME", value_name = "NAME")]
    pub(crate) username: String,

    /// Read the code from the first line of stdin (when COGNITO_CONFIRMATION_CODE is unset).
    #[arg(long)]
    pub(crate) code_stdin: bool,
}

/// A user named through an app client.
#[derive(Debug, Args)]
pub(crate) struct UserArgs {
    #[command(flatten)]
    pub(crate) pool: PoolArgs,

    #[command(flatten)]
    pub(crate) app: AppClientArgs,

    /// The user name (or an alias the pool accepts).
    #[arg(long, env = "COGNITO_USERNAME", value_name = "NAME")]
    pub(crate) username: String,
}

/// `confirm-forgot-password`.
#[derive(Debug, Args)]
pub(crate) struct ConfirmForgotPasswordArgs {
    #[command(flatten)]
    pub(crate) user: UserCodeArgs,

    /// Read the new password from the next line of stdin (after the code, with --code-stdin;
    /// when COGNITO_NEW_PASSWORD is unset).
    #[arg(long)]
    pub(crate) new_password_stdin: bool,
}

/// `attributes ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum AttributesCommand {
    /// Print the signed-in user's name and attributes as JSON (GetUser).
    #[command(after_help = "\
The access token comes from COGNITO_ACCESS_TOKEN, else stdin (a bare token, or the JSON that
`login` prints).

Examples:
  cognito-srp attributes get < tokens.json")]
    Get(TokenArgs),

    /// Change attributes (UpdateUserAttributes); a changed email or phone number may be sent a
    /// code: verify it with `attributes verify`.
    #[command(after_help = "\
stdout gets the CodeDeliveryDetailsList (where codes went), [] when none.

Examples:
  cognito-srp attributes update --user-attribute name=Ann < tokens.json
  cognito-srp attributes update --user-attribute email=ann@example.org < tokens.json
  cognito-srp attributes verify email   # with COGNITO_ACCESS_TOKEN set")]
    Update(UpdateAttributesArgs),

    /// Verify an email or phone number with its code (VerifyUserAttribute); --send-code sends
    /// one first (GetUserAttributeVerificationCode).
    #[command(after_help = "\
The access token comes from COGNITO_ACCESS_TOKEN, else stdin; the code from
COGNITO_CONFIRMATION_CODE, else a line of stdin with --code-stdin (then the access token must be
in COGNITO_ACCESS_TOKEN), else a prompt on the terminal.

Examples:
  export COGNITO_ACCESS_TOKEN=eyJ...
  cognito-srp attributes verify email --send-code
  COGNITO_CONFIRMATION_CODE=123456 cognito-srp attributes verify phone_number")]
    Verify(VerifyAttributeArgs),

    /// Delete attributes of the signed-in user (DeleteUserAttributes).
    #[command(after_help = "\
Examples:
  cognito-srp attributes delete name nickname < tokens.json")]
    Delete(DeleteAttributesArgs),
}

/// Where the pool is; the access token comes from the environment or stdin.
#[derive(Debug, Args)]
pub(crate) struct TokenArgs {
    #[command(flatten)]
    pub(crate) pool: PoolArgs,
}

/// `attributes update`.
#[derive(Debug, Args)]
pub(crate) struct UpdateAttributesArgs {
    #[command(flatten)]
    pub(crate) pool: PoolArgs,

    /// An attribute to set, as NAME=VALUE (repeatable, at least one).
    #[arg(long = "user-attribute", value_name = "NAME=VALUE", value_parser = parse_attribute, required = true)]
    pub(crate) user_attributes: Vec<(String, String)>,
}

/// `attributes verify`.
#[derive(Debug, Args)]
pub(crate) struct VerifyAttributeArgs {
    #[command(flatten)]
    pub(crate) pool: PoolArgs,

    /// `email` or `phone_number`.
    #[arg(value_name = "ATTRIBUTE")]
    pub(crate) attribute: String,

    /// Send a code first (GetUserAttributeVerificationCode).
    #[arg(long)]
    pub(crate) send_code: bool,

    /// Read the code from the first line of stdin (when COGNITO_CONFIRMATION_CODE is unset).
    #[arg(long)]
    pub(crate) code_stdin: bool,
}

/// `attributes delete`.
#[derive(Debug, Args)]
pub(crate) struct DeleteAttributesArgs {
    #[command(flatten)]
    pub(crate) pool: PoolArgs,

    /// The attributes to delete.
    #[arg(value_name = "NAME", required = true)]
    pub(crate) names: Vec<String>,
}

/// `delete-user`.
#[derive(Debug, Args)]
pub(crate) struct DeleteUserArgs {
    #[command(flatten)]
    pub(crate) pool: PoolArgs,

    /// Do not ask (without a terminal to ask on, --yes is required).
    #[arg(long)]
    pub(crate) yes: bool,
}
