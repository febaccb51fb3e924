//! Known-answer tests: every field of `testdata/cognito-srp-vectors.json` that this crate computes.
//!
//! The vectors come from AWS's own clients and other public implementations (see
//! `testdata/VECTORS.md`), plus derived edge cases checked against amazon-cognito-identity-js.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::cast_possible_truncation
)]

extern crate std;

use std::string::String;
use std::vec::Vec;

use base64ct::{Base64, Encoding};
use crypto_bigint::{U256, U3072};
use serde_json::Value;

use crate::encoding::{Padded, parse_hex};
use crate::error::Field;
use crate::group::{N, compute_k, pad_uint, scrambler};
use crate::srp::{Identity, identity_hash};
use crate::{
    ClientEphemeral, DeviceVerifier, DeviceVerifierChallenge, PasswordVerifierChallenge, Timestamp,
    secret_hash,
};

const VECTORS: &str = include_str!("../testdata/cognito-srp-vectors.json");

fn vectors() -> Value {
    serde_json::from_str(VECTORS).unwrap()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("missing string field {key}"))
}

fn hex_bytes(text: &str) -> Vec<u8> {
    let text = if text.len() % 2 == 1 { std::format!("0{text}") } else { text.into() };
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| std::format!("{b:02x}")).collect()
}

fn decimal(text: &str) -> U3072 {
    let ten = U3072::from_u8(10);
    text.bytes().fold(U3072::ZERO, |acc, d| acc.wrapping_mul(&ten).wrapping_add(&U3072::from_u8(d - b'0')))
}

fn padded_hex(value: &U3072) -> String {
    to_hex(pad_uint(value).as_bytes())
}

fn u256_padded_hex(value: &U256) -> String {
    to_hex(Padded::from_unsigned(value.to_be_bytes().as_ref()).unwrap().as_bytes())
}

fn b64(bytes: &[u8]) -> String {
    Base64::encode_string(bytes)
}

fn ts(text: &str) -> Timestamp {
    let t = Timestamp::parse(text).unwrap();
    assert_eq!(t.as_str(), text);
    t
}

#[test]
fn group_constants() {
    let v = vectors();
    assert_eq!(std::format!("{:X}", N), s(&v, "N_hex"));
    assert_eq!(v["g"], 2);
    let k = to_hex(&compute_k());
    assert_eq!(k, s(&v["published"]["k"], "k_hex"));
    assert_eq!(k, crate::group::K_HEX);
    let go_k = decimal(s(&v["published"]["go_alexrudd"], "k_decimal"));
    assert_eq!(to_hex(&go_k.to_be_bytes().as_ref()[384 - 32..]), k);
    assert_eq!(padded_hex(&crate::group::K.retrieve()), std::format!("{k}"));
}

#[test]
fn derived_user_logins() {
    let v = vectors();
    for name in ["U1_plain", "U2_u_short_31_bytes", "U3_u_high_bit", "U4_S_short"] {
        let c = &v["derived"][name];
        let eph = ClientEphemeral::from_secret_bytes(&hex_bytes(s(c, "a_hex"))).unwrap();
        assert_eq!(eph.public_hex().as_str(), s(c, "A_hex").trim_start_matches('0'), "{name} A");
        let identity = Identity { first: s(c, "pool_name"), second: s(c, "user_id_for_srp") };
        let (x, u, premaster, key) =
            eph.transcript(identity, s(c, "password"), s(c, "salt_hex"), s(c, "B_hex"));
        assert_eq!(to_hex(&x.to_be_bytes()), s(c, "x_hex"), "{name} x");
        assert_eq!(u256_padded_hex(&u), s(c, "u_padhex"), "{name} u");
        let s_pad = padded_hex(&premaster);
        assert_eq!(s_pad.len() / 2, c["S_padhex_len_bytes"].as_u64().unwrap() as usize, "{name} |S|");
        assert!(s_pad.starts_with(s(c, "S_padhex_prefix")), "{name} S");
        assert_eq!(to_hex(&key), s(c, "hkdf_key_hex"), "{name} K");

        let pool_id = std::format!("eu-central-1_{}", s(c, "pool_name"));
        let challenge = PasswordVerifierChallenge {
            user_id_for_srp: s(c, "user_id_for_srp"),
            salt_hex: s(c, "salt_hex"),
            srp_b_hex: s(c, "B_hex"),
            secret_block: s(c, "secret_block_b64"),
        };
        let claim = eph.user_claim(&pool_id, &challenge, s(c, "password"), &ts(s(c, "timestamp"))).unwrap();
        assert_eq!(claim.signature(), s(c, "signature_b64"), "{name} signature");
        assert_eq!(claim.timestamp(), s(c, "timestamp"));
    }
}

