//! The text of Word 97-2003 binary documents (`.doc`) and of WPS Office's `.wps`, which is
//! the same format: a compound file (read with `cfb`) whose `WordDocument` stream starts with
//! the FIB and holds the characters, and whose table stream (`0Table` or `1Table`) holds the
//! piece table (the Clx) saying where each run of characters is and how it is encoded.
//!
//! Hand-written against [MS-DOC]: every offset is checked, nothing is trusted, a malformed
//! file gives `None`. Simplifications: all pieces are read in order (main text, then
//! footnotes, headers, comments…, as Word stores them), field codes (between the field
//! begin and separator marks) are dropped and their results kept, tables come out as cells
//! separated by tabs with a line per row (an empty cell, two cell marks in a row, also ends the
//! line: telling them apart needs the table properties), and formatting, deleted-revision text and
//! embedded objects are ignored. Encrypted and Word 6/95 files are not read.

use std::io::{Cursor, Read};

/// `wIdent` of a Word 97-2003 FIB.
const WORD97_IDENT: u16 = 0xA5EC;

/// `fEncrypted` and `fWhichTblStm` in the FIB's flags.
const F_ENCRYPTED: u16 = 0x0100;
const F_WHICH_TBL_STM: u16 = 0x0200;

/// The index of `fcClx`/`lcbClx` in FibRgFcLcb97.
const CLX_INDEX: usize = 33;

/// Most bytes read from one stream.
const MAX_STREAM: u64 = super::MAX_INPUT as u64;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// Reads one stream of the compound file, at most [`MAX_STREAM`] bytes.
fn stream<F: Read + std::io::Seek>(cfb: &mut cfb::CompoundFile<F>, name: &str) -> Option<Vec<u8>> {
    let s = cfb.open_stream(name).ok()?;
    let mut buf = Vec::new();
    s.take(MAX_STREAM).read_to_end(&mut buf).ok()?;
    Some(buf)
}

/// The text of a `.doc`/`.wps` file.
pub(super) fn doc_text(bytes: &[u8]) -> Option<String> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let word = stream(&mut cfb, "WordDocument")?;
    let flags = fib_flags(&word)?;
    let table_name = if flags & F_WHICH_TBL_STM != 0 { "1Table" } else { "0Table" };
    let table = stream(&mut cfb, table_name)?;
    word_text(&word, &table)
}

/// The FIB's flags, when the stream starts with a Word 97-2003 FIB of an unencrypted file.
fn fib_flags(word: &[u8]) -> Option<u16> {
    if u16_at(word, 0)? != WORD97_IDENT {
        return None;
    }
    let flags = u16_at(word, 0x0A)?;
    if flags & F_ENCRYPTED != 0 {
        return None;
    }
    Some(flags)
}

/// Where FibRgFcLcb starts, and how many fc/lcb pairs it has, from the FIB's own counts.
fn fc_lcb(word: &[u8]) -> Option<(usize, usize)> {
    let csw = u16_at(word, 32)? as usize;
    let at = 34 + csw * 2;
    let cslw = u16_at(word, at)? as usize;
    let at = at + 2 + cslw * 4;
    let pairs = u16_at(word, at)? as usize;
    Some((at + 2, pairs))
}

/// The text of the document, from its `WordDocument` and table streams.
pub(super) fn word_text(word: &[u8], table: &[u8]) -> Option<String> {
    fib_flags(word)?;
    let (base, pairs) = fc_lcb(word)?;
    if pairs <= CLX_INDEX {
        return None;
    }
    let fc_clx = u32_at(word, base + CLX_INDEX * 8)? as usize;
    let lcb_clx = u32_at(word, base + CLX_INDEX * 8 + 4)? as usize;
    let clx = table.get(fc_clx..fc_clx.checked_add(lcb_clx)?)?;
    let plc = plc_pcd(clx)?;
    let mut out = Text::default();
    // Each piece costs a table entry of 12 bytes: a hostile count cannot exceed the stream.
    let n = (plc.len().checked_sub(4)?) / 12;
    let pcds = 4 * (n + 1);
    let limit = 4 * super::TEXT_CAP;
    for i in 0..n {
        let (Some(start), Some(end)) = (u32_at(plc, 4 * i), u32_at(plc, 4 * (i + 1))) else { break };
        let Some(fc) = u32_at(plc, pcds + 8 * i + 2) else { break };
        let chars = end.saturating_sub(start) as usize;
        let chars = chars.min(limit.saturating_sub(out.len));
        if fc & 0x4000_0000 != 0 {
            // Compressed: 8-bit (Windows-1252) characters at half the offset.
            let at = ((fc & !0x4000_0000) / 2) as usize;
            let Some(run) = word.get(at..at.saturating_add(chars).min(word.len())) else { continue };
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(run);
            for c in s.chars() {
                out.push(c);
            }
        } else {
            let at = fc as usize;
            let Some(run) = word.get(at..at.saturating_add(chars.saturating_mul(2)).min(word.len())) else { continue };
            let units = run.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]]));
            for c in char::decode_utf16(units) {
                out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
            }
        }
        if out.len >= limit {
            break;
        }
    }
    Some(out.finish())
}

