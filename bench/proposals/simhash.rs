// A proposal for crates/core/src/fingerprint.rs::simhash, measured here, not applied:
// `rustc -C opt-level=3 bench/proposals/simhash.rs -o /tmp/simhash && /tmp/simhash`.
// `simhash` is the code at 039ec27; `simhash2` and `simhash3` give bit-identical results.
use std::time::Instant;
fn fnv1a(b: &[u8]) -> u64 { let mut h: u64 = 0xcbf29ce484222325; for x in b { h ^= *x as u64; h = h.wrapping_mul(0x100000001b3); } h }
pub fn simhash(text: &str) -> u64 {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() < 2 { return fnv1a(text.as_bytes()); }
    let mut votes = [0i64; 64];
    let mut buf = [0u8; 8];
    for w in chars.windows(2) {
        let a = w[0].encode_utf8(&mut buf).len();
        let b = w[1].encode_utf8(&mut buf[a..]).len();
        let h = fnv1a(&buf[..a + b]);
        for (i, v) in votes.iter_mut().enumerate() { if (h >> i) & 1 == 1 { *v += 1; } else { *v -= 1; } }
    }
    votes.iter().enumerate().filter(|(_, v)| **v > 0).fold(0u64, |acc, (i, _)| acc | (1 << i))
}
/// Same result: count set bits per position (branch-free, vectorisable), set the bit where
/// more than half of the bigrams have it; no Vec<char>.
pub fn simhash2(text: &str) -> u64 {
    let mut it = text.chars().filter(|c| !c.is_whitespace());
    let Some(mut prev) = it.next() else { return fnv1a(text.as_bytes()) };
    let mut counts = [0u32; 64];
    let mut n: u32 = 0;
    let mut buf = [0u8; 8];
    for c in it {
        let a = prev.encode_utf8(&mut buf).len();
        let b = c.encode_utf8(&mut buf[a..]).len();
        let h = fnv1a(&buf[..a + b]);
        for (i, v) in counts.iter_mut().enumerate() { *v += ((h >> i) & 1) as u32; }
        n += 1;
        prev = c;
    }
    if n == 0 { return fnv1a(text.as_bytes()); }
    counts.iter().enumerate().filter(|(_, v)| 2 * **v > n).fold(0u64, |acc, (i, _)| acc | (1 << i))
}
/// Same result: per-bit counts kept as eight packed u8 lanes per hash byte (a 256-entry
/// table spreads a byte's bits over eight lanes), flushed every 255 bigrams.
pub fn simhash3(text: &str) -> u64 {
    static LUT: std::sync::OnceLock<[u64; 256]> = std::sync::OnceLock::new();
    let lut = LUT.get_or_init(|| { let mut t = [0u64; 256]; for b in 0..256usize { for j in 0..8 { if b >> j & 1 == 1 { t[b] |= 1 << (8 * j); } } } t });
    let mut it = text.chars().filter(|c| !c.is_whitespace());
    let Some(mut prev) = it.next() else { return fnv1a(text.as_bytes()) };
    let mut counts = [0u32; 64];
    let mut acc = [0u64; 8];
    let (mut n, mut pending) = (0u32, 0u32);
    let mut buf = [0u8; 8];
    let flush = |acc: &mut [u64; 8], counts: &mut [u32; 64]| {
        for k in 0..8 { for j in 0..8 { counts[8 * k + j] += ((acc[k] >> (8 * j)) & 0xff) as u32; } acc[k] = 0; }
    };
    for c in it {
        let a = prev.encode_utf8(&mut buf).len();
        let b = c.encode_utf8(&mut buf[a..]).len();
        let h = fnv1a(&buf[..a + b]);
        for k in 0..8 { acc[k] += lut[((h >> (8 * k)) & 0xff) as usize]; }
        n += 1; pending += 1; prev = c;
        if pending == 255 { flush(&mut acc, &mut counts); pending = 0; }
    }
    flush(&mut acc, &mut counts);
    if n == 0 { return fnv1a(text.as_bytes()); }
    counts.iter().enumerate().filter(|(_, v)| 2 * **v > n).fold(0u64, |acc, (i, _)| acc | (1 << i))
}
fn main() {
    let para = "为深入贯彻落实党中央、国务院决策部署，进一步加强和改进政府网站建设管理工作，切实提升政府网站的权威性、准确性和时效性，现将有关事项通知如下。各地区、各部门要高度重视，明确责任分工，加强统筹协调，确保各项工作落到实处，并于每季度末报送工作进展情况。";
    let mut texts = Vec::new();
    for i in 0..200 { let mut s = String::new(); for k in 0..62 { s.push_str(&format!("（{k}）第{i}号文件。")); s.push_str(para); s.push('\n'); } texts.push(s); }
    println!("chars per text: {}", texts[0].chars().count());
    for t in &texts { assert_eq!(simhash(t), simhash2(t)); assert_eq!(simhash(t), simhash3(t)); }
    for (name, f) in [("today", simhash as fn(&str) -> u64), ("counts", simhash2), ("swar", simhash3)] {
        let t0 = Instant::now(); let mut x = 0u64;
        for _ in 0..5 { for t in &texts { x ^= f(t); } }
        println!("{name}: {:.3} ms per page ({x:x})", t0.elapsed().as_secs_f64() * 1000.0 / 1000.0);
    }
}
