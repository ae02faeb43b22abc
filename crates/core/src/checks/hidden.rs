//! `hidden_link` (暗链): links a visitor cannot see. The page's own CSS is evaluated without a
//! browser: inline `style` attributes and the rules of its `<style>` blocks matched to the
//! elements (any selector `scraper` understands: tag, class, id, descendant, attribute …;
//! rules inside `@media` and other at-rules are left out, since they apply only sometimes).
//! An element is hidden by `display:none` or the `hidden` attribute, `visibility:hidden`,
//! off-screen positioning (`position:absolute|fixed` beyond −500px, `text-indent` far
//! negative without a background image, large negative margins or translations), zero size
//! with `overflow:hidden` or a zero `clip`, tiny or transparent text, `opacity:0`, text in
//! the background colour, or a `<marquee>` squeezed to nothing. Links written by
//! `document.write` are reported as `script_written` (the spam is absent from the HTML).
//!
//! Precision (a veto-adjacent finding, so rather miss than accuse): only links that leave
//! for a host that is neither government nor approved in the register count, or links of
//! any target whose text carries gambling or pornography words; a hidden link whose target
//! is also linked visibly on the page (a hidden mobile menu, a dropdown) is allowed; rules
//! revealed by `:hover`/`:focus` (dropdowns, skip links) do not hide.

use super::links::{GAMBLING, PORN};
use super::page::{Page, PageContext};
use crate::approval::Coverage;
use crate::finding::{Finding, Kind, Severity, cap_chars};
use crate::html::{Document, collapse};
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};
use std::collections::{BTreeSet, HashMap, HashSet};
use url::Url;

/// Most stylesheet rules evaluated per page (a hostile page may carry megabytes of CSS).
const MAX_RULES: usize = 2000;
/// Most ancestors looked at from one link (hostile nesting stays linear).
const MAX_CHAIN: usize = 256;

/// Properties that can hide something; other declarations are not kept.
const PROPS: &[&str] = &[
    "display",
    "visibility",
    "position",
    "left",
    "top",
    "right",
    "bottom",
    "text-indent",
    "margin-left",
    "margin-top",
    "width",
    "height",
    "max-height",
    "max-width",
    "overflow",
    "clip",
    "clip-path",
    "font-size",
    "opacity",
    "color",
    "background",
    "background-color",
    "background-image",
    "transform",
];

/// The declared styles of a page's elements (stylesheet rules in order, inline last).
pub struct Styles {
    decls: HashMap<NodeId, Vec<(String, String, String)>>,
    revealed: HashSet<NodeId>,
}

impl Styles {
    /// Evaluates the page's `<style>` blocks and inline styles.
    pub fn of(dom: &Html) -> Styles {
        let mut decls: HashMap<NodeId, Vec<(String, String, String)>> = HashMap::new();
        let mut revealed = HashSet::new();
        let style_sel = Selector::parse("style").expect("static selector");
        let css: String = dom.select(&style_sel).map(|s| s.text().collect::<String>() + "\n").collect();
        for (selectors, body) in css_rules(&css).into_iter().take(MAX_RULES) {
            let ds = declarations(&body);
            // Only rules that can hide (or reveal) on their own are matched: ordinary layout
            // CSS costs nothing. Companion declarations of such a rule are kept with it.
            let interactive_sel = selectors.contains(':');
            let color = ds.iter().find(|(p, _)| p == "color").map(|(_, v)| normalize_color(v));
            let same_colors = color.is_some_and(|c| {
                ds.iter().any(|(p, v)| {
                    (p == "background-color" && normalize_color(v) == c)
                        || (p == "background" && bare_color(v) == Some(c.clone()))
                })
            });
            let keep = same_colors
                || ds.iter().any(|(p, v)| hides(p, v) || p == "visibility" || (interactive_sel && shows(p, v)));
            if !keep {
                continue;
            }
            for raw in selectors.split(',') {
                let raw = raw.trim();
                if raw.is_empty() || raw.contains("::") || raw.contains(":before") || raw.contains(":after") {
                    continue;
                }
                let (plain, interactive) = strip_interactive(raw);
                let Ok(sel) = Selector::parse(&plain) else { continue };
                let source = format!("{raw}{{{}}}", cap_chars(body.trim(), 80));
                for el in dom.select(&sel) {
                    if interactive {
                        if ds.iter().any(|(p, v)| shows(p, v)) {
                            revealed.insert(el.id());
                        }
                    } else {
                        let entry = decls.entry(el.id()).or_default();
                        entry.extend(ds.iter().map(|(p, v)| (p.clone(), v.clone(), source.clone())));
                    }
                }
            }
        }
        for el in dom.root_element().descendants().filter_map(ElementRef::wrap) {
            if let Some(style) = el.value().attr("style") {
                let ds = declarations(style);
                if !ds.is_empty() {
                    let source = format!("style=\"{}\"", cap_chars(style.trim(), 80));
                    let entry = decls.entry(el.id()).or_default();
                    entry.extend(ds.into_iter().map(|(p, v)| (p, v, source.clone())));
                }
            }
        }
        Styles { decls, revealed }
    }

