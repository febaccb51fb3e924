//! Reading a JSON answer into a typed value in two steps: the body is parsed once into a
//! [`serde_json::Value`] (whose reader accepts every kind of value), then the typed value is
//! read from that tree with this module's own error type.
//!
//! The result is the same as `serde_json::from_slice`, except for the text of type errors
//! (no line and column, and a float is named without its digits) and that a struct is read
//! from an object only (serde_json also takes an array, by position). The point is size: a typed
//! read straight from serde_json's parser reports a wrong type through serde's `Unexpected`
//! text, which formats floats, and that brings Rust's float formatting (about 21 KB) into the
//! npm package's `.wasm`; one `Value` parser shared by every answer type is also smaller than
//! one parser per type. The strings of the tree are zeroized once the typed value is read
//! (answers carry tokens).

use alloc::format;
use alloc::string::{String, ToString};
use core::fmt;

use serde::de::value::{MapAccessDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeOwned, Expected, IntoDeserializer, Unexpected, Visitor};
use serde_json::Value;
use zeroize::Zeroize;

/// Why a JSON text did not read as the expected type: its syntax, or a missing, unknown or
/// mistyped field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(String);

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for JsonError {}

impl de::Error for JsonError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        Self(format!("invalid type: {}, expected {exp}", Shown(unexp)))
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        Self(format!("invalid value: {}, expected {exp}", Shown(unexp)))
    }
}

/// An unexpected value as error text, without serde's `Display` (whose float arm formats
/// the number).
struct Shown<'a>(Unexpected<'a>);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(n) => write!(f, "integer `{n}`"),
            Unexpected::Signed(n) => write!(f, "integer `{n}`"),
            Unexpected::Float(_) => f.write_str("a floating point number"),
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string {s:?}"),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Option => f.write_str("option"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

/// Reads `T` from a JSON text: [`serde_json::from_slice`] with [`JsonError`] (see the
/// module's documentation for why).
///
/// ```
/// use cognito_srp_proto::json::from_slice;
/// let names: Vec<String> = from_slice(br#"["SMS_MFA", "EMAIL_OTP"]"#)?;
/// assert_eq!(names, ["SMS_MFA", "EMAIL_OTP"]);
/// let wrong = from_slice::<Vec<String>>(b"[1.5]").unwrap_err();
/// assert_eq!(wrong.to_string(), "invalid type: a floating point number, expected a string");
/// assert!(from_slice::<Vec<String>>(b"[").is_err());
/// # Ok::<(), cognito_srp_proto::json::JsonError>(())
/// ```
pub fn from_slice<T: DeserializeOwned>(body: &[u8]) -> Result<T, JsonError> {
    let mut tree: Value = serde_json::from_slice(body).map_err(|e| JsonError(e.to_string()))?;
    let read = T::deserialize(Node(&tree));
    wipe(&mut tree);
    read
}

/// Zeroizes every string of `value` (not the object keys: field names).
fn wipe(value: &mut Value) {
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe),
        Value::Object(map) => map.values_mut().for_each(wipe),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// A node of a parsed tree, read as serde_json reads its own `Value`.
#[derive(Clone, Copy)]
struct Node<'de>(&'de Value);

impl<'de> IntoDeserializer<'de, JsonError> for Node<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Node<'de> {
    fn entries(
        map: &'de serde_json::Map<String, Value>,
    ) -> MapDeserializer<'de, impl Iterator<Item = (&'de str, Node<'de>)>, JsonError> {
        MapDeserializer::new(map.iter().map(|(k, v)| (k.as_str(), Node(v))))
    }

    /// As `deserialize_any` for a null, a boolean, a number or a string; an array or an
    /// object is a type error without building their readers (the visitors of numbers and
    /// booleans would only refuse them).
    fn scalar<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (None, Some(i)) => visitor.visit_i64(i),
                (None, None) => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(_) | Value::Object(_) => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    fn unexpected(self) -> Unexpected<'de> {
        // A float is never formatted (see `Shown`).
        match self.0 {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Unexpected::Unsigned(u),
                (None, Some(i)) => Unexpected::Signed(i),
                (None, None) => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => Unexpected::Str(s),
            Value::Array(_) => Unexpected::Seq,
            Value::Object(_) => Unexpected::Map,
        }
    }
}

