//! What the site checks keep of a run's link occurrences. A site of 100,000 pages carries
//! millions of link occurrences; the checks read only a small part of them, so the store
//! hands the links over page by page and [`LinkSink`] keeps just that part:
//!
//! - invalid hrefs, links to targets that failed, and `#fragment` links (`broken_link`);
//! - links to other hosts (approval, dangerous links, exit notices, the cloaking sample);
//! - the links of the homepage and of every page that may belong to a column (navigation,
//!   column entries, homepage freshness);
//! - the first link to each attachment (to name the page that publishes it).
//!
//! Of the rest it keeps a count: on how many pages each target appears, which is how the
//! column check tells the template (navigation, header, footer) from a column's entries.

use super::LinkView;
use super::{LinkRecord, PageRecord, broken_links, columns};
use crate::text::{Interner, Text};
use std::collections::{HashMap, HashSet};

/// On how many pages (with links, usable) each `<a>` target of the template appears: after
/// [`LinkSink::finish`], only the targets on enough pages to be template
/// ([`columns::template_need`]); counting every target takes one entry per page of the site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateCounts {
    /// Usable pages that have at least one link.
    pub sources: usize,
    /// Distinct source pages per `<a>` target.
    pub counts: HashMap<String, usize>,
}

/// Gathers the links the checks read, page by page. Build it over the run's pages, feed it
/// every page's links with [`LinkSink::add`], then [`LinkSink::finish`].
pub struct LinkSink<'a> {
    by_url: HashMap<&'a str, &'a PageRecord>,
    home: Option<&'a str>,
    kept: Vec<LinkRecord>,
    template: TemplateCounts,
    attachments: HashSet<String>,
    seen: usize,
    texts: Interner,
}

impl<'a> LinkSink<'a> {
    /// A sink for the links of `pages` (all pages of the run, external targets included).
    pub fn new(pages: &'a [PageRecord]) -> Self {
        LinkSink {
            by_url: pages.iter().map(|p| (p.url.as_str(), p)).collect(),
            home: pages.iter().find(|p| p.is_home).map(|p| p.url.as_str()),
            kept: Vec::new(),
            template: TemplateCounts::default(),
            attachments: HashSet::new(),
            seen: 0,
            texts: Interner::default(),
        }
    }