/// The PlcPcd of a Clx: skips the Prc entries (0x01, i16 size, data), then the Pcdt
/// (0x02, u32 size, PlcPcd).
fn plc_pcd(clx: &[u8]) -> Option<&[u8]> {
    let mut at = 0usize;
    loop {
        match *clx.get(at)? {
            0x01 => {
                let size = i16::from_le_bytes(clx.get(at + 1..at + 3)?.try_into().ok()?);
                let size = usize::try_from(size).ok()?;
                at += 3 + size;
            }
            0x02 => {
                let lcb = u32_at(clx, at + 1)? as usize;
                return clx.get(at + 5..(at + 5).checked_add(lcb)?);
            }
            _ => return None,
        }
    }
}

/// The text being built: Word's control characters mapped, field codes dropped.
#[derive(Default)]
struct Text {
    out: String,
    /// Bytes pushed so far (the cap's measure).
    len: usize,
    /// One entry per open field: true while in its code (before the separator).
    fields: Vec<bool>,
    /// The last character was a cell mark (two in a row end a table row).
    after_cell: bool,
}

impl Text {
    fn push(&mut self, c: char) {
        let cell = c == '\u{7}';
        match c {
            '\u{13}' => {
                // Field begin: its code follows. Nesting is bounded to keep memory flat.
                if self.fields.len() < 64 {
                    self.fields.push(true);
                }
            }
            '\u{14}' => {
                if let Some(f) = self.fields.last_mut() {
                    *f = false;
                }
            }
            '\u{15}' => {
                self.fields.pop();
            }
            _ if self.fields.iter().any(|&in_code| in_code) => {}
            '\r' | '\u{b}' | '\u{c}' => self.emit('\n'),
            '\u{7}' => {
                if self.after_cell {
                    // End of a table row: the last cell's tab becomes the line break.
                    if self.out.ends_with('\t') {
                        self.out.pop();
                    }
                    self.emit('\n');
                } else {
                    self.emit('\t');
                }
            }
            '\u{1e}' => self.emit('-'),
            '\t' => self.emit('\t'),
            c if (c as u32) < 0x20 => {}
            c => self.emit(c),
        }
        self.after_cell = cell && !self.after_cell;
    }

    fn emit(&mut self, c: char) {
        self.out.push(c);
        self.len += c.len_utf8();
    }

    fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal Word 97 FIB (csw 14, cslw 22, 93 fc/lcb pairs) pointing at a Clx.
    fn fib(table_1: bool, fc_clx: u32, lcb_clx: u32) -> Vec<u8> {
        let mut w = vec![0u8; 0x200];
        w[0..2].copy_from_slice(&WORD97_IDENT.to_le_bytes());
        w[2..4].copy_from_slice(&0x00C1u16.to_le_bytes());
        let flags: u16 = if table_1 { F_WHICH_TBL_STM } else { 0 };
        w[0x0A..0x0C].copy_from_slice(&flags.to_le_bytes());
        w[32..34].copy_from_slice(&14u16.to_le_bytes());
        w[0x3E..0x40].copy_from_slice(&22u16.to_le_bytes());
        w[0x98..0x9A].copy_from_slice(&0x5Du16.to_le_bytes());
        assert_eq!(0x9A + CLX_INDEX * 8, 0x1A2, "fcClx at 0x01A2");
        w[0x1A2..0x1A6].copy_from_slice(&fc_clx.to_le_bytes());
        w[0x1A6..0x1AA].copy_from_slice(&lcb_clx.to_le_bytes());
        w
    }

