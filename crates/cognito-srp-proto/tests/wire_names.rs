//! Wire names are spelled in this crate and nowhere else: the emulator and the http client
//! take every operation name, challenge name, auth flow, error type, parameter key and the
//! other names of the vocabulary from `cognito-srp-proto`. This test reads their sources
//! (`crates/cognito-srp-emulator/src`, `crates/cognito-srp-http/src`, subfolders included)
//! and fails, naming file and line, on a string literal equal to one of those names.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cognito_srp_proto::vocab::{
    DeliveryMedium, FeatureType, MfaConfiguration, TimeUnit, UserStatus, VerifySoftwareTokenStatus,
};
use cognito_srp_proto::{AuthFlow, ChallengeName, DeviceRememberedStatus, ErrorCode, Operation};

/// A string literal of a Rust source: its line and its text (escapes left as written).
#[derive(Debug, PartialEq, Eq)]
struct Literal {
    line: usize,
    text: String,
}

/// The string literals of `source` outside comments (line, block and doc comments), raw
/// strings included; character literals and lifetimes are skipped.
fn string_literals(source: &str) -> Vec<Literal> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            '/' if at(i + 1) == '/' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if at(i + 1) == '*' => {
                let mut depth = 0;
                while i < chars.len() {
                    if chars[i] == '/' && at(i + 1) == '*' {
                        depth += 1;
                        i += 2;
                    } else if chars[i] == '*' && at(i + 1) == '/' {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if chars[i] == '\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                }
            }
            '\'' => {
                // 'x', '\n', '\'', '\u{..}' are characters; 'a (no closing quote) a lifetime.
                if at(i + 1) == '\\' {
                    i += 2;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                } else if at(i + 2) == '\'' {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            'r' | 'b' if !at(i.wrapping_sub(1)).is_alphanumeric() && at(i.wrapping_sub(1)) != '_' => {
                // r"..", r#".."#, br"..", b"..": find the opening quote.
                let mut j = i + 1;
                if c == 'b' && at(j) == 'r' {
                    j += 1;
                }
                let raw = c == 'r' || at(i + 1) == 'r';
                let mut hashes = 0;
                while raw && at(j) == '#' {
                    hashes += 1;
                    j += 1;
                }
                if at(j) != '"' || (!raw && c == 'r') {
                    i += 1;
                    continue;
                }
                if raw {
                    let start_line = line;
                    let close: String =
                        std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                    let rest: String = chars[j + 1..].iter().collect();
                    let end = rest.find(&close).unwrap_or(rest.len());
                    let text = &rest[..end];
                    line += text.matches('\n').count();
                    out.push(Literal { line: start_line, text: text.to_owned() });
                    i = j + 1 + text.chars().count() + close.chars().count();
                } else {
                    i = j;
                }
            }
            '"' => {
                let start_line = line;
                let mut text = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        text.push(chars[i]);
                        i += 1;
                    }
                    if at(i) == '\n' {
                        line += 1;
                    }
                    text.push(at(i));
                    i += 1;
                }
                i += 1;
                out.push(Literal { line: start_line, text });
            }
            _ => i += 1,
        }
    }
    out
}

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Every wire name of proto's vocabulary: the known names of its enums, and every string
/// constant of `vocab.rs` (the `param` keys, attribute names, header names, ...), read from
/// its source so a constant added there is checked here too.
fn vocabulary() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    names.extend(Operation::KNOWN.iter().map(|n| n.as_str().to_owned()));
    names.extend(ChallengeName::KNOWN.iter().map(|n| n.as_str().to_owned()));
    names.extend(AuthFlow::KNOWN.iter().map(|n| n.as_str().to_owned()));
    names.extend(ErrorCode::KNOWN.iter().map(|n| n.as_str().to_owned()));
    names.extend(DeviceRememberedStatus::KNOWN.iter().map(|n| n.as_str().to_owned()));
    names.extend(MfaConfiguration::KNOWN.iter().map(|n| n.as_str().to_owned()));
    names.extend(UserStatus::KNOWN.iter().map(|n| n.as_str().to_owned()));
    names.extend(FeatureType::KNOWN.iter().map(|n| n.as_str().to_owned()));
    names.extend(TimeUnit::KNOWN.iter().map(|n| n.as_str().to_owned()));
    names.extend(DeliveryMedium::KNOWN.iter().map(|n| n.as_str().to_owned()));
    names.extend(VerifySoftwareTokenStatus::KNOWN.iter().map(|n| n.as_str().to_owned()));
    let vocab = std::fs::read_to_string(crates_dir().join("cognito-srp-proto/src/vocab.rs")).unwrap();
    for line in vocab.lines() {
        let line = line.trim();
        if line.starts_with("pub const ")
            && line.contains(": &str = ")
            && let Some(literal) = string_literals(line).into_iter().next()
        {
            names.insert(literal.text);
        }
    }
    names
}

#[test]
fn the_scanner_finds_literals_outside_comments_only() {
    let source = "/// \"USERNAME\" in a doc comment\n\
                  let a = \"SRP_A\"; // \"SRP_B\"\n\
                  /* \"SALT\" */ let q = '\"'; let l: &'static str = r#\"x\"y\"#;\n\
                  let s = \"multi\n line\"; let e = \"a\\\"b\";\n\
                  let b = b\"bytes\"; let t = \"TIMESTAMP\";";
    let literals = string_literals(source);
    let found: Vec<(usize, &str)> = literals.iter().map(|l| (l.line, l.text.as_str())).collect();
    assert_eq!(
        found,
        vec![(2, "SRP_A"), (3, "x\"y"), (4, "multi\n line"), (5, "a\\\"b"), (6, "bytes"), (6, "TIMESTAMP")]
    );
}

#[test]
fn the_vocabulary_is_read_from_proto() {
    let names = vocabulary();
    for name in
        ["InitiateAuth", "PASSWORD_VERIFIER", "USER_SRP_AUTH", "NotAuthorizedException", "SECRET_HASH"]
    {
        assert!(names.contains(name), "{name}");
    }
    assert!(names.contains(cognito_srp_proto::param::USER_ATTRIBUTE_PREFIX));
}

/// Every `.rs` file below `dir`, in order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// `file:line: "literal"` for each vocabulary name spelled in the crate's `src`.
fn wire_names_spelled_in(krate: &str) -> Vec<String> {
    let names = vocabulary();
    let src = crates_dir().join(krate).join("src");
    let files = rust_files(&src);
    assert!(files.len() >= 5, "sources not found in {}", src.display());
    let mut found = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        for literal in string_literals(&source) {
            if names.contains(&literal.text) {
                let name = file.strip_prefix(&src).unwrap().display().to_string();
                found.push(format!("{krate}/src/{name}:{}: \"{}\"", literal.line, literal.text));
            }
        }
    }
    found
}

#[test]
fn the_emulator_spells_no_wire_name_of_its_own() {
    let found = wire_names_spelled_in("cognito-srp-emulator");
    assert!(
        found.is_empty(),
        "{} wire names spelled in the emulator instead of coming from cognito-srp-proto:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_http_client_spells_no_wire_name_of_its_own() {
    let found = wire_names_spelled_in("cognito-srp-http");
    assert!(
        found.is_empty(),
        "{} wire names spelled in the http client instead of coming from cognito-srp-proto:\n{}",
        found.len(),
        found.join("\n")
    );
}
