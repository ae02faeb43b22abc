//! The tamper baseline of a page: what is kept of each page so a later run can tell an
//! ordinary publication from tampering. A [`Fingerprint`] holds the normalised text hash of
//! the whole page and of its main text (the article body), a 64-bit SimHash of the main
//! text's character bigrams (FNV-1a, so stable across builds and platforms), the sets of
//! external link hosts, external script sources and hidden-link targets, and a structure
//! signature (the set of element paths such as `body>div.main>ul.list>li`, hashed, so a
//! list growing by one entry keeps its signature while a replaced template does not).

use crate::html::{Document, Link, LinkTag, collapse};
use crate::urlnorm::Scope;
use scraper::{ElementRef, Node};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};

/// Most structure paths kept per page.
const MAX_PATHS: usize = 512;
/// Path depth kept (deeper elements count as their ancestor at this depth).
const MAX_DEPTH: usize = 10;
/// Most ancestors looked at from one text node.
const MAX_WALK: usize = 64;

/// What the baseline keeps of one page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// SHA-256 (first 16 bytes, hex) of the visible text without whitespace and digits.
    pub text_hash: String,
    /// SHA-256 (first 16 bytes, hex) of the main text without whitespace.
    pub body_hash: String,
    /// SimHash of the main text's character bigrams.
    pub simhash: u64,
    /// Page kind (`article`, `list`, `home` …).
    pub kind: String,
    /// Publish date, YYYY-MM-DD.
    pub publish_date: Option<String>,
    /// Origins (`http://host:port/`) of links and frames to other hosts.
    pub link_hosts: BTreeSet<String>,
    /// Script sources on other hosts.
    pub scripts: BTreeSet<String>,
    /// Targets of hidden links (the `hidden_link` findings of the page).
    pub hidden: BTreeSet<String>,
    /// Sorted FNV-1a hashes of the element paths.
    pub structure: Vec<u32>,
}

/// Computes the fingerprint of a parsed page. `hidden` are the targets of its hidden links.
pub fn compute(
    doc: &Document,
    links: &[Link],
    text: &str,
    kind: &str,
    publish_date: Option<String>,
    hidden: impl IntoIterator<Item = String>,
    scope: &Scope,
) -> Fingerprint {
    let mut link_hosts = BTreeSet::new();
    let mut scripts = BTreeSet::new();
    for l in links {
        let Ok(t) = &l.target else { continue };
        if !matches!(t.scheme(), "http" | "https") || scope.is_internal(t) {
            continue;
        }
        match l.tag {
            LinkTag::Script => {
                scripts.insert(t.to_string());
            }
            LinkTag::Anchor | LinkTag::Frame | LinkTag::Refresh => {
                link_hosts.insert(t.origin().ascii_serialization() + "/");
            }
            LinkTag::Resource => {}
        }
    }
    let body = main_text(doc);
    let body = if body.chars().count() >= 40 { body } else { text.to_string() };
    Fingerprint {
        text_hash: hash(text, |c| !c.is_whitespace() && !c.is_ascii_digit()),
        body_hash: hash(&body, |c| !c.is_whitespace()),
        simhash: simhash(&body),
        kind: kind.to_string(),
        publish_date,
        link_hosts,
        scripts,
        hidden: hidden.into_iter().collect(),
        structure: structure(doc),
    }
}

