//! Test tokens: RSA keys from a seed (the `rsa` crate), their JWKs, and RS256 JWTs over any
//! header and claims; and a tiny HTTP server serving scripted answers (a JWKS, a slow or
//! oversized one), counting requests.
#![allow(unreachable_pub, dead_code, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use base64ct::{Base64UrlUnpadded, Encoding};
use rsa::pkcs1v15::SigningKey;
use rsa::rand_core::{TryCryptoRng, TryRng};
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A deterministic generator (SHA-256 in counter mode), for test keys only.
struct Stream {
    seed: u8,
    counter: u64,
}

impl TryRng for Stream {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(32) {
            let block =
                Sha256::new().chain_update([self.seed]).chain_update(self.counter.to_le_bytes()).finalize();
            self.counter += 1;
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
        Ok(())
    }
}
impl TryCryptoRng for Stream {}

/// An RS256 test key.
pub struct TestKey {
    pub kid: String,
    signing: SigningKey<Sha256>,
    n: String,
    e: String,
}

impl TestKey {
    pub fn new(seed: u8, bits: usize) -> Self {
        let private = rsa::PrivateKey::new(&mut Stream { seed, counter: 0 }, bits).unwrap();
        let public = private.to_public_key();
        let strip = |v: Vec<u8>| v.into_iter().skip_while(|b| *b == 0).collect::<Vec<u8>>();
        let n = Base64UrlUnpadded::encode_string(&strip(public.n().to_be_bytes().to_vec()));
        let e = Base64UrlUnpadded::encode_string(&strip(public.e().to_be_bytes().to_vec()));
        Self { kid: format!("test-key-{seed}"), signing: SigningKey::new(private), n, e }
    }

    pub fn jwk(&self) -> Value {
        json!({ "kid": self.kid, "kty": "RSA", "alg": "RS256", "use": "sig", "n": self.n, "e": self.e })
    }

    /// A JWT with `header` and `claims` as given, signed with this key.
    pub fn sign_raw(&self, header: &Value, claims: &Value) -> String {
        self.sign_text(&header.to_string(), &claims.to_string())
    }

    /// A JWT over the JSON texts as given.
    pub fn sign_text(&self, header: &str, claims: &str) -> String {
        let head = Base64UrlUnpadded::encode_string(header.as_bytes());
        let body = Base64UrlUnpadded::encode_string(claims.as_bytes());
        let input = format!("{head}.{body}");
        let sig = self.signing.try_sign(input.as_bytes()).unwrap();
        format!("{input}.{}", Base64UrlUnpadded::encode_string(&sig.to_bytes()))
    }

    /// A JWT with this key's kid and RS256.
    pub fn sign(&self, claims: &Value) -> String {
        self.sign_raw(&json!({ "kid": self.kid, "alg": "RS256" }), claims)
    }
}

pub fn jwks(keys: &[&TestKey]) -> String {
    json!({ "keys": keys.iter().map(|k| k.jwk()).collect::<Vec<_>>() }).to_string()
}

/// The parts of a JWT, decoded (header and payload JSON).
pub fn decode(token: &str) -> (Value, Value, String) {
    let parts: Vec<&str> = token.split('.').collect();
    let head = serde_json::from_slice(&Base64UrlUnpadded::decode_vec(parts[0]).unwrap()).unwrap();
    let body = serde_json::from_slice(&Base64UrlUnpadded::decode_vec(parts[1]).unwrap()).unwrap();
    (head, body, parts[2].to_owned())
}

/// `header` and `claims` encoded, with `signature` (base64url) as the third part.
pub fn assemble(header: &Value, claims: &Value, signature: &str) -> String {
    let head = Base64UrlUnpadded::encode_string(header.to_string().as_bytes());
    let body = Base64UrlUnpadded::encode_string(claims.to_string().as_bytes());
    format!("{head}.{body}.{signature}")
}

/// What the tiny server does for the n-th request (0-based).
pub enum Answer {
    /// 200 with this body (and a Content-Length unless `chunked`).
    Body { body: String, chunked: bool },
    /// Any status with an empty body.
    Status(u16),
    /// Sends the headers, then one byte every `every`, forever.
    Trickle { every: Duration },
}

/// A one-route HTTP/1.1 server on 127.0.0.1: each connection gets one answer.
pub struct TinyServer {
    pub url: String,
    pub hits: Arc<AtomicUsize>,
}

impl TinyServer {
    pub async fn start(answer: impl Fn(usize) -> Answer + Send + Sync + 'static) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/jwks.json", listener.local_addr().unwrap());
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&hits);
        let answer = Arc::new(answer);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                let answer = Arc::clone(&answer);
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 4096];
                    let mut read = 0;
                    while !buf[..read].windows(4).any(|w| w == b"\r\n\r\n") && read < buf.len() {
                        match socket.read(&mut buf[read..]).await {
                            Ok(0) | Err(_) => return,
                            Ok(k) => read += k,
                        }
                    }
                    match answer(n) {
                        Answer::Body { body, chunked: false } => {
                            let head = format!(
                                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                                body.len()
                            );
                            let _ = socket.write_all(head.as_bytes()).await;
                            let _ = socket.write_all(body.as_bytes()).await;
                        }
                        Answer::Body { body, chunked: true } => {
                            let _ = socket
                                .write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n")
                                .await;
                            for piece in body.as_bytes().chunks(1024) {
                                let _ = socket.write_all(format!("{:x}\r\n", piece.len()).as_bytes()).await;
                                let _ = socket.write_all(piece).await;
                                if socket.write_all(b"\r\n").await.is_err() {
                                    return;
                                }
                            }
                            let _ = socket.write_all(b"0\r\n\r\n").await;
                        }
                        Answer::Status(status) => {
                            let head = format!(
                                "HTTP/1.1 {status} X\r\nlocation: http://127.0.0.1:1/\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                            );
                            let _ = socket.write_all(head.as_bytes()).await;
                        }
                        Answer::Trickle { every } => {
                            let _ =
                                socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n").await;
                            loop {
                                tokio::time::sleep(every).await;
                                if socket.write_all(b" ").await.is_err() {
                                    return;
                                }
                            }
                        }
                    }
                    let _ = socket.shutdown().await;
                });
            }
        });
        Self { url, hits }
    }

    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}
