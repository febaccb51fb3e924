//! Property tests: the client and the `server` role agree for random users, passwords (unicode
//! too), salts, device keys and ephemerals; any change to the password, device password,
//! secret block, timestamp or signature makes verification fail.

#![cfg(feature = "server")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use cognito_srp_core::server::{ServerEphemeral, Verifier, salt_hex};
use cognito_srp_core::{
    ClientEphemeral, DeviceVerifier, DeviceVerifierChallenge, Error, PasswordVerifierChallenge, Timestamp,
};
use proptest::prelude::*;

mod support;
use support::TestRng;

fn b64(bytes: &[u8]) -> String {
    use base64ct::Encoding;
    base64ct::Base64::encode_string(bytes)
}

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9+=,.@_-]{1,40}"
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: 24, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn user_round_trip(
        pool in "[A-Za-z0-9]{1,12}",
        user in name(),
        password in "\\PC{0,40}",
        wrong in "\\PC{0,40}",
        salt in proptest::collection::vec(any::<u8>(), 1..=32),
        a in proptest::array::uniform32(any::<u8>()),
        b in proptest::array::uniform32(any::<u8>()),
        block in proptest::collection::vec(any::<u8>(), 1..200),
        secs in 0u64..253_402_300_799,
    ) {
        let verifier = Verifier::for_user(&pool, &user, &password, &salt).unwrap();
        let server = ServerEphemeral::from_secret_bytes(&b, &verifier).unwrap();
        let client = ClientEphemeral::from_secret_bytes(&a).unwrap();
        let (salt_text, b_text, a_text) = (salt_hex(&salt), server.public_hex(), client.public_hex());
        let block = b64(&block);
        let challenge = PasswordVerifierChallenge {
            user_id_for_srp: &user,
            salt_hex: salt_text.as_str(),
            srp_b_hex: b_text.as_str(),
            secret_block: &block,
        };
        let ts = Timestamp::from_unix_seconds(secs).unwrap();
        let pool_id = format!("us-east-1_{pool}");
        let claim = client.user_claim(&pool_id, &challenge, &password, &ts).unwrap();
        let verify = |block: &str, timestamp: &str, signature: &str, user: &str| {
            server.verify_user_claim(&verifier, a_text.as_str(), &pool, user, block, timestamp, signature)
        };
        prop_assert_eq!(verify(&block, claim.timestamp(), claim.signature(), &user), Ok(()));
        // The same with the verifier's precomputed powers (v^u from four 64-bit parts of u).
        let kept = verifier.clone().with_powers();
        let verify_kept = |signature: &str| {
            server.verify_user_claim(&kept, a_text.as_str(), &pool, &user, &block, claim.timestamp(), signature)
        };
        prop_assert_eq!(verify_kept(claim.signature()), Ok(()));

        // A wrong password never verifies.
        if wrong != password {
            let bad = client.user_claim(&pool_id, &challenge, &wrong, &ts).unwrap();
            prop_assert_eq!(verify(&block, bad.timestamp(), bad.signature(), &user), Err(Error::SignatureMismatch));
            prop_assert_eq!(verify_kept(bad.signature()), Err(Error::SignatureMismatch));
        }
        // A changed secret block, timestamp or user name never verifies.
        let other_block = b64(b"another block");
        prop_assert_eq!(verify(&other_block, claim.timestamp(), claim.signature(), &user), Err(Error::SignatureMismatch));
        let later = Timestamp::from_unix_seconds((secs + 1) % 253_402_300_799).unwrap();
        prop_assert_eq!(verify(&block, later.as_str(), claim.signature(), &user), Err(Error::SignatureMismatch));
        let other_user = format!("{user}x");
        prop_assert_eq!(verify(&block, claim.timestamp(), claim.signature(), &other_user), Err(Error::SignatureMismatch));
    }

    #[test]
    fn device_round_trip(
        group in "-?[A-Za-z0-9]{1,12}",
        key in "[a-z]{2}-[a-z]+-[0-9]_[0-9a-f-]{36}",
        seed in any::<u64>(),
        a in proptest::array::uniform32(any::<u8>()),
        b in proptest::array::uniform32(any::<u8>()),
        secs in 0u64..253_402_300_799,
    ) {
        let mut rng = TestRng(seed);
        let config = DeviceVerifier::generate(&mut rng, &group, &key).unwrap();
        prop_assert_eq!(config.device_password().len(), 56);
        // What Cognito does with the ConfirmDevice request: store the verifier and salt bytes.
        use base64ct::Encoding;
        let verifier_bytes = base64ct::Base64::decode_vec(config.password_verifier()).unwrap();
        let salt_bytes = base64ct::Base64::decode_vec(config.salt()).unwrap();
        // Kept with its powers, as the emulator keeps device verifiers.
        let verifier = Verifier::from_be_bytes(&verifier_bytes).unwrap().with_powers();
        let server = ServerEphemeral::from_secret_bytes(&b, &verifier).unwrap();
        let client = ClientEphemeral::from_secret_bytes(&a).unwrap();
        let (salt_text, b_text, a_text) = (salt_hex(&salt_bytes), server.public_hex(), client.public_hex());
        let block = b64(&seed.to_be_bytes());
        let challenge = DeviceVerifierChallenge {
            salt_hex: salt_text.as_str(),
            srp_b_hex: b_text.as_str(),
            secret_block: &block,
        };
        let ts = Timestamp::from_unix_seconds(secs).unwrap();
        let claim = client.device_claim(&group, &key, config.device_password(), &challenge, &ts).unwrap();
        let verify = |password_sig: &str| {
            server.verify_device_claim(&verifier, a_text.as_str(), &group, &key, &block, claim.timestamp(), password_sig)
        };
        prop_assert_eq!(verify(claim.signature()), Ok(()));
        let wrong = client.device_claim(&group, &key, "not-the-device-password", &challenge, &ts).unwrap();
        prop_assert_eq!(verify(wrong.signature()), Err(Error::SignatureMismatch));
    }
}