/// Deserializer methods that read a scalar (see [`Node::scalar`]).
macro_rules! scalars {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
                self.scalar(visitor)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for Node<'de> {
    type Error = JsonError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        match self.0 {
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => self.scalar(visitor),
            Value::Array(items) => {
                let mut seq = SeqDeserializer::new(items.iter().map(Node));
                let read = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(read)
            }
            Value::Object(map) => {
                let mut entries = Self::entries(map);
                let read = visitor.visit_map(&mut entries)?;
                entries.end()?;
                Ok(read)
            }
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        match self.0 {
            Value::String(s) => visitor.visit_borrowed_str(s),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        match self.0 {
            Value::Array(_) => self.deserialize_any(visitor),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        match self.0 {
            Value::Object(map) => {
                let mut entries = Self::entries(map);
                let read = visitor.visit_map(&mut entries)?;
                entries.end()?;
                Ok(read)
            }
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    /// From an object only: serde_json also reads a struct from an array, by position, which
    /// no answer uses (and which would double each answer type's reading code).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        match self.0 {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Value::Object(map) if map.len() == 1 => {
                visitor.visit_enum(MapAccessDeserializer::new(Self::entries(map)))
            }
            _ => Err(de::Error::invalid_type(self.unexpected(), &"a string or a map with one key")),
        }
    }

    /// Nothing to read: the value is skipped (an unknown field).
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! { unit_struct tuple tuple_struct }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.scalar(visitor)
    }

    scalars! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes deserialize_byte_buf
        deserialize_unit
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use alloc::collections::BTreeMap;
    use alloc::vec::Vec;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Answer {
        session: Option<String>,
        #[serde(default)]
        expires_in: u32,
        names: Vec<String>,
        kind: Kind,
        wrapped: Wrapped,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    enum Kind {
        Plain,
        Counted(u8),
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Wrapped(String);

    /// Every read agrees with serde_json's own, or fails where it fails.
    #[test]
    fn reads_like_serde_json() {
        let bodies: [&[u8]; 9] = [
            br#"{"Session":"s","ExpiresIn":3600,"Names":["a"],"Kind":"Plain","Wrapped":"w"}"#,
            br#"{"Session":null,"Names":[],"Kind":{"Counted":7},"Wrapped":"w","Extra":[1,{"x":2.5}]}"#,
            br#"{"Names":[],"Kind":"Plain","Wrapped":"w"}"#,
            br#"{"Names":[],"Kind":"Plain"}"#,
            br#"{"Names":[1],"Kind":"Plain","Wrapped":"w"}"#,
            br#"{"Names":[],"Kind":"Other","Wrapped":"w"}"#,
            br#"{"Names":[],"Kind":"Plain","Wrapped":"w","ExpiresIn":-1}"#,
            br#"{"Names":[],"Kind":"Plain","Wrapped":"w","ExpiresIn":1.5}"#,
            b"<html>",
        ];
        for body in bodies {
            let ours = from_slice::<Answer>(body);
            let theirs = serde_json::from_slice::<Answer>(body);
            assert_eq!(ours.as_ref().ok(), theirs.as_ref().ok(), "{}", String::from_utf8_lossy(body));
        }
        let read = from_slice::<Answer>(bodies[1]).unwrap();
        assert_eq!((read.session, read.expires_in, read.kind), (None, 0, Kind::Counted(7)));
    }

    #[test]
    fn errors_name_the_field_and_the_type() {
        let missing = from_slice::<Answer>(br#"{"Names":[],"Kind":"Plain"}"#).unwrap_err();
        assert_eq!(missing.to_string(), "missing field `Wrapped`");
        let mistyped = from_slice::<Answer>(br#"{"Names":"a","Kind":"Plain","Wrapped":"w"}"#).unwrap_err();
        assert_eq!(mistyped.to_string(), r#"invalid type: string "a", expected a sequence"#);
        let float = from_slice::<Answer>(br#"{"Names":[],"Kind":"Plain","Wrapped":"w","ExpiresIn":1.5}"#);
        assert_eq!(float.unwrap_err().to_string(), "invalid type: a floating point number, expected u32");
        let syntax = from_slice::<Answer>(b"{").unwrap_err().to_string();
        assert!(syntax.contains("EOF"), "{syntax}");
    }

    #[test]
    fn maps_of_values_keep_every_entry() {
        let read: BTreeMap<String, Value> = from_slice(br#"{"a":"x","b":null,"c":[1,"y"]}"#).unwrap();
        let theirs: BTreeMap<String, Value> =
            serde_json::from_slice(br#"{"a":"x","b":null,"c":[1,"y"]}"#).unwrap();
        assert_eq!(read, theirs);
    }
}