#[test]
fn derived_device_verifiers() {
    let v = vectors();
    for name in ["D1_salt_high_bit", "D2_salt_leading_zero", "D3_salt_plain"] {
        let c = &v["derived"][name];
        let salt: [u8; 16] = hex_bytes(s(c, "random_salt_bytes_hex")).try_into().unwrap();
        let dv = DeviceVerifier::from_parts(
            s(c, "device_group_key"),
            s(c, "device_key"),
            s(c, "device_password"),
            &salt,
        )
        .unwrap();
        assert_eq!(dv.device_password(), s(c, "device_password"));
        assert_eq!(dv.salt(), s(c, "Salt_b64"), "{name} Salt");
        assert_eq!(to_hex(&Base64::decode_vec(dv.salt()).unwrap()), s(c, "canonical_salt_hex"));
        assert_eq!(dv.password_verifier(), s(c, "PasswordVerifier_b64"), "{name} verifier");
        let verifier = Base64::decode_vec(dv.password_verifier()).unwrap();
        assert_eq!(verifier.len(), c["verifier_len_bytes"].as_u64().unwrap() as usize);
        assert!(to_hex(&verifier).starts_with(s(c, "verifier_padhex_prefix")));
        let salt_pad =
            parse_hex(s(c, "canonical_salt_hex"), Field::Salt).unwrap().padded(Field::Salt).unwrap();
        let x = crate::srp::private_key(
            &salt_pad,
            Identity { first: s(c, "device_group_key"), second: s(c, "device_key") },
            s(c, "device_password"),
        );
        assert_eq!(to_hex(&x.to_be_bytes()), s(c, "x_hex"), "{name} x");
    }
}

#[test]
fn derived_device_login() {
    let v = vectors();
    let c = &v["derived"]["D4_device_password_verifier"];
    let eph = ClientEphemeral::from_secret_bytes(&hex_bytes(s(c, "a_hex"))).unwrap();
    assert_eq!(eph.public_hex().as_str(), s(c, "A_hex").trim_start_matches('0'));
    let identity = Identity { first: s(c, "device_group_key"), second: s(c, "device_key") };
    let (_, u, _, key) =
        eph.transcript(identity, s(c, "device_password"), s(c, "SALT_hex_as_cognito_returns"), s(c, "B_hex"));
    assert_eq!(u256_padded_hex(&u), s(c, "u_padhex"));
    assert_eq!(to_hex(&key), s(c, "hkdf_key_hex"));
    let challenge = DeviceVerifierChallenge {
        salt_hex: s(c, "SALT_hex_as_cognito_returns"),
        srp_b_hex: s(c, "B_hex"),
        secret_block: s(c, "secret_block_b64"),
    };
    let claim = eph
        .device_claim(
            s(c, "device_group_key"),
            s(c, "device_key"),
            s(c, "device_password"),
            &challenge,
            &ts(s(c, "timestamp")),
        )
        .unwrap();
    assert_eq!(claim.signature(), s(c, "signature_b64"));
}