    /// The last declared value of `prop` on `el`, with where it was declared.
    fn get(&self, el: &ElementRef<'_>, prop: &str) -> Option<(&str, &str)> {
        self.decls
            .get(&el.id())
            .and_then(|d| d.iter().rev().find(|(p, _, _)| p == prop))
            .map(|(_, v, s)| (v.as_str(), s.as_str()))
    }

    /// Why `el` cannot be seen: (subtype, what hides it), if it cannot.
    pub fn hidden(&self, el: ElementRef<'_>) -> Option<(&'static str, String)> {
        let chain: Vec<ElementRef<'_>> =
            std::iter::once(el).chain(el.ancestors().filter_map(ElementRef::wrap)).take(MAX_CHAIN).collect();
        let describe = |e: &ElementRef<'_>, src: &str| format!("<{}> {}", e.value().name(), src);
        // display:none, the hidden attribute
        for e in &chain {
            if self.revealed.contains(&e.id()) {
                continue;
            }
            if e.value().attr("hidden").is_some() {
                return Some(("display_none", format!("<{} hidden>", e.value().name())));
            }
            if let Some((v, src)) = self.get(e, "display")
                && v.starts_with("none")
            {
                return Some(("display_none", describe(e, src)));
            }
        }
        // visibility: the nearest declaration decides (a child may be made visible again)
        for e in &chain {
            if let Some((v, src)) = self.get(e, "visibility") {
                if (v.starts_with("hidden") || v.starts_with("collapse")) && !self.revealed.contains(&e.id()) {
                    return Some(("visibility_hidden", describe(e, src)));
                }
                break;
            }
        }
        // off screen
        for e in &chain {
            if self.revealed.contains(&e.id()) {
                continue;
            }
            let positioned =
                self.get(e, "position").is_some_and(|(v, _)| v.starts_with("absolute") || v.starts_with("fixed"));
            if positioned {
                for side in ["left", "top"] {
                    if let Some((v, src)) = self.get(e, side)
                        && length(v).is_some_and(|n| n <= -500.0)
                    {
                        return Some(("offscreen", describe(e, src)));
                    }
                }
                for side in ["right", "bottom"] {
                    if let Some((v, src)) = self.get(e, side)
                        && length(v).is_some_and(|n| n <= -3000.0)
                    {
                        return Some(("offscreen", describe(e, src)));
                    }
                }
            }
            for prop in ["margin-left", "margin-top"] {
                if let Some((v, src)) = self.get(e, prop)
                    && length(v).is_some_and(|n| n <= -1000.0)
                {
                    return Some(("offscreen", describe(e, src)));
                }
            }
            if let Some((v, src)) = self.get(e, "text-indent")
                && length(v).is_some_and(|n| n <= -500.0)
                && !self.has_background_image(e)
            {
                return Some(("offscreen", describe(e, src)));
            }
            if let Some((v, src)) = self.get(e, "transform")
                && translate_far(v)
            {
                return Some(("offscreen", describe(e, src)));
            }
        }
        // zero size
        for e in &chain {
            let overflow_hidden =
                self.get(e, "overflow").is_some_and(|(v, _)| v.starts_with("hidden") || v.starts_with("clip"));
            if overflow_hidden {
                for prop in ["height", "width", "max-height", "max-width"] {
                    if let Some((v, src)) = self.get(e, prop)
                        && length(v).is_some_and(|n| n <= 1.0)
                    {
                        return Some(("zero_size", describe(e, src)));
                    }
                }
            }
            if let Some((v, src)) = self.get(e, "clip")
                && zero_clip(v)
            {
                return Some(("zero_size", describe(e, src)));
            }
            if let Some((v, src)) = self.get(e, "clip-path")
                && (v.contains("inset(50%") || v.contains("inset(100%"))
            {
                return Some(("zero_size", describe(e, src)));
            }
            if matches!(e.value().name(), "iframe" | "frame" | "img" | "object" | "embed") {
                let w = e.value().attr("width").and_then(length);
                let h = e.value().attr("height").and_then(length);
                if w.is_some_and(|w| w <= 1.0) || h.is_some_and(|h| h <= 1.0) {
                    return Some(("zero_size", format!("<{} width/height 0>", e.value().name())));
                }
            }
        }
        // opacity, tiny or transparent text, text in the background colour, marquee tricks
        for e in &chain {
            if let Some((v, src)) = self.get(e, "opacity")
                && v.trim().parse::<f32>().is_ok_and(|o| o <= 0.05)
            {
                return Some(("other", describe(e, src)));
            }
        }
        if let Some((e, v, src)) = self.nearest(&chain, "font-size")
            && length(v).is_some_and(|n| n < 3.0)
        {
            return Some(("other", describe(e, src)));
        }
        if let Some((e, color, src)) = self.nearest(&chain, "color") {
            let color = normalize_color(color);
            if color == "transparent" || color.starts_with("rgba(0,0,0,0)") {
                return Some(("other", describe(e, src)));
            }
            let background = chain.iter().find_map(|e| {
                self.get(e, "background-color")
                    .map(|(v, _)| normalize_color(v))
                    .or_else(|| self.get(e, "background").and_then(|(v, _)| bare_color(v)))
            });
            if background.is_some_and(|b| b == color && b != "transparent") {
                return Some(("other", format!("{} (文字颜色与背景色相同)", describe(e, src))));
            }
        }
        for e in &chain {
            if e.value().name() == "marquee" {
                let m = e.value();
                let h =
                    m.attr("height").and_then(length).or_else(|| self.get(e, "height").and_then(|(v, _)| length(v)));
                let w = m.attr("width").and_then(length).or_else(|| self.get(e, "width").and_then(|(v, _)| length(v)));
                let speed = m.attr("scrollamount").and_then(|s| s.trim().parse::<f32>().ok());
                if h.is_some_and(|h| h <= 3.0) || w.is_some_and(|w| w <= 3.0) || speed.is_some_and(|s| s >= 500.0) {
                    return Some(("other", "<marquee> 高度/宽度为零或滚动极快".to_string()));
                }
            }
        }
        None
    }

