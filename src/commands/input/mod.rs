//! Reading what people hand markpoint, as their programs saved it: text in
//! UTF-8, UTF-16 (with a byte-order mark, as Notepad and Word write it) or
//! Windows-1252 (a superset of Latin-1), Word documents (`.docx`), and
//! CSV/TSV files whose cells are separated by commas, semicolons or tabs.
//!
//! Every command reads answers and tables through here, so that a file one
//! command accepts, the others accept too. The rule for text: a byte-order
//! mark says the encoding; without one, bytes that are valid UTF-8 are
//! UTF-8, and any others are taken as Windows-1252, a guess the caller
//! reports with [`guessed_note`]. Bytes with NUL in them are not text.

pub mod docx;
pub mod table;

use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};
use std::io::Read;

/// The encoding assumed for text that is not UTF-8 and has no byte-order mark.
pub const GUESSED_ENCODING: &str = "Windows-1252 (Latin-1)";

/// Text decoded from bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Whether the bytes were not UTF-8 and were read as [`GUESSED_ENCODING`].
    pub guessed: bool,
}

/// Wraps a byte stream so that it reads as UTF-8: a UTF-16 byte-order mark
/// makes it transcode, a UTF-8 one is dropped, and anything else passes
/// through unchanged (to be decoded piece by piece with [`decode_unmarked`]).
pub fn stream<R: Read>(reader: R) -> DecodeReaderBytes<R, Vec<u8>> {
    DecodeReaderBytesBuilder::new()
        .utf8_passthru(true)
        .strip_bom(true)
        .build(reader)
}

/// Decodes a whole text (a file, standard input): by its byte-order mark if
/// it has one, else as UTF-8, else as [`GUESSED_ENCODING`]. The error says
/// why the bytes are not text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let mut unmarked = Vec::with_capacity(bytes.len());
    stream(bytes)
        .read_to_end(&mut unmarked)
        .map_err(|e| e.to_string())?;
    decode_unmarked(unmarked)
}

/// Decodes text without a byte-order mark (a line or a cell of a stream
/// already passed through [`stream`]): UTF-8, else [`GUESSED_ENCODING`].
pub fn decode_unmarked(bytes: Vec<u8>) -> Result<Decoded, String> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            guessed: false,
        }),
        Err(error) => {
            let bytes = error.into_bytes();
            if let Some(offset) = memchr::memchr(0, &bytes) {
                return Err(format!(
                    "not text: a NUL byte at offset {offset} (binary data, or UTF-16 \
                     without a byte-order mark: save it as UTF-8)"
                ));
            }
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
            Ok(Decoded {
                text: text.into_owned(),
                guessed: true,
            })
        }
    }
}

/// The note to give when `name` was read as [`GUESSED_ENCODING`].
pub fn guessed_note(name: &str) -> String {
    format!("{name}: not UTF-8; read as {GUESSED_ENCODING}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn decodes(bytes: &[u8], text: &str, guessed: bool) {
        assert_eq!(
            decode(bytes),
            Ok(Decoded {
                text: text.to_string(),
                guessed
            })
        );
    }

    #[test]
    fn byte_order_marks_say_the_encoding() {
        decodes(b"\xef\xbb\xbfcaf\xc3\xa9", "café", false);
        decodes(b"\xff\xfec\0a\0f\0\xe9\0", "café", false);
        decodes(b"\xfe\xff\0c\0a\0f\0\xe9", "café", false);
    }

    #[test]
    fn text_that_is_not_utf8_is_read_as_windows_1252() {
        decodes(b"caf\xc3\xa9", "café", false);
        decodes(
            b"caf\xe9 \x93quoted\x94",
            "café \u{201c}quoted\u{201d}",
            true,
        );
    }

    #[test]
    fn nul_bytes_are_not_text() {
        let error = decode(b"c\0a\0f\0\xe9\0").expect_err("not text");
        assert!(error.contains("NUL byte at offset 1"), "{error}");
        assert_eq!(decode(b"a\0b").map(|d| d.text), Ok("a\0b".to_string()));
    }
}
