//! A scripted HTTP/1.1 server on 127.0.0.1 that answers each request as a test says, and
//! records what it got: for retry, restart and fault tests that need exact control.
#![allow(
    unreachable_pub,
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What to send back.
pub enum Reply {
    /// A status and a JSON body.
    Json(u16, Value),
    /// A status, extra headers and a raw body.
    Raw(u16, Vec<(&'static str, &'static str)>, &'static str),
    /// Close the connection without answering.
    Drop,
    /// Wait, then answer.
    Delay(Duration, Box<Reply>),
    /// A status, a `Content-Length` for the whole JSON body, then only its first `usize`
    /// bytes, then the connection closes.
    Truncated(u16, Value, usize),
    /// The whole JSON answer (status line and headers included), one byte per interval.
    Trickle(Duration, Value),
    /// A redirect: the status and a `Location` header.
    Redirect(u16, String),
}

/// One request the server saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub operation: String,
    pub body: Value,
}

type Script = dyn Fn(usize, &str, &Value) -> Reply + Send + Sync;

pub struct Fake {
    pub endpoint: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Fake {
    pub fn operations(&self) -> Vec<String> {
        self.seen.lock().unwrap().iter().map(|s| s.operation.clone()).collect()
    }

    pub fn bodies(&self) -> Vec<Value> {
        self.seen.lock().unwrap().iter().map(|s| s.body.clone()).collect()
    }

    /// Starts the server; `script(index, operation, body)` decides each answer.
    pub async fn start(script: impl Fn(usize, &str, &Value) -> Reply + Send + Sync + 'static) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let seen2 = seen.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else { return };
                let seen = seen2.clone();
                let script = script.clone();
                tokio::spawn(async move {
                    let Some((operation, body)) = read_request(&mut socket).await else { return };
                    let index = {
                        let mut seen = seen.lock().unwrap();
                        seen.push(Seen { operation: operation.clone(), body: body.clone() });
                        seen.len() - 1
                    };
                    let mut reply = script(index, &operation, &body);
                    loop {
                        match reply {
                            Reply::Delay(d, next) => {
                                tokio::time::sleep(d).await;
                                reply = *next;
                            }
                            Reply::Drop => return,
                            Reply::Json(status, value) => {
                                let text = value.to_string();
                                write_response(&mut socket, status, &[], &text).await;
                                return;
                            }
                            Reply::Raw(status, headers, text) => {
                                write_response(&mut socket, status, &headers, text).await;
                                return;
                            }
                            Reply::Truncated(status, value, sent) => {
                                let text = value.to_string();
                                let head = format!(
                                    "HTTP/1.1 {status} X\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\n\r\n",
                                    text.len()
                                );
                                let _ = socket.write_all(head.as_bytes()).await;
                                let _ = socket.write_all(&text.as_bytes()[..sent.min(text.len())]).await;
                                let _ = socket.flush().await;
                                return;
                            }
                            Reply::Trickle(every, value) => {
                                let text = value.to_string();
                                let all = format!(
                                    "HTTP/1.1 200 X\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\n\r\n{text}",
                                    text.len()
                                );
                                for byte in all.as_bytes() {
                                    if socket.write_all(&[*byte]).await.is_err() {
                                        return;
                                    }
                                    tokio::time::sleep(every).await;
                                }
                                return;
                            }
                            Reply::Redirect(status, location) => {
                                let text = format!(
                                    "HTTP/1.1 {status} X\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                                );
                                let _ = socket.write_all(text.as_bytes()).await;
                                let _ = socket.shutdown().await;
                                return;
                            }
                        }
                    }
                });
            }
        });
        Fake { endpoint, seen, task }
    }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<(String, Value)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    };
    let length: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    while buf.len() < head_end + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let target = header("x-amz-target").unwrap_or_default();
    let operation = target.rsplit('.').next().unwrap_or_default().to_owned();
    let body = serde_json::from_slice(&buf[head_end..head_end + length]).unwrap_or(Value::Null);
    Some((operation, body))
}

async fn write_response(
    socket: &mut tokio::net::TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &str,
) {
    let mut text = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    let _ = socket.write_all(text.as_bytes()).await;
    let _ = socket.shutdown().await;
}