    /// Takes the links found on `source`; the kept ones are copied, with their texts held
    /// once however many pages repeat them (a template link).
    pub fn add(&mut self, source: &str, links: &[LinkView<'_>]) {
        self.seen += links.len();
        let page = self.by_url.get(source).copied();
        let usable = page.is_some_and(columns::usable);
        if usable && !links.is_empty() {
            self.template.sources += 1;
            let distinct: HashSet<&str> = links.iter().filter(|l| l.tag == "a").map(|l| l.target).collect();
            for t in distinct {
                match self.template.counts.get_mut(t) {
                    Some(n) => *n += 1,
                    None => {
                        self.template.counts.insert(t.to_string(), 1);
                    }
                }
            }
        }
        let whole_page = self.home == Some(source) || (usable && page.is_some_and(|p| !columns::is_leaf(p)));
        let mut source_text: Option<Text> = None;
        for l in links {
            if whole_page || self.wanted(l) {
                // The page record's own URL when there is one: one allocation for both.
                let source = source_text
                    .get_or_insert_with(|| page.map_or_else(|| Text::from(source), |p| p.url.clone()))
                    .clone();
                let t = &mut self.texts;
                self.kept.push(LinkRecord {
                    source,
                    target: t.text(l.target),
                    tag: t.text(l.tag),
                    text: t.text(l.text),
                    snippet: t.text(l.snippet),
                    position: l.position,
                    internal: l.internal,
                    invalid: l.invalid.map(str::to_string),
                    fragment: l.fragment.map(str::to_string),
                    exit_notice: l.exit_notice,
                });
            }
        }
    }

    fn wanted(&mut self, l: &LinkView<'_>) -> bool {
        if l.invalid.is_some() || !l.internal || l.fragment.is_some() {
            return true;
        }
        let Some(target) = self.by_url.get(l.target) else { return false };
        if broken_links::subtype(target).is_some() {
            return true;
        }
        !target.is_html && !target.external && l.tag == "a" && self.attachments.insert(l.target.to_string())
    }

    /// Link occurrences seen in all.
    pub fn seen(&self) -> usize {
        self.seen
    }

    /// The kept links and the template counts (the targets below the template threshold
    /// dropped: the checks read only the others).
    pub fn finish(mut self) -> (Vec<LinkRecord>, TemplateCounts) {
        let need = columns::template_need(self.template.sources);
        self.template.counts.retain(|_, n| *n >= need);
        self.template.counts.shrink_to_fit();
        (self.kept, self.template)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pageinfo::PageKind;

    fn page(url: &str, kind: Option<PageKind>, status: u16, is_html: bool) -> PageRecord {
        PageRecord { kind, ..PageRecord::fetched(url, status, is_html) }
    }

    fn link(target: &str, tag: &str) -> LinkRecord {
        LinkRecord {
            target: target.into(),
            tag: tag.into(),
            internal: target.starts_with("http://s/"),
            ..LinkRecord::default()
        }
    }

    #[test]
    fn keeps_what_the_checks_read_and_counts_the_rest() {
        let pages = vec![
            page("http://s/", Some(PageKind::Other), 200, true),
            page("http://s/list/", Some(PageKind::List), 200, true),
            page("http://s/a1.html", Some(PageKind::Article), 200, true),
            page("http://s/a2.html", Some(PageKind::Article), 200, true),
            page("http://s/gone.html", None, 404, false),
            page("http://s/f.docx", None, 200, false),
            page("http://s/logo.png", None, 200, false),
        ];
        let mut sink = LinkSink::new(&pages);
        let mut add = |source: &str, links: Vec<LinkRecord>| {
            sink.add(source, &links.iter().map(LinkRecord::view).collect::<Vec<_>>())
        };
        let nav = || vec![link("http://s/", "a"), link("http://s/list/", "a")];
        add("http://s/", nav());
        add("http://s/list/", [nav(), vec![link("http://s/a1.html", "a")]].concat());
        let article = |extra: Vec<LinkRecord>| [nav(), vec![link("http://s/logo.png", "resource")], extra].concat();
        add(
            "http://s/a1.html",
            article(vec![
                link("http://s/gone.html", "a"),
                link("http://other/x", "a"),
                link("http://s/f.docx", "a"),
                LinkRecord { fragment: Some("top".into()), ..link("http://s/a2.html", "a") },
                LinkRecord { invalid: Some("bad port".into()), ..link("http://s:99999/", "a") },
            ]),
        );
        add("http://s/a2.html", article(vec![link("http://s/f.docx", "a"), link("http://s/a1.html", "a")]));
        assert_eq!(sink.seen(), 2 + 3 + 8 + 5);
        let (kept, template) = sink.finish();
        let nav_twice: Vec<&LinkRecord> = kept.iter().filter(|l| l.target == "http://s/list/").collect();
        assert!(
            nav_twice.len() == 2 && nav_twice[0].target.shares(&nav_twice[1].target),
            "a repeated text is held once"
        );
        assert!(nav_twice[0].tag.shares(&nav_twice[1].tag));
        let kept: Vec<(&str, &str)> = kept.iter().map(|l| (l.source.as_str(), l.target.as_str())).collect();
        // homepage and list page whole, then only the broken, external, first attachment,
        // fragment and invalid links of the articles
        assert_eq!(kept.len(), 2 + 3 + 5, "{kept:?}");
        assert_eq!(kept.iter().filter(|(s, _)| *s == "http://s/a1.html").count(), 5, "kept with their page");
        assert!(kept.contains(&("http://s/a1.html", "http://s/gone.html")));
        assert!(!kept.iter().any(|(_, t)| *t == "http://s/logo.png"), "a working image on an article is dropped");
        assert_eq!(kept.iter().filter(|(_, t)| *t == "http://s/f.docx").count(), 1, "first link to an attachment");
        assert_eq!(template.sources, 4);
        assert_eq!(template.counts["http://s/list/"], 4);
        assert!(!template.counts.contains_key("http://s/a1.html"), "on 2 of 4 pages: below the template threshold");
        assert!(!template.counts.contains_key("http://s/logo.png"), "only <a> targets count");
    }
}
