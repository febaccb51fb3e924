//! TIMESTAMP parsing: never panics, and whatever parses prints back to the same text.
#![no_main]

use cognito_srp_core::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, u64)| {
    let (text, seconds) = input;
    if let Ok(t) = Timestamp::parse(text) {
        assert_eq!(t.as_str(), text);
        assert_eq!(Timestamp::from_unix_seconds(t.unix_seconds()).ok(), Some(t));
    }
    if let Ok(t) = Timestamp::from_unix_seconds(seconds) {
        assert_eq!(Timestamp::parse(t.as_str()).ok(), Some(t));
    }
});