#[cfg(feature = "server")]
#[test]
fn derived_server_side() {
    use crate::server::{ServerEphemeral, Verifier};
    let v = vectors();
    for name in ["U1_plain", "U2_u_short_31_bytes", "U3_u_high_bit", "U4_S_short"] {
        let c = &v["derived"][name];
        let salt = hex_bytes(s(c, "salt_hex"));
        let verifier =
            Verifier::for_user(s(c, "pool_name"), s(c, "user_id_for_srp"), s(c, "password"), &salt).unwrap();
        let given = Verifier::from_be_bytes(&hex_bytes(s(c, "verifier_hex"))).unwrap();
        assert!(verifier == given, "{name} verifier");
        let server = ServerEphemeral::from_secret_bytes(&hex_bytes(s(c, "server_b_hex")), &verifier).unwrap();
        assert_eq!(server.public_hex().as_str(), s(c, "B_hex").trim_start_matches('0'), "{name} B");
        server
            .verify_user_claim(
                &verifier,
                s(c, "A_hex"),
                s(c, "pool_name"),
                s(c, "user_id_for_srp"),
                s(c, "secret_block_b64"),
                s(c, "timestamp"),
                s(c, "signature_b64"),
            )
            .unwrap();
    }
    // The device login: the verifier comes from the D1 ConfirmDevice config.
    let d1 = &v["derived"]["D1_salt_high_bit"];
    let c = &v["derived"]["D4_device_password_verifier"];
    let verifier =
        Verifier::from_be_bytes(&Base64::decode_vec(s(d1, "PasswordVerifier_b64")).unwrap()).unwrap();
    let server = ServerEphemeral::from_secret_bytes(&hex_bytes(s(c, "server_b_hex")), &verifier).unwrap();
    assert_eq!(server.public_hex().as_str(), s(c, "B_hex").trim_start_matches('0'));
    assert_eq!(
        crate::server::salt_hex(&hex_bytes(s(d1, "canonical_salt_hex"))).as_str(),
        s(c, "SALT_hex_as_cognito_returns")
    );
    server
        .verify_device_claim(
            &verifier,
            s(c, "A_hex"),
            s(c, "device_group_key"),
            s(c, "device_key"),
            s(c, "secret_block_b64"),
            s(c, "timestamp"),
            s(c, "signature_b64"),
        )
        .unwrap();
}

#[test]
fn dotnet_authenticate_user_with_8192_bit_a() {
    let v = vectors();
    let c = &v["published"]["dotnet_TestAuthenticateUser"];
    let a = hex_bytes(s(c, "a_hex"));
    assert_eq!(a.len(), 1024);
    let eph = ClientEphemeral::from_secret_bytes(&a).unwrap();
    let identity = Identity { first: s(c, "pool_name"), second: s(c, "username") };
    let (_, _, _, key) = eph.transcript(identity, s(c, "password"), s(c, "salt_hex"), s(c, "srp_b_hex"));
    assert_eq!(to_hex(&key), s(c, "derived_hkdf_key_hex"));
    let challenge = PasswordVerifierChallenge {
        user_id_for_srp: s(c, "username"),
        salt_hex: s(c, "salt_hex"),
        srp_b_hex: s(c, "srp_b_hex"),
        secret_block: s(c, "secret_block_b64"),
    };
    let pool_id = std::format!("us-east-1_{}", s(c, "pool_name"));
    let claim = eph.user_claim(&pool_id, &challenge, s(c, "password"), &ts(s(c, "timestamp"))).unwrap();
    assert_eq!(claim.signature(), s(c, "expected_signature_b64"));

    let c = &v["published"]["dotnet_TestGetPasswordAuthenticationKey"];
    let eph = ClientEphemeral::from_secret_bytes(&hex_bytes(s(c, "a_hex"))).unwrap();
    let identity = Identity { first: s(c, "pool_name"), second: s(c, "username") };
    let (_, _, _, key) = eph.transcript(identity, s(c, "password"), s(c, "salt_hex"), s(c, "srp_b_hex"));
    assert_eq!(b64(&key), s(c, "expected_hkdf_key_b64"));
}

