//! Columns into served resources, for both government sites: every list page (with the
//! bare `/<col>/` alias of the first page), every article, GBK encoding where a page is
//! labelled GBK, and the static assets both sites share.

use crate::html::{Chrome, Variant, article_main, list_main};
use crate::model::{Article, Charset, Column};
use crate::server::{COMMON_JS, CSS, GIF, Resource};
use std::collections::HashMap;

/// Served resources by path.
pub(crate) type PageMap = HashMap<String, Resource>;

/// Encodes a page the way its charset label says (UTF-8 or GBK bytes).
pub(crate) fn encode(html: String, charset: Charset) -> Resource {
    match charset {
        Charset::Utf8 => Resource::html(html),
        other => {
            let (bytes, _, _) = encoding_rs::GBK.encode(&html);
            Resource::new(other.content_type(), bytes.into_owned())
        }
    }
}

/// One article page.
pub(crate) fn article(chrome: &Chrome, col: &Column, a: &Article, variant: Variant) -> Resource {
    let head = format!("{}\n{}", a.charset.meta(), a.head);
    let html = chrome.page(&chrome.title(&a.title), &head, &article_main(col, a, variant));
    encode(html, a.charset)
}

/// Every list page and article of `cols` in the given tamper state.
pub(crate) fn columns(m: &mut PageMap, cols: &[Column], chrome: &Chrome, tampered: bool) {
    let variant = if tampered { Variant::Tampered } else { Variant::Normal };
    for col in cols {
        for i in 0..col.pages(tampered) {
            let html = chrome.page(&chrome.title(&col.name), col.charset.meta(), &list_main(col, tampered, i));
            let res = encode(html, col.charset);
            if i == 0 {
                m.insert(format!("/{}/", col.slug), res.clone());
            }
            m.insert(col.page_path(i), res);
        }
        for a in col.visible(tampered) {
            m.insert(a.path(), article(chrome, col, a, variant));
        }
    }
}

/// The stylesheet, script and logo both government sites use.
pub(crate) fn assets(m: &mut PageMap) {
    m.insert("/css/style.css".into(), Resource::new("text/css; charset=utf-8", CSS));
    m.insert("/js/common.js".into(), Resource::new("application/javascript; charset=utf-8", COMMON_JS));
    m.insert("/images/logo.gif".into(), Resource::new("image/gif", GIF));
}

/// A simple page of the site's frame.
pub(crate) fn simple(chrome: &Chrome, title: &str, main: &str) -> Resource {
    Resource::html(chrome.page(&chrome.title(title), "<meta charset=\"utf-8\">", main))
}
