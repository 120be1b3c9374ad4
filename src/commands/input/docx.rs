//! The text of a Word document (`.docx`): a zip archive whose
//! `word/document.xml` holds the body. The text is that of its `<w:t>`
//! runs, a line break for each paragraph, `<w:br>` and `<w:cr>`, and a tab
//! for `<w:tab>`; deleted text of tracked changes (`<w:delText>`),
//! headers, footers and comments are left out.

use quick_xml::events::Event;
use std::io::{Read, Seek};

/// Largest `word/document.xml` read, in bytes (its markup is many times its text).
pub const MAX_XML_BYTES: u64 = 32 << 20;

/// The text of the Word document read from `reader`, or why it cannot be read.
pub fn text(reader: impl Read + Seek) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(reader)
        .map_err(|e| format!("not a Word document (not a readable zip archive: {e})"))?;
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|_| "not a Word document (it has no word/document.xml)".to_string())?;
    let mut xml = Vec::new();
    entry
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| format!("cannot read the Word document: {e}"))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(format!(
            "the Word document is too large (its text takes more than {} MiB of markup)",
            MAX_XML_BYTES >> 20
        ));
    }
    body_text(&xml).map_err(|e| format!("cannot read the Word document: {e}"))
}

/// The text of the body markup `word/document.xml`.
fn body_text(xml: &[u8]) -> Result<String, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut text = String::new();
    let mut in_run_text = false;
    loop {
        match reader.read_event_into(&mut buf)? {
            Event::Start(e) if e.local_name().as_ref() == "t" => in_run_text = true,
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_run_text = false,
                "p" => text.push('\n'),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => text.push('\t'),
                "br" | "cr" => text.push('\n'),
                "p" => text.push('\n'),
                _ => {}
            },
            Event::Text(e) if in_run_text => text.push_str(&e.xml10_content()),
            Event::CData(e) if in_run_text => text.push_str(&e.xml10_content()),
            Event::GeneralRef(e) if in_run_text => {
                if let Some(c) = e.resolve_char_ref()? {
                    text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&e) {
                    text.push_str(s);
                }
            }
            Event::Eof => return Ok(text),
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal Word document with `body` as the inside of `<w:body>`.
    fn document(body: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("word/document.xml", options)
            .expect("starts");
        write!(
            zip,
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
             <w:body>{body}</w:body></w:document>"
        )
        .expect("writes");
        zip.finish().expect("finishes").into_inner()
    }

    #[test]
    fn paragraphs_runs_tabs_and_entities_are_read() {
        let bytes = document(
            "<w:p><w:r><w:t>Plants &amp; algae</w:t></w:r><w:r><w:t xml:space=\"preserve\"> use light</w:t></w:r></w:p>\
             <w:p><w:r><w:t>A</w:t><w:tab/><w:t>B&#233;</w:t><w:br/><w:t>C</w:t></w:r></w:p>\
             <w:p><w:del><w:r><w:delText>gone</w:delText></w:r></w:del></w:p>",
        );
        assert_eq!(
            text(std::io::Cursor::new(bytes)),
            Ok("Plants & algae use light\nA\tBé\nC\n\n".to_string())
        );
    }

    #[test]
    fn other_files_are_not_word_documents() {
        let error = text(std::io::Cursor::new(b"plain text".to_vec())).expect_err("fails");
        assert!(error.starts_with("not a Word document"), "{error}");
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("other.txt", zip::write::SimpleFileOptions::default())
            .expect("starts");
        let bytes = zip.finish().expect("finishes").into_inner();
        let error = text(std::io::Cursor::new(bytes)).expect_err("fails");
        assert!(error.contains("no word/document.xml"), "{error}");
    }
}