/// The SHA-256 (first 16 bytes, hex) of the UTF-8 of the characters of `text` that `keep`
/// keeps: each run of kept characters is fed to the hasher at once, nothing is collected.
fn hash(text: &str, keep: impl Fn(char) -> bool) -> String {
    let mut h = Sha256::new();
    let mut run = None;
    for (i, c) in text.char_indices() {
        match (keep(c), run) {
            (true, None) => run = Some(i),
            (false, Some(start)) => {
                h.update(&text.as_bytes()[start..i]);
                run = None;
            }
            _ => {}
        }
    }
    if let Some(start) = run {
        h.update(&text.as_bytes()[start..]);
    }
    h.finalize()[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The 64-bit FNV offset basis: the FNV-1a hash of no bytes.
const FNV_BASIS: u64 = 0xcbf2_9ce4_8422_2325;

/// 64-bit FNV-1a.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_from(FNV_BASIS, bytes)
}

/// FNV-1a continued from the hash `h` of some bytes over `bytes`: the hash of both, joined.
fn fnv1a_from(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The SimHash of `text`: every character bigram (whitespace left out) votes on each of the
/// 64 bits with its FNV-1a hash; a bit is set when more bigrams have it set than not.
/// Similar texts have hashes a few bits apart ([`distance`]).
pub fn simhash(text: &str) -> u64 {
    // Per bit: how many bigram hashes have it set; the bit is set where more than half do
    // (the same as +1/−1 votes summing above 0). The counts run as eight packed u8 lanes per
    // hash byte — a 256-entry table spreads a byte's bits over the lanes — and are flushed
    // into u32 counts every 255 bigrams, before a lane can overflow.
    const LANES: [u64; 256] = {
        let mut t = [0u64; 256];
        let mut b = 0;
        while b < 256 {
            let mut j = 0;
            while j < 8 {
                if (b >> j) & 1 == 1 {
                    t[b] |= 1 << (8 * j);
                }
                j += 1;
            }
            b += 1;
        }
        t
    };
    fn flush(acc: &mut [u64; 8], counts: &mut [u32; 64]) {
        for (k, lane) in acc.iter_mut().enumerate() {
            for j in 0..8 {
                counts[8 * k + j] += ((*lane >> (8 * j)) & 0xff) as u32;
            }
            *lane = 0;
        }
    }
    // A bigram's hash continues the hash of its first character over the second's bytes, so
    // each character's own hash is kept for the next bigram: two short independent chains
    // per character instead of one over both, and the bytes are read in place.
    let bytes = text.as_bytes();
    let mut it = text.char_indices().filter(|(_, c)| !c.is_whitespace()).map(|(i, c)| &bytes[i..i + c.len_utf8()]);
    let Some(first) = it.next() else { return fnv1a(bytes) };
    let mut prev = fnv1a(first);
    let mut counts = [0u32; 64];
    let mut acc = [0u64; 8];
    let (mut n, mut pending) = (0u32, 0u32);
    for c in it {
        let h = fnv1a_from(prev, c);
        prev = fnv1a(c);
        for (k, lane) in acc.iter_mut().enumerate() {
            *lane += LANES[((h >> (8 * k)) & 0xff) as usize];
        }
        n += 1;
        pending += 1;
        if pending == 255 {
            flush(&mut acc, &mut counts);
            pending = 0;
        }
    }
    flush(&mut acc, &mut counts);
    if n == 0 {
        return fnv1a(text.as_bytes());
    }
    counts.iter().enumerate().filter(|(_, v)| 2 * **v > n).fold(0u64, |acc, (i, _)| acc | (1 << i))
}

/// Bits in which two SimHashes differ (0: same text, 64: nothing alike).
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// The main text of a page: the element holding the most paragraph text (link text left
/// out), as the article body; the whole text when no element stands out.
pub fn main_text(doc: &Document) -> String {
    // Each text node scores for the parent of its nearest paragraph-like block (links,
    // scripts and styles do not count); ancestor walks are capped so hostile nesting stays linear.
    let mut score: HashMap<ego_tree::NodeId, usize> = HashMap::new();
    let dom = doc.dom();
    for n in dom.root_element().descendants() {
        let Node::Text(t) = n.value() else { continue };
        let len = t.chars().filter(|c| !c.is_whitespace()).count();
        if len == 0 {
            continue;
        }
        for a in n.ancestors().filter_map(ElementRef::wrap).take(MAX_WALK) {
            match a.value().name() {
                "a" | "script" | "style" | "noscript" | "button" | "select" => break,
                "p" | "td" | "pre" | "li" | "section" => {
                    if let Some(parent) = a.parent().and_then(ElementRef::wrap) {
                        *score.entry(parent.id()).or_default() += len;
                    }
                    break;
                }
                _ => {}
            }
        }
    }
    // Containers named like an article body count triple; page furniture (footer, navigation,
    // sidebars) does not count.
    let best = score
        .into_iter()
        .filter_map(|(id, n)| dom.tree.get(id).and_then(ElementRef::wrap).map(|el| (el, n * hint(el))))
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(el, n)| (*n, std::cmp::Reverse(el.id())));
    match best {
        Some((el, _)) => collapse(&own_text(el)),
        None => String::new(),
    }
}

/// 3 for a container named like an article body, 0 inside page furniture, else 1.
fn hint(el: ElementRef<'_>) -> usize {
    const BODY: &[&str] = &["content", "article", "zoom", "detail", "trs_editor", "text", "main", "body", "cont"];
    const FURNITURE: &[&str] = &["foot", "copyright", "bottom", "nav", "menu", "header", "sidebar", "side", "friend"];
    let name = |e: &ElementRef<'_>| {
        let v = e.value();
        format!("{} {} {}", v.name(), v.id().unwrap_or(""), v.classes().collect::<Vec<_>>().join(" "))
            .to_ascii_lowercase()
    };
    let chain: Vec<String> =
        std::iter::once(el).chain(el.ancestors().filter_map(ElementRef::wrap)).take(6).map(|e| name(&e)).collect();
    if chain.iter().any(|n| n.split([' ', '-', '_']).any(|w| FURNITURE.iter().any(|f| w.starts_with(f)))) {
        return 0;
    }
    let own = &chain[0];
    if BODY.iter().any(|b| own.split(' ').skip(1).any(|w| w.contains(b))) { 3 } else { 1 }
}