#[test]
fn dotnet_secret_hash_and_device_key_hash() {
    let v = vectors();
    let c = &v["published"]["dotnet_TestSecretHash"];
    assert_eq!(
        secret_hash(s(c, "client_secret"), s(c, "user_id"), s(c, "client_id")).as_str(),
        s(c, "expected")
    );
    let c = &v["published"]["dotnet_TestGetDeviceKeyHash"];
    let h = identity_hash(
        Identity { first: s(c, "device_group_key"), second: s(c, "device_key") },
        s(c, "password"),
    );
    assert_eq!(b64(h.as_ref()), s(c, "expected_b64"));
}

#[test]
fn go_alexrudd() {
    let v = vectors();
    let c = &v["published"]["go_alexrudd"];
    let a = c["a"].as_u64().unwrap();
    let eph = ClientEphemeral::from_secret_bytes(&a.to_be_bytes()).unwrap();
    let identity = Identity { first: "myPool", second: s(c, "username") };
    let (_, u, _, key) = eph.transcript(identity, s(c, "password"), s(c, "salt_hex"), s(c, "srp_b_hex"));
    assert_eq!(to_hex(&key), s(c, "expected_hkdf_key_hex"));
    assert_eq!(u256_padded_hex(&u), s(c, "u_padhex_via_computeHKDF_test"));
    // The Go test passes the raw text as SECRET_BLOCK; its decoder reads it as unpadded base64.
    let challenge = PasswordVerifierChallenge {
        user_id_for_srp: s(c, "user_id_for_srp"),
        salt_hex: s(c, "salt_hex"),
        srp_b_hex: s(c, "srp_b_hex"),
        secret_block: &b64(s(c, "secret_block_raw").as_bytes()),
    };
    let claim =
        eph.user_claim(s(c, "pool_id"), &challenge, s(c, "password"), &ts(s(c, "timestamp"))).unwrap();
    assert_eq!(claim.signature(), s(c, "expected_signature_b64"));

    let h = &c["secret_hash"];
    assert_eq!(
        secret_hash(s(h, "client_secret"), s(h, "username"), s(h, "client_id")).as_str(),
        s(h, "expected")
    );

    let cu = &c["calculateU"];
    let a_pad = parse_hex(s(cu, "A_hex"), Field::SrpA).unwrap().padded(Field::SrpA).unwrap();
    let b_pad = parse_hex(s(cu, "B_hex"), Field::SrpB).unwrap().padded(Field::SrpB).unwrap();
    let u = scrambler(&a_pad, &b_pad).unwrap();
    assert_eq!(u.resize::<{ U3072::LIMBS }>(), decimal(s(cu, "expected_u_decimal")));
}

#[test]
fn rust_aws_cognito_srp() {
    let v = vectors();
    let c = &v["published"]["rust_aws_cognito_srp_ryanmab"];
    let eph = ClientEphemeral::from_secret_bytes(&hex_bytes(s(c, "a_hex"))).unwrap();
    let t = ts(s(c, "timestamp"));
    let challenge = PasswordVerifierChallenge {
        user_id_for_srp: s(&c["user"], "user_id_for_srp"),
        salt_hex: s(c, "salt_hex"),
        srp_b_hex: s(c, "B_hex"),
        secret_block: s(c, "secret_block_b64"),
    };
    let claim = eph.user_claim(s(c, "pool_id"), &challenge, s(c, "user_password"), &t).unwrap();
    assert_eq!(claim.signature(), s(&c["user"], "expected_signature_b64"));

    let d = &c["device"];
    for (b_hex, salt_hex, expected) in [
        (s(c, "B_hex"), s(c, "salt_hex"), s(d, "expected_signature_b64")),
        (
            s(&c["device_odd_length"], "B_hex"),
            s(&c["device_odd_length"], "salt_hex"),
            s(&c["device_odd_length"], "expected_signature_b64"),
        ),
    ] {
        let challenge =
            DeviceVerifierChallenge { salt_hex, srp_b_hex: b_hex, secret_block: s(c, "secret_block_b64") };
        let claim = eph
            .device_claim(
                s(d, "device_group_key"),
                s(d, "device_key"),
                s(c, "device_password"),
                &challenge,
                &t,
            )
            .unwrap();
        assert_eq!(claim.signature(), expected);
    }

    let vv = &c["verifier"];
    let dv = DeviceVerifier::from_parts(
        s(d, "device_group_key"),
        s(d, "device_key"),
        s(vv, "device_password"),
        s(vv, "salt_bytes_ascii").as_bytes(),
    )
    .unwrap();
    assert_eq!(dv.salt(), s(vv, "expected_Salt_b64"));
    assert_eq!(dv.password_verifier(), s(vv, "expected_PasswordVerifier_b64"));
}

