//! The sign-in machine fed arbitrary answers: whatever the server sends, in whatever order,
//! `on_reply`, `on_failure` and the person's answers return a value or a typed error, never a
//! panic, and the machine never asks for more than a bounded number of calls.
#![no_main]

use cognito_srp_proto::rand_core::{TryCryptoRng, TryRng};
use cognito_srp_proto::{
    Action, AppClient, DeviceCredentials, Failure, MfaKind, ServiceError, SignIn, SignInOptions, Step, Timestamp,
};
use libfuzzer_sys::fuzz_target;

/// A counter RNG: the fuzzer explores answers, not randomness.
struct Counter(u64);

impl TryRng for Counter {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        self.try_next_u64().map(|v| v as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        Ok(self.0)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for b in dst {
            *b = self.try_next_u64()? as u8;
        }
        Ok(())
    }
}
impl TryCryptoRng for Counter {}

fuzz_target!(|input: (bool, bool, Vec<(u8, Vec<u8>)>)| {
    let (secret, with_device, answers) = input;
    let mut rng = Counter(7);
    let Ok(mut client) = AppClient::new("us-east-1_Fuzz", "client") else { return };
    if secret {
        client = client.with_secret("secret");
    }
    let mut sign_in = SignIn::new(client, "alice", "password", SignInOptions::default().remember_device(true));
    if with_device {
        sign_in = sign_in.with_device(DeviceCredentials::new("us-east-1_d", "-g", "cGFzc3dvcmQ="));
    }
    let Ok(now) = Timestamp::from_unix_seconds(1_767_776_703) else { return };
    if sign_in.start(&mut rng).is_err() {
        return;
    }
    for (kind, body) in answers.into_iter().take(32) {
        match kind % 4 {
            // A 2xx answer.
            0 | 1 => match sign_in.on_reply(&body, &now, &mut rng) {
                Ok(Action::Step(step)) => {
                    let _ = match step {
                        Step::MfaCode { .. } => sign_in.answer_mfa_code("123456"),
                        Step::SelectMfaType { .. } => sign_in.select_mfa_type(&MfaKind::SoftwareToken),
                        Step::MfaSetup { .. } => sign_in.answer_mfa_setup("123456", None),
                        Step::NewPasswordRequired { .. } => sign_in.answer_new_password("N3w-password", &[]),
                        Step::CustomChallenge { .. } => sign_in.answer_custom_challenge("42"),
                        _ => continue,
                    };
                }
                Ok(_) | Err(_) => {}
            },
            // An error answer, parsed as a driver would.
            2 => {
                let error = ServiceError::from_response(400 + u16::from(body.first().copied().unwrap_or(0)), None, &body);
                let _ = sign_in.on_failure(Failure::Service(&error), &mut rng);
            }
            _ => {
                let _ = sign_in.on_failure(Failure::Transient, &mut rng);
            }
        }
    }
});
