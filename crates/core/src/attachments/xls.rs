//! The text of legacy Excel workbooks (`.xls`, BIFF5/BIFF8 in a compound file), with
//! calamine's reader, laid out like XLSX.
//!
//! calamine parses every sheet when the workbook is opened and sizes each sheet's cell grid
//! from the file's own DIMENSIONS record and from the span between its first and last cell,
//! so a tiny file can ask for gigabytes (an allocation failure aborts the process, beyond
//! `catch_unwind`). [`within_caps`] walks the workbook's records first and refuses a file
//! whose sheets would span more than [`MAX_CELLS`] cells or whose sheet offsets point
//! outside the stream; it only lowers the odds, since calamine reads the compound file with
//! its own code: the reader runs in the isolated child all the same.

use std::io::{Cursor, Read};

/// Most cells of all the grids of a workbook together (a full BIFF8 sheet is 16.7 M).
pub const MAX_CELLS: u64 = 4 * 1024 * 1024;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// The workbook stream (`Workbook`, or `Book` for BIFF5), at most `MAX_INPUT` bytes.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let name = ["Workbook", "Book"].into_iter().find(|n| cfb.is_stream(n))?;
    let s = cfb.open_stream(name).ok()?;
    let mut buf = Vec::new();
    s.take(super::MAX_INPUT as u64).read_to_end(&mut buf).ok()?;
    Some(buf)
}

/// The bounding box of the cells of one substream.
#[derive(Default)]
struct Span {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Span {
    fn add(&mut self, row: u32, col: u32) {
        let grow = |r: &mut Option<(u32, u32)>, v: u32| {
            *r = Some(r.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))));
        };
        grow(&mut self.rows, row);
        grow(&mut self.cols, col);
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1),
            _ => 0,
        }
    }
}

/// Whether the workbook's records stay within the caps: every sheet offset inside the
/// stream, every DIMENSIONS record sane, the cell grids together at most [`MAX_CELLS`].
pub(super) fn within_caps(stream: &[u8]) -> bool {
    let mut at = 0usize;
    let mut total = 0u64;
    let mut span: Option<Span> = None;
    let mut depth = 0usize;
    while at + 4 <= stream.len() {
        let (Some(typ), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) else { return false };
        let Some(data) = stream.get(at + 4..at + 4 + len as usize) else { return false };
        at += 4 + len as usize;
        let pos = || Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
        match typ {
            // BOF: a substream begins (the globals, a sheet, or a chart nested in a sheet).
            0x0809 => {
                depth += 1;
                if depth == 1 {
                    span = Some(Span::default());
                }
            }
            // EOF
            0x000A => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    total += span.take().map_or(0, |s| s.cells());
                }
            }
            // BoundSheet8: the sheet's BOF must be inside the stream.
            0x0085 => match u32_at(data, 0) {
                Some(p) if (p as usize) < stream.len() => {}
                _ => return false,
            },
            // DIMENSIONS: calamine reserves rows × columns from it.
            0x0200 => {
                let (rf, rl, cf, cl) = match data.len() {
                    10 => (
                        u32::from(u16_at(data, 0).unwrap_or(0)),
                        u32::from(u16_at(data, 2).unwrap_or(0)),
                        u32::from(u16_at(data, 4).unwrap_or(0)),
                        u32::from(u16_at(data, 6).unwrap_or(0)),
                    ),
                    14 | 16 => (
                        u32_at(data, 0).unwrap_or(0),
                        u32_at(data, 4).unwrap_or(0),
                        u32::from(u16_at(data, 8).unwrap_or(0)),
                        u32::from(u16_at(data, 10).unwrap_or(0)),
                    ),
                    _ => return false,
                };
                let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                if rl >= 1 && cl >= 1 {
                    let (Some(rows), Some(cols)) = ((rl - 1).checked_sub(rf), (cl - 1).checked_sub(cf)) else {
                        return false;
                    };
                    if (u64::from(rows) + 1) * (u64::from(cols) + 1) > MAX_CELLS {
                        return false;
                    }
                }
            }
            // Cells: Number, Label, RString, BoolErr, RK, LabelSst, Formula.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if depth == 1 => {
                if let (Some((row, col)), Some(s)) = (pos(), span.as_mut()) {
                    s.add(row, col);
                }
            }
            // MulRk: a row of cells from the first column to the last.
            0x00BD if depth == 1 => {
                if let (Some((row, first)), Some(last), Some(s)) =
                    (pos(), data.len().checked_sub(2).and_then(|i| u16_at(data, i)), span.as_mut())
                {
                    if u32::from(last) < first {
                        return false;
                    }
                    s.add(row, first);
                    s.add(row, u32::from(last));
                }
            }
            _ => {}
        }
        if total > MAX_CELLS || span.as_ref().is_some_and(|s| total + s.cells() > MAX_CELLS) {
            return false;
        }
    }
    true
}