    /// A piece of text: UTF-16LE, or compressed (8-bit) when it is ASCII and `compress`.
    pub struct Piece<'a> {
        pub text: &'a str,
        pub compress: bool,
    }

    /// The streams of a `.doc` holding the pieces, in order: (WordDocument, 1Table).
    pub fn streams(pieces: &[Piece]) -> (Vec<u8>, Vec<u8>) {
        let mut body = Vec::new();
        let mut cps = vec![0u32];
        let mut pcds = Vec::new();
        for p in pieces {
            let at = 0x200 + body.len() as u32;
            let units: Vec<u16> = p.text.encode_utf16().collect();
            let fc = if p.compress {
                assert!(p.text.is_ascii());
                body.extend_from_slice(p.text.as_bytes());
                (at * 2) | 0x4000_0000
            } else {
                for u in &units {
                    body.extend_from_slice(&u.to_le_bytes());
                }
                at
            };
            cps.push(cps.last().unwrap() + units.len() as u32);
            pcds.extend_from_slice(&0u16.to_le_bytes());
            pcds.extend_from_slice(&fc.to_le_bytes());
            pcds.extend_from_slice(&0u16.to_le_bytes());
        }
        let mut plc: Vec<u8> = cps.iter().flat_map(|c| c.to_le_bytes()).collect();
        plc.extend_from_slice(&pcds);
        // A Prc (formatting) before the Pcdt, as Word writes them.
        let mut clx = vec![0x01, 0x04, 0x00, 0xAA, 0xBB, 0xCC, 0xDD];
        clx.push(0x02);
        clx.extend_from_slice(&(plc.len() as u32).to_le_bytes());
        clx.extend_from_slice(&plc);
        let mut table = vec![0u8; 16];
        let fc_clx = table.len() as u32;
        table.extend_from_slice(&clx);
        let mut word = fib(true, fc_clx, clx.len() as u32);
        word.extend_from_slice(&body);
        (word, table)
    }

    /// A `.doc` compound file holding the pieces.
    pub fn doc_file(pieces: &[Piece]) -> Vec<u8> {
        let (word, table) = streams(pieces);
        let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        cfb.create_stream("WordDocument").unwrap().write_all(&word).unwrap();
        cfb.create_stream("1Table").unwrap().write_all(&table).unwrap();
        cfb.flush().unwrap();
        cfb.into_inner().into_inner()
    }

    #[test]
    fn utf16_and_compressed_pieces_tables_and_fields() {
        let doc = doc_file(&[
            Piece { text: "拟聘用人员名单\r序号\u{7}姓名\u{7}身份证号\u{7}\u{7}", compress: false },
            Piece { text: "1\u{7}", compress: true },
            Piece { text: "张三\u{7}11010519491231002X\u{7}\u{7}", compress: false },
            Piece { text: "See \u{13} HYPERLINK \"http://x\" \u{14}the site\u{15} \u{1}now.\r", compress: true },
        ]);
        let t = doc_text(&doc).unwrap();
        assert_eq!(t, "拟聘用人员名单\n序号\t姓名\t身份证号\n1\t张三\t11010519491231002X\nSee the site now.\n");
    }

    #[test]
    fn table_stream_chosen_by_the_flag_and_bad_fibs_refused() {
        let (mut word, table) = streams(&[Piece { text: "正文\r", compress: false }]);
        assert_eq!(word_text(&word, &table).unwrap(), "正文\n");
        // 0Table when the flag is clear: the file only has 1Table.
        word[0x0B] = 0;
        let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        cfb.create_stream("WordDocument").unwrap().write_all(&word).unwrap();
        cfb.create_stream("1Table").unwrap().write_all(&table).unwrap();
        cfb.flush().unwrap();
        let bytes = cfb.into_inner().into_inner();
        assert_eq!(doc_text(&bytes), None);
        let mut encrypted = word.clone();
        encrypted[0x0B] = 0x03;
        assert_eq!(word_text(&encrypted, &table), None, "encrypted");
        let mut w6 = word.clone();
        w6[0] = 0xDC;
        assert_eq!(word_text(&w6, &table), None, "Word 6/95");
    }

    #[test]
    fn huge_declared_sizes_are_bounded() {
        let (mut word, mut table) = streams(&[Piece { text: "内容\r", compress: false }]);
        // lcbClx beyond the table stream.
        let mut w = word.clone();
        w[0x1A6..0x1AA].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(word_text(&w, &table), None);
        // A piece claiming 4 G characters at the very end of the stream: clipped to what exists.
        let cp1 = 16 + 7 + 5 + 4;
        table[cp1..cp1 + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(word_text(&word, &table).unwrap(), "内容\n");
        // A piece whose fc points past the stream: skipped.
        let fc = cp1 + 4 + 2;
        table[fc..fc + 4].copy_from_slice(&0x3FFF_FFF0u32.to_le_bytes());
        assert_eq!(word_text(&word, &table).unwrap(), "");
        // The FIB's counts far beyond the stream.
        word[32..34].copy_from_slice(&u16::MAX.to_le_bytes());
        assert_eq!(word_text(&word, &table), None);
    }

    #[test]
    fn truncated_and_flipped_files_never_panic() {
        let doc = doc_file(&[
            Piece { text: "关于公布拟录用人员名单的公告\r", compress: false },
            Piece { text: "Name\u{7}ID\u{7}\u{7}\u{13}PAGE\u{14}1\u{15}\r", compress: true },
        ]);
        let (word, table) = streams(&[Piece { text: "张三 110105194912310021\r", compress: false }]);
        for cut in (0..doc.len()).step_by(97).chain([doc.len() - 1]) {
            let _ = doc_text(&doc[..cut]);
        }
        for cut in 0..word.len().max(table.len()) {
            let _ = word_text(&word[..cut.min(word.len())], &table);
            let _ = word_text(&word, &table[..cut.min(table.len())]);
        }
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..300 {
            let mut d = doc.clone();
            let (mut w, mut t) = (word.clone(), table.clone());
            for _ in 0..8 {
                let r = next() as usize;
                d[r % doc.len()] ^= (r >> 32) as u8 | 1;
                w[r % word.len()] ^= (r >> 40) as u8 | 1;
                t[(r >> 8) % table.len()] ^= (r >> 48) as u8 | 1;
            }
            let _ = doc_text(&d);
            let _ = word_text(&w, &t);
        }
        assert_eq!(doc_text(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 garbage"), None);
        assert_eq!(doc_text(b""), None);
    }
}