    fn nearest<'e>(&self, chain: &'e [ElementRef<'e>], prop: &str) -> Option<(&'e ElementRef<'e>, &str, &str)> {
        chain.iter().find_map(|e| self.get(e, prop).map(|(v, s)| (e, v, s)))
    }

    fn has_background_image(&self, e: &ElementRef<'_>) -> bool {
        self.get(e, "background-image").is_some_and(|(v, _)| v.contains("url("))
            || self.get(e, "background").is_some_and(|(v, _)| v.contains("url("))
    }
}

/// Runs the check on one page.
pub fn check(page: &Page<'_>, ctx: &PageContext) -> Vec<Finding> {
    hidden_links(page.doc, ctx).into_iter().map(|h| h.finding(page.doc.url.as_str())).collect()
}

/// One hidden link found on a page.
#[derive(Debug, Clone)]
pub struct Hidden {
    /// The link's target.
    pub target: String,
    /// The subtype (`display_none`, …, `script_written`).
    pub subtype: &'static str,
    /// The link as written.
    pub snippet: String,
    /// What hides it.
    pub why: String,
}

impl Hidden {
    fn finding(&self, source: &str) -> Finding {
        let zh = match self.subtype {
            "display_none" => "display:none 隐藏",
            "visibility_hidden" => "visibility:hidden 隐藏",
            "offscreen" => "定位到屏幕之外",
            "zero_size" => "尺寸为零",
            "script_written" => "由脚本 document.write 写入",
            _ => "文字透明、过小或与背景同色",
        };
        Finding::new(
            Kind::HiddenLink,
            Severity::High,
            &self.target,
            format!("暗链：{zh}的外部链接 / hidden link ({})", self.subtype),
        )
        .subtype(self.subtype)
        .source(source)
        .evidence(format!("{} · {}", self.snippet, self.why))
    }
}