/// The text of an `.xls` workbook: each sheet under its header line, rows as lines.
pub(super) fn xls_text(bytes: &[u8]) -> Option<String> {
    use calamine::{Reader, Xls};
    if !within_caps(&workbook_stream(bytes)?) {
        return None;
    }
    let mut book: Xls<_> = Xls::new(Cursor::new(bytes)).ok()?;
    let mut out = String::new();
    for name in book.sheet_names() {
        if out.len() > 4 * super::TEXT_CAP {
            break;
        }
        let Ok(range) = book.worksheet_range(&name) else { continue };
        let mut size = 0usize;
        let mut cells = Vec::new();
        for (row, col, v) in range.used_cells() {
            let v = v.to_string();
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            size += v.len() + 1;
            cells.push((row as u32, col as u32, v.replace(['\r', '\n'], " ")));
            if size > 4 * super::TEXT_CAP {
                break;
            }
        }
        super::push_sheet(&mut out, &name, cells);
    }
    Some(out)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::io::Write;

    fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
        out.extend_from_slice(&typ.to_le_bytes());
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
    }

    fn bof(dt: u16) -> Vec<u8> {
        let mut d = 0x0600u16.to_le_bytes().to_vec();
        d.extend_from_slice(&dt.to_le_bytes());
        d.extend_from_slice(&[0; 12]);
        d
    }

    /// An XLUnicodeString (16-bit length, flags, UTF-16LE characters).
    fn xl_string(s: &str) -> Vec<u8> {
        let units: Vec<u16> = s.encode_utf16().collect();
        let mut d = (units.len() as u16).to_le_bytes().to_vec();
        d.push(1);
        d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        d
    }

    /// A cell of a sheet.
    pub enum Cell<'a> {
        Text(u16, u16, &'a str),
        Number(u16, u16, f64),
    }

    /// A BIFF8 workbook stream with the sheets (name, dimensions, cells).
    pub fn workbook(sheets: &[(&str, [u32; 4], &[Cell])]) -> Vec<u8> {
        // The globals, whose BoundSheet8 records hold the sheets' offsets: written twice,
        // the second time with the offsets known.
        let globals = |offsets: &[u32]| {
            let mut g = Vec::new();
            record(&mut g, 0x0809, &bof(0x0005));
            record(&mut g, 0x0042, &1200u16.to_le_bytes());
            for (i, (name, _, _)) in sheets.iter().enumerate() {
                let mut d = offsets.get(i).copied().unwrap_or(0).to_le_bytes().to_vec();
                d.extend_from_slice(&[0, 0]);
                let units: Vec<u16> = name.encode_utf16().collect();
                d.push(units.len() as u8);
                d.push(1);
                d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
                record(&mut g, 0x0085, &d);
            }
            record(&mut g, 0x000A, &[]);
            g
        };
        let mut body = Vec::new();
        let mut offsets = Vec::new();
        let base = globals(&[]).len() as u32;
        for (_, dims, cells) in sheets {
            offsets.push(base + body.len() as u32);
            record(&mut body, 0x0809, &bof(0x0010));
            let mut d = Vec::new();
            d.extend_from_slice(&dims[0].to_le_bytes());
            d.extend_from_slice(&dims[1].to_le_bytes());
            d.extend_from_slice(&(dims[2] as u16).to_le_bytes());
            d.extend_from_slice(&(dims[3] as u16).to_le_bytes());
            d.extend_from_slice(&[0, 0]);
            record(&mut body, 0x0200, &d);
            for c in *cells {
                match c {
                    Cell::Text(r, col, s) => {
                        let mut d = [r.to_le_bytes(), col.to_le_bytes(), 0u16.to_le_bytes()].concat();
                        d.extend_from_slice(&xl_string(s));
                        record(&mut body, 0x0204, &d);
                    }
                    Cell::Number(r, col, v) => {
                        let mut d = [r.to_le_bytes(), col.to_le_bytes(), 0u16.to_le_bytes()].concat();
                        d.extend_from_slice(&v.to_le_bytes());
                        record(&mut body, 0x0203, &d);
                    }
                }
            }
            record(&mut body, 0x000A, &[]);
        }
        let mut stream = globals(&offsets);
        stream.extend_from_slice(&body);
        stream
    }

    /// An `.xls` compound file holding the workbook stream.
    pub fn xls_file(stream: &[u8]) -> Vec<u8> {
        let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        cfb.create_stream("Workbook").unwrap().write_all(stream).unwrap();
        cfb.flush().unwrap();
        cfb.into_inner().into_inner()
    }

    #[test]
    fn cells_rows_and_sheet_names_like_xlsx() {
        let stream = workbook(&[
            (
                "名单",
                [0, 6, 0, 4],
                &[
                    Cell::Text(0, 0, "姓名"),
                    Cell::Text(0, 1, "身份证号"),
                    Cell::Text(0, 2, "电话"),
                    Cell::Text(1, 0, "张三"),
                    Cell::Text(1, 1, "11010519491231002X"),
                    Cell::Number(1, 2, 13812345678.0),
                    Cell::Text(5, 3, "第六\n行"),
                ],
            ),
            ("Sheet2", [0, 1, 0, 1], &[Cell::Number(0, 0, 42.0)]),
        ]);
        assert!(within_caps(&stream));
        let t = xls_text(&xls_file(&stream)).unwrap();
        assert_eq!(
            t,
            "【工作表：名单】\n姓名\t身份证号\t电话\n张三\t11010519491231002X\t13812345678\n第六 行\n【工作表：Sheet2】\n42\n"
        );
    }

    #[test]
    fn huge_grids_are_refused_before_calamine_sees_them() {
        // DIMENSIONS asking for 4 G rows.
        let dims = workbook(&[("a", [0, u32::MAX, 0, 200], &[Cell::Text(0, 0, "x")])]);
        assert!(!within_caps(&dims));
        // DIMENSIONS whose last row is before its first (calamine underflows).
        assert!(!within_caps(&workbook(&[("a", [10, 2, 0, 1], &[])])));
        // Two cells far apart: the grid between them.
        let far = workbook(&[("a", [0, 1, 0, 1], &[Cell::Text(0, 0, "x"), Cell::Text(65535, 255, "y")])]);
        assert!(!within_caps(&far));
        assert_eq!(xls_text(&xls_file(&far)), None);
        // A sheet offset past the stream.
        let mut bad = workbook(&[("a", [0, 1, 0, 1], &[Cell::Text(0, 0, "x")])]);
        let at = bad.windows(2).position(|w| w == [0x85, 0x00]).unwrap() + 4;
        bad[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(!within_caps(&bad));
        // A record running past the end.
        assert!(!within_caps(&[0x09, 0x08, 0xFF, 0xFF, 0x00]));
    }

    #[test]
    fn truncated_and_flipped_workbooks_never_panic_in_the_precheck() {
        let stream = workbook(&[("名单", [0, 2, 0, 2], &[Cell::Text(0, 0, "张三"), Cell::Number(1, 1, 1.0)])]);
        for cut in 0..stream.len() {
            let _ = within_caps(&stream[..cut]);
        }
        let mut seed = 0x0123_4567_89ab_cdefu64;
        for _ in 0..500 {
            let mut s = stream.clone();
            for _ in 0..4 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let i = seed as usize % s.len();
                s[i] ^= (seed >> 32) as u8 | 1;
            }
            let _ = within_caps(&s);
        }
        assert_eq!(xls_text(b"\xD0\xCF\x11\xE0 garbage"), None);
    }
}