/// Text of an element without the text of its links, scripts and styles.
fn own_text(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    let mut stack: Vec<ego_tree::NodeRef<'_, Node>> = el.children().collect();
    stack.reverse();
    while let Some(n) = stack.pop() {
        match n.value() {
            Node::Text(t) => {
                out.push_str(t);
                out.push(' ');
            }
            Node::Element(e) if matches!(e.name(), "a" | "script" | "style" | "noscript") => {}
            _ => stack.extend(n.children().rev()),
        }
    }
    out
}

/// The structure signature: hashes of the distinct element paths (tag and first class, joined
/// by `>`), the tree walked top-down; a child's path hash continues its parent's (FNV-1a), so
/// no path is ever spelled out.
fn structure(doc: &Document) -> Vec<u32> {
    let mut paths = BTreeSet::new();
    let root = doc.dom().root_element();
    let mut stack: Vec<(ElementRef<'_>, usize, u64)> = vec![(root, 1, step(FNV_BASIS, root))];
    while let Some((el, depth, path)) = stack.pop() {
        paths.insert(path as u32);
        if paths.len() >= MAX_PATHS {
            break;
        }
        if depth >= MAX_DEPTH {
            continue;
        }
        for child in el.children().filter_map(ElementRef::wrap) {
            stack.push((child, depth + 1, step(fnv1a_from(path, b">"), child)));
        }
    }
    paths.into_iter().collect()
}

/// Continues the path hash `h` over an element's step: `name` or `name.first-class`.
fn step(h: u64, el: ElementRef<'_>) -> u64 {
    let e = el.value();
    let h = fnv1a_from(h, e.name().as_bytes());
    match e.classes().next() {
        Some(c) => fnv1a_from(fnv1a_from(h, b"."), c.as_bytes()),
        None => h,
    }
}

/// Jaccard similarity of two structure signatures (1.0: the same element paths).
pub fn structure_similarity(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let a: BTreeSet<_> = a.iter().collect();
    let b: BTreeSet<_> = b.iter().collect();
    let inter = a.intersection(&b).count() as f64;
    let union = a.union(&b).count() as f64;
    inter / union
}

#[cfg(test)]
mod tests {
    use super::*;
    use url::Url;

    fn fp(html: &str) -> Fingerprint {
        let home = Url::parse("http://www.bj.gov.cn/").unwrap();
        let d = Document::parse(html, &Url::parse("http://www.bj.gov.cn/a/t1.html").unwrap());
        compute(&d, &d.links(), &d.text(), "article", Some("2026-11-20".into()), Vec::new(), &Scope::new(&home, &[]))
    }

    #[test]
    fn fnv_and_simhash_are_stable() {
        assert_eq!(fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
        let a = simhash("滨江市新增3个省级未来社区创建项目，涵盖城市更新和新建两种类型。");
        assert_eq!(a, simhash("滨江市新增3个省级未来社区创建项目，涵盖城市更新和新建两种类型。"));
        let small = simhash("滨江市新增4个省级未来社区创建项目，涵盖城市更新和新建两种类型。");
        let other = simhash("澳门皇冠娱乐城在线博彩真人荷官百家乐体育投注注册即送彩金，欢迎光临。");
        assert!(distance(a, small) < distance(a, other), "{} {}", distance(a, small), distance(a, other));
        assert!(distance(a, other) > 15);
    }

    #[test]
    fn main_text_is_the_body_not_the_sidebar() {
        let html = "<div class=nav><a href=/>首页</a></div><div class=content><p>第一段正文内容，讲述了会议情况。</p>\
                    <p>第二段正文内容。</p></div><ul class=related><li><a href=/x>相关文章一</a></li></ul>";
        let d = Document::parse(html, &Url::parse("http://www.bj.gov.cn/").unwrap());
        assert_eq!(main_text(&d), "第一段正文内容，讲述了会议情况。 第二段正文内容。");
        let footer_heavy = "<div class=content id=zoom><p>短短的正文。</p></div><div class=footer><p>主办单位：某某市人民政府办公室 承办单位：某某中心</p>\
                            <p>地址：某某市某某大道1号 邮编：311200 联系电话：0571-87000001</p></div>";
        let d = Document::parse(footer_heavy, &Url::parse("http://www.bj.gov.cn/").unwrap());
        assert_eq!(main_text(&d), "短短的正文。");
    }

    #[test]
    fn fingerprints_see_hosts_scripts_and_keep_structure_for_longer_lists() {
        let a = fp("<ul class=list><li><a href=/1>一</a></li></ul><a href='http://shop.example.com/x'>商城</a>\
                    <script src='http://127.0.0.6:81/tj.js'></script><script src='/js/a.js'></script>");
        assert_eq!(a.link_hosts, BTreeSet::from(["http://shop.example.com/".to_string()]));
        assert_eq!(a.scripts, BTreeSet::from(["http://127.0.0.6:81/tj.js".to_string()]));
        let b = fp(
            "<ul class=list><li><a href=/1>一</a></li><li><a href=/2>二</a></li></ul><a href='http://shop.example.com/x'>商城</a>\
                    <script src='http://127.0.0.6:81/tj.js'></script><script src='/js/a.js'></script>",
        );
        assert_eq!(a.structure, b.structure);
        assert_ne!(a.text_hash, b.text_hash);
        let c = fp("<h1>Hacked by nobody</h1><marquee>owned</marquee><table><tr><td>x</td></tr></table>");
        assert!(structure_similarity(&a.structure, &c.structure) < 0.5);
    }

    /// The vote-based SimHash this module used first: stored baselines must not change.
    fn simhash_votes(text: &str) -> u64 {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        if chars.len() < 2 {
            return fnv1a(text.as_bytes());
        }
        let mut votes = [0i64; 64];
        let mut buf = [0u8; 8];
        for w in chars.windows(2) {
            let a = w[0].encode_utf8(&mut buf).len();
            let b = w[1].encode_utf8(&mut buf[a..]).len();
            let h = fnv1a(&buf[..a + b]);
            for (i, v) in votes.iter_mut().enumerate() {
                *v += if (h >> i) & 1 == 1 { 1 } else { -1 };
            }
        }
        votes.iter().enumerate().filter(|(_, v)| **v > 0).fold(0u64, |acc, (i, _)| acc | (1 << i))
    }

    #[test]
    fn text_hashes_are_unchanged_from_hashing_the_collected_string() {
        let long = "滨江市人民政府 关于做好冬季安全生产工作的通知 2026\n".repeat(200);
        let digits = |c: char| !c.is_whitespace() && !c.is_ascii_digit();
        let space = |c: char| !c.is_whitespace();
        for t in ["", "a", " ", "政 府", "  12 第3号\u{3000}文件 ", long.as_str()] {
            for keep in [&space as &dyn Fn(char) -> bool, &digits] {
                let s: String = t.chars().filter(|&c| keep(c)).collect();
                let want: String = Sha256::digest(s.as_bytes())[..16].iter().map(|b| format!("{b:02x}")).collect();
                assert_eq!(hash(t, keep), want, "{t:?}");
            }
        }
    }

    /// The structure signature built from spelled-out paths, as first written.
    fn structure_spelled(doc: &Document) -> Vec<u32> {
        fn step(el: ElementRef<'_>) -> String {
            let e = el.value();
            match e.classes().next() {
                Some(c) => format!("{}.{c}", e.name()),
                None => e.name().to_string(),
            }
        }
        let mut paths = BTreeSet::new();
        let root = doc.dom().root_element();
        let mut stack: Vec<(ElementRef<'_>, usize, String)> = vec![(root, 1, step(root))];
        while let Some((el, depth, path)) = stack.pop() {
            paths.insert(fnv1a(path.as_bytes()) as u32);
            if paths.len() >= MAX_PATHS {
                break;
            }
            if depth >= MAX_DEPTH {
                continue;
            }
            for child in el.children().filter_map(ElementRef::wrap) {
                stack.push((child, depth + 1, format!("{path}>{}", step(child))));
            }
        }
        paths.into_iter().collect()
    }

    #[test]
    fn structure_is_unchanged_from_spelled_out_paths() {
        let deep = "<div class=a>".repeat(30) + "x" + &"</div>".repeat(30);
        let wide: String = (0..700).map(|i| format!("<p class=c{i}><span>{i}</span></p>")).collect();
        for html in [
            "",
            "<ul class='list main'><li><a href=/1>一</a></li></ul><div id=x class=content><p>正文</p></div>",
            deep.as_str(),
            wide.as_str(),
        ] {
            let d = Document::parse(html, &Url::parse("http://www.bj.gov.cn/").unwrap());
            assert_eq!(structure(&d), structure_spelled(&d), "{html:.60}");
        }
    }

    #[test]
    fn simhash_is_unchanged_from_the_vote_formulation() {
        for t in [
            "",
            "政",
            "政府",
            "滨江市人民政府 关于做好冬季安全生产工作的通知",
            "ab cd\nef",
            &"要闻动态".repeat(300),
            &"政".repeat(256),
            &"府".repeat(511),
        ] {
            assert_eq!(simhash(t), simhash_votes(t), "{t:?}");
        }
    }
}