/// Every hidden link of a page that counts (see the module doc), one per target.
pub fn hidden_links(doc: &Document, ctx: &PageContext) -> Vec<Hidden> {
    let dom = doc.dom();
    let styles = Styles::of(dom);
    let sel = Selector::parse("a[href], area[href], iframe[src], frame[src]").expect("static selector");
    let mut visible: HashSet<String> = HashSet::new();
    let mut candidates: Vec<Hidden> = Vec::new();
    for el in dom.select(&sel) {
        if el
            .ancestors()
            .filter_map(ElementRef::wrap)
            .take(MAX_CHAIN)
            .any(|a| matches!(a.value().name(), "noscript" | "template"))
        {
            continue;
        }
        let attr = if matches!(el.value().name(), "a" | "area") { "href" } else { "src" };
        let Some(href) = el.value().attr(attr) else { continue };
        let Ok(target) = crate::urlnorm::resolve(&doc.base, href) else { continue };
        let text = collapse(&el.text().collect::<String>());
        match styles.hidden(el) {
            None => {
                visible.insert(target.to_string());
            }
            Some((subtype, why)) => {
                if counts(&target, &text, ctx) {
                    let name = el.value().name();
                    let snippet =
                        format!("<{name} {attr}=\"{}\">{}</{name}>", cap_chars(href, 120), cap_chars(&text, 40));
                    candidates.push(Hidden { target: target.to_string(), subtype, snippet, why });
                }
            }
        }
    }
    for (target, text, fragment) in written_links(doc) {
        if counts(&target, &text, ctx) {
            let snippet = format!("document.write('{}')", cap_chars(&fragment, 120));
            candidates.push(Hidden {
                target: target.to_string(),
                subtype: "script_written",
                snippet,
                why: "链接不在网页源代码中，由脚本写入".into(),
            });
        }
    }
    let mut seen = BTreeSet::new();
    candidates.retain(|h| !visible.contains(&h.target) && seen.insert(h.target.clone()));
    candidates
}

/// Whether a hidden link to `target` with `text` is worth reporting.
fn counts(target: &Url, text: &str, ctx: &PageContext) -> bool {
    if spam_words(text).is_some() {
        return true;
    }
    if !matches!(target.scheme(), "http" | "https") || ctx.scope.is_internal(target) {
        return false;
    }
    !ctx.register.is_government(target) && !matches!(ctx.register.coverage(target, ctx.as_of), Coverage::Approved(_))
}

/// The first gambling or pornography word in `text`, if any.
pub fn spam_words(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    GAMBLING.iter().chain(PORN.iter()).find(|w| lower.contains(*w)).copied()
}

/// Links inside HTML that inline scripts write (`document.write`, `innerHTML`): (target,
/// anchor text, the written fragment).
pub fn written_links(doc: &Document) -> Vec<(Url, String, String)> {
    let mut out = Vec::new();
    for html in written_html(doc) {
        let frag = Html::parse_fragment(&html);
        let a = Selector::parse("a[href]").expect("static selector");
        for el in frag.select(&a) {
            let Some(href) = el.value().attr("href") else { continue };
            if let Ok(u) = crate::urlnorm::resolve(&doc.base, href) {
                out.push((u, collapse(&el.text().collect::<String>()), html.clone()));
            }
        }
    }
    out
}