#[test]
fn generated_ephemerals_round_trip_and_differ() {
    let mut rng = TestRng(42);
    let salt = [0xa5; 16];
    let verifier = Verifier::for_user("Pool", "bob", "pässwörd ✓", &salt).unwrap();
    let server = ServerEphemeral::generate(&mut rng, &verifier);
    let client = ClientEphemeral::generate(&mut rng);
    let other = ClientEphemeral::generate(&mut rng);
    assert_ne!(client.public_hex().as_str(), other.public_hex().as_str());
    let (s, b, a) = (salt_hex(&salt), server.public_hex(), client.public_hex());
    let challenge = PasswordVerifierChallenge {
        user_id_for_srp: "bob",
        salt_hex: s.as_str(),
        srp_b_hex: b.as_str(),
        secret_block: "AAAA",
    };
    let ts = Timestamp::from_unix_seconds(1_800_000_000).unwrap();
    let claim = client.user_claim("eu-west-1_Pool", &challenge, "pässwörd ✓", &ts).unwrap();
    assert_eq!(
        server.verify_user_claim(
            &verifier,
            a.as_str(),
            "Pool",
            "bob",
            "AAAA",
            claim.timestamp(),
            claim.signature()
        ),
        Ok(())
    );
    // The signature from another ephemeral's A does not verify against this A.
    let claim2 = other.user_claim("eu-west-1_Pool", &challenge, "pässwörd ✓", &ts).unwrap();
    assert_eq!(
        server.verify_user_claim(
            &verifier,
            a.as_str(),
            "Pool",
            "bob",
            "AAAA",
            claim2.timestamp(),
            claim2.signature()
        ),
        Err(Error::SignatureMismatch)
    );
}

#[test]
fn server_rejects_bad_a_values() {
    let verifier = Verifier::for_user("Pool", "bob", "pw", &[1]).unwrap();
    let server = ServerEphemeral::from_secret_bytes(&[7; 32], &verifier).unwrap();
    let n_hex = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";
    let sig = "Kv+4oPaqIIpfSJF9KT66o+Ck7YhZGJ5PXiIbgO3pu9A=";
    let ts = "Wed Jan 7 09:05:03 UTC 2026";
    use cognito_srp_core::Field;
    for a in ["0", "000", n_hex, &n_hex.to_lowercase(), &format!("-{n_hex}")] {
        assert_eq!(
            server.verify_user_claim(&verifier, a, "Pool", "bob", "AAAA", ts, sig),
            Err(Error::ZeroModN(Field::SrpA)),
            "{a:.8}"
        );
    }
    assert_eq!(
        server.verify_user_claim(&verifier, "xyz", "Pool", "bob", "AAAA", ts, sig),
        Err(Error::InvalidHex(Field::SrpA))
    );
    assert_eq!(
        server.verify_user_claim(&verifier, "02", "Pool", "bob", "AAAA", ts, "not base64!"),
        Err(Error::InvalidBase64(Field::Signature))
    );
}