#[test]
fn amplify_android() {
    let v = vectors();
    let c = &v["published"]["amplify_android_SRPHelperTests"];
    let a = decimal(s(c, "privateA_decimal"));
    let eph = ClientEphemeral::from_secret_bytes(a.to_be_bytes().as_ref()).unwrap();
    assert_eq!(
        eph.public_hex().as_str(),
        std::format!("{:x}", decimal(s(c, "publicA_decimal"))).trim_start_matches('0')
    );
    let identity = Identity { first: "KO6fcefgd", second: s(c, "username") };
    let (x, u, premaster, key) =
        eph.transcript(identity, s(c, "password"), s(c, "salt_hex"), s(c, "srpB_hex"));
    assert_eq!(u.resize::<{ U3072::LIMBS }>(), decimal(s(c, "expected_u_decimal")));
    assert_eq!(x.resize::<{ U3072::LIMBS }>(), decimal(s(c, "expected_x_decimal")));
    assert_eq!(premaster, decimal(s(c, "expected_S_decimal")));
    assert_eq!(b64(&key), s(c, "expected_hkdf_key_b64"));
    let challenge = PasswordVerifierChallenge {
        user_id_for_srp: s(c, "username"),
        salt_hex: s(c, "salt_hex"),
        srp_b_hex: s(c, "srpB_hex"),
        secret_block: s(c, "secret_block_b64"),
    };
    let claim =
        eph.user_claim(s(c, "pool_id"), &challenge, s(c, "password"), &ts(s(c, "timestamp"))).unwrap();
    assert_eq!(claim.signature(), s(c, "derived_m1_with_real_key_b64"));
}

#[test]
fn published_timestamps() {
    let v = vectors();
    let c = &v["published"]["acij_DateHelper"];
    let secs = c["epoch_ms"].as_u64().unwrap() / 1000;
    assert_eq!(Timestamp::from_unix_seconds(secs).unwrap().as_str(), s(c, "expected"));
    let cases = v["published"]["pycognito_timestamps"]["cases"].as_object().unwrap();
    for (iso, expected) in cases {
        // "YYYY-MM-DDTHH:MM:SSZ": reuse the parser on the expected text and compare the fields.
        let t = Timestamp::parse(expected.as_str().unwrap()).unwrap();
        assert_eq!(t.as_str(), expected.as_str().unwrap());
        let year: u64 = iso[0..4].parse().unwrap();
        assert!(t.as_str().ends_with(&std::format!("UTC {year}")));
        assert!(t.as_str().contains(&iso[11..19]));
    }
    assert_eq!(Timestamp::from_unix_seconds(1_640_995_200).unwrap().as_str(), "Sat Jan 1 00:00:00 UTC 2022");
    assert_eq!(Timestamp::from_unix_seconds(1_672_531_199).unwrap().as_str(), "Sat Dec 31 23:59:59 UTC 2022");
}

#[test]
fn u256_hex_of_x_is_64_chars() {
    // Sanity of the helpers used above.
    assert_eq!(to_hex(&U256::ONE.to_be_bytes()).len(), 64);
}
