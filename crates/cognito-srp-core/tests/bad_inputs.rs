//! Server values seen in the wild, and hostile ones: typed errors naming the field, never a panic.

#![allow(clippy::panic_in_result_fn, clippy::cast_possible_truncation)]

use cognito_srp_core::{
    ClientEphemeral, DeviceVerifier, DeviceVerifierChallenge, Error, Field, PasswordVerifierChallenge,
    Timestamp, pool_name,
};

const N_HEX: &str = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

fn claim(salt: &str, b: &str, block: &str) -> Result<String, Error> {
    let eph = ClientEphemeral::from_secret_bytes(&[9; 32])?;
    let challenge =
        PasswordVerifierChallenge { user_id_for_srp: "u", salt_hex: salt, srp_b_hex: b, secret_block: block };
    let checked = challenge.check();
    let ts = Timestamp::from_unix_seconds(1_700_000_000)?;
    let result = eph.user_claim("us-east-1_Pool", &challenge, "pw", &ts).map(|c| c.signature().to_owned());
    // `check` agrees with the full computation on every error.
    assert_eq!(checked.err(), result.as_ref().err().copied());
    result
}

#[test]
fn srp_b_zero_mod_n_is_rejected() {
    for b in ["0", "00000", "-0", N_HEX, &N_HEX.to_lowercase(), &format!("-{N_HEX}"), &format!("000{N_HEX}")]
    {
        assert_eq!(claim("ab", b, "AAAA"), Err(Error::ZeroModN(Field::SrpB)), "{b:.10}");
    }
}

#[test]
fn accepted_variants_give_signatures() {
    // Odd length, uppercase, a leading '-' salt (read as two's complement: the normal
    // NotAuthorized follows on a real server, no distinct error), leading zeros, URL-safe and
    // unpadded secret blocks, moto's UUID block.
    for (salt, b, block) in [
        ("abc", "ABC", "AAAA"),
        ("-80", "123", "AAAA"),
        ("0000ab", "-123", "AA"),
        ("AB", "1", "_-_-"),
        ("ab", "2", "2b5e7a1c-8d3f-4a6b-9c0d-1e2f3a4b5c6d"),
        ("ab", &N_HEX[1..], "QUJD\r\nREVG"),
    ] {
        let sig = claim(salt, b, block).unwrap();
        assert_eq!(sig.len(), 44);
    }
    // Same value written differently signs the same.
    assert_eq!(claim("0abc", "00123", "AAAA").unwrap(), claim("ABC", "123", "AAAA").unwrap());
    assert_ne!(claim("-abc", "123", "AAAA").unwrap(), claim("abc", "123", "AAAA").unwrap());
}

#[test]
fn malformed_values_name_the_field() {
    assert_eq!(claim("", "12", "AAAA"), Err(Error::Empty(Field::Salt)));
    assert_eq!(claim("xy", "12", "AAAA"), Err(Error::InvalidHex(Field::Salt)));
    assert_eq!(claim("ab", "", "AAAA"), Err(Error::Empty(Field::SrpB)));
    assert_eq!(claim("ab", "12 ", "AAAA"), Err(Error::InvalidHex(Field::SrpB)));
    assert_eq!(claim("ab", "0x12", "AAAA"), Err(Error::InvalidHex(Field::SrpB)));
    assert_eq!(claim("ab", &"f".repeat(769), "AAAA"), Err(Error::TooLong(Field::SrpB)));
    assert_eq!(claim(&"1".repeat(5000), "12", "AAAA"), Err(Error::TooLong(Field::Salt)));
    assert_eq!(claim("ab", "12", ""), Err(Error::Empty(Field::SecretBlock)));
    assert_eq!(claim("ab", "12", "***"), Err(Error::InvalidBase64(Field::SecretBlock)));
    assert_eq!(claim("ab", "12", &"A".repeat(70_000)), Err(Error::TooLong(Field::SecretBlock)));
    let eph = ClientEphemeral::from_secret_bytes(&[9; 32]).unwrap();
    let challenge = PasswordVerifierChallenge {
        user_id_for_srp: "u",
        salt_hex: "ab",
        srp_b_hex: "12",
        secret_block: "AAAA",
    };
    let ts = Timestamp::from_unix_seconds(0).unwrap();
    for bad in ["Pool", "_Pool", "us-east-1_", ""] {
        assert_eq!(eph.user_claim(bad, &challenge, "pw", &ts).err(), Some(Error::InvalidPoolId));
    }
    assert_eq!(pool_name("a_b_c"), Ok("b_c"));
    let device = DeviceVerifierChallenge { salt_hex: "ab", srp_b_hex: "-", secret_block: "AAAA" };
    assert_eq!(device.check(), Err(Error::Empty(Field::SrpB)));
    assert_eq!(ClientEphemeral::from_secret_bytes(&[]).err(), Some(Error::Empty(Field::SecretExponent)));
    assert_eq!(
        DeviceVerifier::from_parts("g", "k", &"p".repeat(57), &[1; 16]).err(),
        Some(Error::TooLong(Field::Verifier))
    );
    assert_eq!(DeviceVerifier::from_parts("g", "k", "p", &[1; 33]).err(), Some(Error::TooLong(Field::Salt)));
}

#[test]
fn huge_secret_exponents_are_reduced() {
    // a and a + (N - 1) give the same A: exponents are reduced mod N-1.
    let a = ClientEphemeral::from_secret_bytes(&[5]).unwrap();
    let n_minus_1_plus_5: Vec<u8> = {
        let mut n: Vec<u8> =
            (0..N_HEX.len()).step_by(2).map(|i| u8::from_str_radix(&N_HEX[i..i + 2], 16).unwrap()).collect();
        // N - 1 + 5 = N + 4: add 4 to the last byte (N ends in 0xff..ff, so carry).
        let mut carry = 4u16;
        for byte in n.iter_mut().rev() {
            let v = u16::from(*byte) + carry;
            *byte = (v & 0xff) as u8;
            carry = v >> 8;
        }
        let mut out = vec![carry as u8];
        out.extend(n);
        out
    };
    let b = ClientEphemeral::from_secret_bytes(&n_minus_1_plus_5).unwrap();
    assert_eq!(a.public_hex().as_str(), b.public_hex().as_str());
    let mut long = vec![0u8; 5000];
    long[4999] = 5;
    assert_eq!(
        ClientEphemeral::from_secret_bytes(&long).unwrap().public_hex().as_str(),
        a.public_hex().as_str()
    );
}

#[test]
fn debug_output_redacts_secrets() {
    let eph = ClientEphemeral::from_secret_bytes(&[0xab; 32]).unwrap();
    let text = format!("{eph:?}");
    assert!(text.contains("<redacted>"));
    assert!(!text.contains("abababab"));
    let dv = DeviceVerifier::from_parts("g", "k", "sup3r-secret-device-password", &[1; 16]).unwrap();
    let text = format!("{dv:?}");
    assert!(!text.contains("sup3r-secret"), "{text}");
}