/// The HTML strings inline scripts write into the page (string literals of scripts that call
/// `document.write`/`writeln` or set `innerHTML`, unescaped and joined).
pub fn written_html(doc: &Document) -> Vec<String> {
    let sel = Selector::parse("script:not([src])").expect("static selector");
    let mut out = Vec::new();
    for s in doc.dom().select(&sel) {
        let js: String = s.text().collect();
        if !(js.contains("document.write") || js.contains("innerHTML") || js.contains("insertAdjacentHTML")) {
            continue;
        }
        let joined: String = string_literals(&js).join("");
        let joined = if joined.to_ascii_lowercase().contains("%3c") { percent_decode(&joined) } else { joined };
        if joined.contains('<') {
            out.push(cap_chars(&joined, 20_000));
        }
    }
    out
}

/// The string literals of a script, with `\'`, `\"`, `\/`, `\xNN` and `\uNNNN` unescaped.
pub fn string_literals(js: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = js.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '"' && c != '\'' && c != '`' {
            continue;
        }
        let quote = c;
        let mut s = String::new();
        while let Some(c) = chars.next() {
            if c == quote {
                break;
            }
            if c == '\n' && quote != '`' {
                break;
            }
            if c == '\\' {
                match chars.next() {
                    Some('x') => {
                        let h: String = chars.by_ref().take(2).collect();
                        if let Some(ch) = u32::from_str_radix(&h, 16).ok().and_then(char::from_u32) {
                            s.push(ch);
                        }
                    }
                    Some('u') => {
                        let h: String = chars.by_ref().take(4).collect();
                        if let Some(ch) = u32::from_str_radix(&h, 16).ok().and_then(char::from_u32) {
                            s.push(ch);
                        }
                    }
                    Some('n') => s.push('\n'),
                    Some(other) => s.push(other),
                    None => break,
                }
            } else {
                s.push(c);
            }
        }
        out.push(s);
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The rules of a stylesheet outside at-rule blocks: (selector list, declaration block).
/// The delimiters are ASCII, so the text between two of them is sliced, not copied a
/// character at a time (pages carry stylesheets of tens of kilobytes).
fn css_rules(css: &str) -> Vec<(String, String)> {
    let css = strip_comments(css);
    let mut out: Vec<(String, String)> = Vec::new();
    let mut depth = 0usize;
    let mut skip_depth: Option<usize> = None;
    // Where the text since the last delimiter (`{`, `}`, a top-level `;`) starts.
    let mut seg = 0;
    for (i, b) in css.bytes().enumerate() {
        if !matches!(b, b'{' | b'}' | b';') {
            continue;
        }
        let text = &css[seg..i];
        match b {
            b'{' => {
                if skip_depth.is_none() && depth == 0 && text.trim_start().starts_with('@') {
                    skip_depth = Some(depth);
                }
                if skip_depth.is_none() {
                    out.push((text.trim().to_string(), String::new()));
                }
                depth += 1;
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                if skip_depth.is_none() {
                    if let Some(last) = out.last_mut() {
                        last.1 = text.to_string();
                    }
                } else if skip_depth == Some(depth) {
                    skip_depth = None;
                }
            }
            _ if depth == 0 => {}
            _ => continue,
        }
        seg = i + 1;
        if out.len() > MAX_RULES {
            break;
        }
    }
    out.retain(|(s, _)| !s.is_empty());
    out
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        match rest[i + 2..].find("*/") {
            Some(j) => rest = &rest[i + 2 + j + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The declarations of a block that can hide something: (property, lower-case value).
fn declarations(block: &str) -> Vec<(String, String)> {
    block
        .split(';')
        .filter_map(|d| {
            let (p, v) = d.split_once(':')?;
            let p = p.trim().to_ascii_lowercase();
            let v = v.replace("!important", "").trim().to_ascii_lowercase();
            PROPS.contains(&p.as_str()).then_some((p, v))
        })
        .collect()
}

/// A selector without its interactive pseudo-classes, and whether it had any.
fn strip_interactive(sel: &str) -> (String, bool) {
    let mut s = sel.to_string();
    let mut found = false;
    for p in
        [":hover", ":focus-within", ":focus-visible", ":focus", ":active", ":target", ":checked", ":visited", ":link"]
    {
        if s.contains(p) {
            found = found || p != ":link" && p != ":visited";
            s = s.replace(p, "");
        }
    }
    (s, found)
}

/// Whether a declaration can hide an element on its own.
fn hides(prop: &str, value: &str) -> bool {
    let len = || length(value);
    match prop {
        "display" => value.starts_with("none"),
        "visibility" => value.starts_with("hidden") || value.starts_with("collapse"),
        "left" | "top" | "right" | "bottom" | "text-indent" | "margin-left" | "margin-top" => {
            len().is_some_and(|n| n <= -500.0)
        }
        "width" | "height" | "max-height" | "max-width" => len().is_some_and(|n| n <= 1.0),
        "font-size" => len().is_some_and(|n| n < 3.0),
        "opacity" => value.parse::<f32>().is_ok_and(|o| o <= 0.05),
        "color" => value.contains("transparent"),
        "clip" => zero_clip(value),
        "clip-path" => value.contains("inset("),
        "transform" => translate_far(value),
        "background" | "background-color" | "color-scheme" => false,
        _ => false,
    }
}

/// Whether a declaration shows what another rule hides.
fn shows(prop: &str, value: &str) -> bool {
    match prop {
        "display" => !value.starts_with("none"),
        "visibility" => value.starts_with("visible"),
        "left" | "top" | "text-indent" | "margin-left" | "margin-top" => length(value).is_some_and(|n| n > -500.0),
        "height" | "width" | "max-height" | "max-width" => length(value).is_none_or(|n| n > 1.0),
        "opacity" => value.parse::<f32>().is_ok_and(|o| o > 0.05),
        "clip" | "clip-path" => !zero_clip(value),
        _ => false,
    }
}

/// A CSS length in px (em/rem as 16px); `0` without unit; `None` for percentages and others.
fn length(v: &str) -> Option<f32> {
    let v = v.split_whitespace().next()?;
    let (num, factor) = if let Some(n) = v.strip_suffix("px") {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix("rem") {
        (n, 16.0)
    } else if let Some(n) = v.strip_suffix("em") {
        (n, 16.0)
    } else if let Some(n) = v.strip_suffix("pt") {
        (n, 4.0 / 3.0)
    } else {
        (v, 1.0)
    };
    num.trim().parse::<f32>().ok().filter(|n| n.is_finite()).map(|n| n * factor)
}

fn zero_clip(v: &str) -> bool {
    let inner = v.trim().replace("rect (", "rect(");
    let Some(args) = inner.strip_prefix("rect(").and_then(|r| r.trim_end().strip_suffix(')')) else {
        return false;
    };
    let nums: Vec<f32> = args.split([',', ' ']).filter(|s| !s.is_empty()).filter_map(length).collect();
    nums.len() == 4 && nums.iter().all(|n| n.abs() <= 1.0)
}

fn translate_far(v: &str) -> bool {
    let Some(i) = v.find("translate") else { return false };
    let args = &v[i..];
    let Some(open) = args.find('(') else { return false };
    let close = args.find(')').unwrap_or(args.len());
    if close <= open {
        return false;
    }
    args[open + 1..close].split(',').filter_map(length).any(|n| n <= -1000.0)
}

fn normalize_color(v: &str) -> String {
    let v: String = v.chars().filter(|c| !c.is_whitespace()).collect();
    match v.as_str() {
        "#fff" | "#ffffff" | "white" | "rgb(255,255,255)" => "#ffffff".into(),
        "#000" | "#000000" | "black" | "rgb(0,0,0)" => "#000000".into(),
        _ if v.len() == 4 && v.starts_with('#') => {
            let mut s = String::from("#");
            for c in v[1..].chars() {
                s.push(c);
                s.push(c);
            }
            s
        }
        _ => v,
    }
}

/// The colour of a `background` shorthand when it is only a colour.
fn bare_color(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.contains("url(") && !v.contains(' ')).then(|| normalize_color(v))
}

/// The context of the security detectors' unit tests: site `www.bj.gov.cn`, with
/// `partner.example.com` approved.
#[cfg(test)]
pub(crate) fn test_ctx() -> PageContext {
    use crate::approval::{Approval, Register};
    let home = Url::parse("http://www.bj.gov.cn/").expect("valid");
    PageContext {
        scope: crate::urlnorm::Scope::new(&home, &[]),
        register: Register::new(vec![Approval {
            pattern: "partner.example.com".into(),
            approved_by: None,
            approved_on: None,
            expires: None,
            government: false,
        }]),
        as_of: "2026-11-28".parse().expect("valid"),
        lexicon: crate::scan::Lexicon::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule splitter as first written (a character at a time), kept as the reference.
    fn css_rules_by_char(css: &str) -> Vec<(String, String)> {
        let css = strip_comments(css);
        let mut out: Vec<(String, String)> = Vec::new();
        let (mut depth, mut skip_depth, mut buf) = (0usize, None, String::new());
        for c in css.chars() {
            match c {
                '{' => {
                    if skip_depth.is_none() && depth == 0 && buf.trim_start().starts_with('@') {
                        skip_depth = Some(depth);
                    }
                    if skip_depth.is_none() {
                        out.push((buf.trim().to_string(), String::new()));
                    }
                    depth += 1;
                    buf.clear();
                }
                '}' => {
                    depth = depth.saturating_sub(1);
                    if skip_depth.is_none() {
                        if let Some(last) = out.last_mut() {
                            last.1 = buf.clone();
                        }
                    } else if skip_depth == Some(depth) {
                        skip_depth = None;
                    }
                    buf.clear();
                }
                ';' if depth == 0 => buf.clear(),
                _ => buf.push(c),
            }
            if out.len() > MAX_RULES {
                break;
            }
        }
        out.retain(|(s, _)| !s.is_empty());
        out
    }

    #[test]
    fn css_rules_are_split_as_before() {
        let many = ".r{color:red}".repeat(MAX_RULES + 10);
        for css in [
            "",
            "a{display:none}",
            "@import url(x.css); .hide , #x{ display : none ; } /* 注释{} */ p{color:#fff;background:#fff}",
            "@media screen{.a{display:none}.b{x:y}} .c{visibility:hidden}",
            "@font-face{font-family:宋体;src:url(a)} .链接{left:-9999px}}} }{ .d{",
            "div{a:b;c:d} ; ; span{}",
            many.as_str(),
        ] {
            assert_eq!(css_rules(css), css_rules_by_char(css), "{css:.80}");
        }
    }

    fn found(html: &str) -> Vec<(String, &'static str)> {
        let d = Document::parse(html, &Url::parse("http://www.bj.gov.cn/index.html").unwrap());
        hidden_links(&d, &test_ctx()).into_iter().map(|h| (h.target, h.subtype)).collect()
    }

    #[test]
    fn every_hiding_technique_fires() {
        let html = r#"<html><head><style>
            .hd{visibility:hidden} #box{position:absolute;left:-9999px} div.z{height:0;overflow:hidden}
            @media (max-width:600px){ .m{display:none} }
            .t{font-size:0} .w{color:#fff;background:#fff} .clipit{position:absolute;clip:rect(0 0 0 0)}
            </style></head><body>
            <div style="display:none"><a href="http://spam.example.net/1">x</a></div>
            <p><a class="hd" href="http://spam.example.net/2">y</a></p>
            <div id="box"><a href="http://spam.example.net/3">z</a></div>
            <div class="z"><a href="http://spam.example.net/4">w</a></div>
            <span class="t"><a href="http://spam.example.net/5">v</a></span>
            <div class="w"><a href="http://spam.example.net/6">u</a></div>
            <marquee height="1" scrollamount="9999"><a href="http://spam.example.net/7">m</a></marquee>
            <div hidden><a href="http://spam.example.net/8">h</a></div>
            <a href="http://spam.example.net/9" style="opacity:0">o</a>
            <div class="clipit"><a href="http://spam.example.net/10">c</a></div>
            <iframe src="http://spam.example.net/11" width="0" height="0"></iframe>
            <script>document.write('<a href="http://spam.example.net/12">皇冠体育</a>');</script>
            <script>document.write(unescape("%3Ca%20href%3D%22http%3A//spam.example.net/13%22%3Ex%3C/a%3E"));</script>
            <div class="m"><a href="http://shop.example.org/">responsive only</a></div>
            </body></html>"#;
        let f = found(html);
        let sub = |n: u32| f.iter().find(|(t, _)| t == &format!("http://spam.example.net/{n}")).map(|(_, s)| *s);
        assert_eq!(sub(1), Some("display_none"));
        assert_eq!(sub(2), Some("visibility_hidden"));
        assert_eq!(sub(3), Some("offscreen"));
        assert_eq!(sub(4), Some("zero_size"));
        assert_eq!(sub(5), Some("other"));
        assert_eq!(sub(6), Some("other"));
        assert_eq!(sub(7), Some("other"));
        assert_eq!(sub(8), Some("display_none"));
        assert_eq!(sub(9), Some("other"));
        assert_eq!(sub(10), Some("zero_size"));
        assert_eq!(sub(11), Some("zero_size"));
        assert_eq!(sub(12), Some("script_written"));
        assert_eq!(sub(13), Some("script_written"));
        assert_eq!(f.len(), 13, "{f:?}");
    }

    #[test]
    fn legitimate_hidden_patterns_do_not_fire() {
        let html = r##"<html><head><style>
            .skip{position:absolute;left:-9999px}.skip:focus{left:0}
            .sub{display:none} .menu:hover .sub{display:block}
            .sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}
            .logo{text-indent:-9999px;background:url(/logo.png) no-repeat}
            .dd{display:none}
            </style></head><body>
            <a class="skip" href="#main">跳到主要内容</a>
            <nav id="mnav" style="display:none"><a href="/ywdt/">要闻</a><a href="/tzgg/">通知</a></nav>
            <ul class="menu"><li><a href="http://shop.example.org/">商城</a><div class="sub"><a href="http://shop.example.org/a">子菜单</a></div></li></ul>
            <div style="display:none"><a href="http://www.zj.gov.cn/">浙江省政府</a><a href="http://partner.example.com/">合作</a></div>
            <a class="logo" href="http://www.gov.cn/">中国政府网</a>
            <span class="sr-only"><a href="/about.html">关于</a></span>
            <a href="http://news.example.org/">报社</a><div class="dd"><a href="http://news.example.org/">报社</a></div>
            <script>document.write('<a href="/local.html">本站</a>'); var s = "<b>not a link</b>";</script>
            <div style="display:none">我市开展打击赌博行动</div>
            </body></html>"##;
        assert_eq!(found(html), Vec::<(String, &str)>::new());
    }

    #[test]
    fn internal_hidden_links_with_spam_words_fire() {
        let f = found(
            r#"<div style="display:none"><a href="/spam/1.html">澳门百家乐</a><a href="/about/">关于我们</a></div>"#,
        );
        assert_eq!(f, vec![("http://www.bj.gov.cn/spam/1.html".to_string(), "display_none")]);
    }

    #[test]
    fn nearest_visibility_wins_and_rules_in_media_are_ignored() {
        let f = found(
            r#"<style>.v{visibility:visible}@media print{.p{display:none}}</style>
            <div style="visibility:hidden"><span class="v"><a href="http://x.example.net/">a</a></span></div>
            <div class="p"><a href="http://y.example.net/">b</a></div>"#,
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
