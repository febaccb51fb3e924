//! The SigV4 signer against AWS's published Signature Version 4 test suite.
//!
//! Vectors: "AWS Signature Version 4 Test Suite, Copyright 2017 Amazon.com, Inc. or its
//! affiliates" (Apache-2.0, as distributed in awslabs/aws-c-auth's
//! `tests/aws-signing-test-suite/v4` and third_party/aws-sig-v4-test-suite): each case's
//! request and the `Authorization` header its `.sreq` file holds. Credentials
//! `AKIDEXAMPLE` / `wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY`, region `us-east-1`, service
//! `service`, time 2015-08-30T12:36:00Z.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use cognito_srp_proto::sigv4::{
    AwsCredentials, ParsedAuthorization, Scope, Signable, amz_date, authorization, payload_hash,
};

const KEY_ID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const DATE: &str = "20150830T123600Z";
const STS_TOKEN: &str = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

struct Case {
    name: &'static str,
    method: &'static str,
    path: &'static str,
    query: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
    signed_headers: &'static str,
    signature: &'static str,
}

const HOST: (&str, &str) = ("Host", "example.amazonaws.com");
const XDATE: (&str, &str) = ("X-Amz-Date", DATE);

const CASES: &[Case] = &[
    Case {
        name: "post-vanilla",
        method: "POST",
        path: "/",
        query: "",
        headers: &[HOST, XDATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
    },
    Case {
        name: "post-header-key-sort",
        method: "POST",
        path: "/",
        query: "",
        headers: &[HOST, ("My-Header1", "value1"), XDATE],
        body: "",
        signed_headers: "host;my-header1;x-amz-date",
        signature: "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c",
    },
    Case {
        name: "post-header-value-case",
        method: "POST",
        path: "/",
        query: "",
        headers: &[HOST, ("My-Header1", "VALUE1"), XDATE],
        body: "",
        signed_headers: "host;my-header1;x-amz-date",
        signature: "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d",
    },
    Case {
        name: "post-x-www-form-urlencoded",
        method: "POST",
        path: "/",
        query: "",
        headers: &[("Content-Type", "application/x-www-form-urlencoded"), HOST, XDATE],
        body: "Param1=value1",
        signed_headers: "content-type;host;x-amz-date",
        signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
    },
    Case {
        name: "post-sts-header-before",
        method: "POST",
        path: "/",
        query: "",
        headers: &[HOST, XDATE, ("X-Amz-Security-Token", STS_TOKEN)],
        body: "",
        signed_headers: "host;x-amz-date;x-amz-security-token",
        signature: "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
    },
    Case {
        name: "get-header-value-trim",
        method: "GET",
        path: "/",
        query: "",
        headers: &[HOST, ("My-Header1", " value1"), ("My-Header2", " \"a   b   c\""), XDATE],
        body: "",
        signed_headers: "host;my-header1;my-header2;x-amz-date",
        signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
    },
    Case {
        name: "get-vanilla-query-order-key-case",
        method: "GET",
        path: "/",
        query: "Param2=value2&Param1=value1",
        headers: &[HOST, XDATE],
        body: "",
        signed_headers: "host;x-amz-date",
        signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
    },
    Case {
        name: "get-header-key-duplicate",
        method: "GET",
        path: "/",
        query: "",
        headers: &[HOST, ("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1"), XDATE],
        body: "",
        signed_headers: "host;my-header1;x-amz-date",
        signature: "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
    },
];

fn scope() -> Scope {
    Scope { date: "20150830".into(), region: "us-east-1".into(), service: "service".into() }
}

#[test]
fn the_signer_gives_the_published_authorization_headers() {
    let credentials = AwsCredentials::new(KEY_ID, SECRET);
    for case in CASES {
        let hash = payload_hash(case.body.as_bytes());
        let request = Signable {
            method: case.method,
            path: case.path,
            query: case.query,
            headers: case.headers,
            payload_hash: &hash,
        };
        let expected = format!(
            "AWS4-HMAC-SHA256 Credential={KEY_ID}/20150830/us-east-1/service/aws4_request, SignedHeaders={}, Signature={}",
            case.signed_headers, case.signature
        );
        assert_eq!(authorization(&credentials, &scope(), DATE, &request), expected, "{}", case.name);
    }
}

#[test]
fn the_verifier_accepts_the_published_headers_and_nothing_else() {
    for case in CASES {
        let hash = payload_hash(case.body.as_bytes());
        let request = Signable {
            method: case.method,
            path: case.path,
            query: case.query,
            headers: case.headers,
            payload_hash: &hash,
        };
        let header = format!(
            "AWS4-HMAC-SHA256 Credential={KEY_ID}/20150830/us-east-1/service/aws4_request, SignedHeaders={}, Signature={}",
            case.signed_headers, case.signature
        );
        let parsed = ParsedAuthorization::parse(&header).unwrap();
        assert_eq!(parsed.expected_signature(SECRET, DATE, &request), parsed.signature, "{}", case.name);
        // Another secret, another time or another body: another signature.
        assert_ne!(parsed.expected_signature("other", DATE, &request), parsed.signature, "{}", case.name);
        assert_ne!(parsed.expected_signature(SECRET, "20150830T123601Z", &request), parsed.signature);
        let other_hash = payload_hash(b"x");
        let tampered = Signable { payload_hash: &other_hash, ..request };
        assert_ne!(parsed.expected_signature(SECRET, DATE, &tampered), parsed.signature, "{}", case.name);
    }
}

#[test]
fn the_suite_time_formats_as_its_x_amz_date() {
    assert_eq!(amz_date(1_440_938_160), DATE);
}
