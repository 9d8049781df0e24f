//! The one JSON codec of every server function's answer.
//!
//! A page's data reaches the browser twice over: inside the page, where a resource reads it
//! back with `serde_json::from_str`, and from a server function after client-side navigation,
//! where server_fn's own `Json` reads it with `serde_json::from_slice`. Each reader makes the
//! compiler build every wire type's deserialiser again (5.6 KB of the brotli bundle, measured
//! when this codec came in). [`Json`] answers with the same bytes as server_fn's `Json` but
//! reads them as text, so every wire type has a single deserialiser in the bundle.

use leptos::server_fn::{codec::Post, Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::{de::DeserializeOwned, Serialize};

/// JSON written with `serde_json::to_vec` and read back through `&str`.
pub struct JsonText;

impl ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonText {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonText {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonText {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        // Our server only sends UTF-8; anything else is an error like malformed JSON.
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            <serde_json::Error as serde::de::Error>::custom("the answer is not UTF-8")
        })?;
        serde_json::from_str(text)
    }
}

/// The output encoding of every server function: `#[server(output = crate::api::wire::Json, ...)]`.
pub type Json = Post<JsonText>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_round_trip_and_bad_bytes_are_errors() {
        let bytes = <JsonText as Encodes<Vec<(u32, String)>>>::encode(&vec![(1, "é".into())])
            .expect("encodes");
        assert_eq!(&bytes[..], "[[1,\"é\"]]".as_bytes());
        let back: Vec<(u32, String)> = JsonText::decode(bytes).expect("decodes");
        assert_eq!(back, vec![(1, "é".to_string())]);
        assert!(<JsonText as Decodes<u32>>::decode(Bytes::from_static(b"\xff1")).is_err());
        assert!(<JsonText as Decodes<u32>>::decode(Bytes::from_static(b"\"x\"")).is_err());
    }
}
