//! The manifest of planted problems: one [`Planted`] per finding an inspection must report,
//! following SPEC.md's conventions (link findings: `url` = target, `source` = page holding
//! the link; content findings: `url` = the page or attachment, `source` = the page linking
//! an attachment; site-level kinds once per site). Also the near misses: look-alikes that
//! must *not* be reported.

use crate::model::{Hosts, at};
use crate::portal::{ERROR_PAGE, FORM_XLS, LEAK_CSV, LEAK_DOCX, LEAK_PDF, MISSING_THUMB, Portal};

/// What an inspection needs to see a planted problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Needs {
    /// Found by one inspection.
    Crawl,
    /// Needs availability probes over time (site_unreachable).
    Probes,
    /// Needs a change between two runs: the tamper switch turned on after a first
    /// inspection. `page_changed` needs both runs; the other `SecondRun` entries are
    /// found by any inspection made while the switch is on.
    SecondRun,
    /// Needs TLS; not planted over http (documentation only).
    Https,
}

/// One planted problem: the finding an inspection is expected to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    /// Finding kind (SPEC.md vocabulary).
    pub kind: &'static str,
    /// Finding subtype, where the kind has one.
    pub subtype: Option<&'static str>,
    /// The resource at fault (a link's target for link findings).
    pub url: String,
    /// The page holding the link (link findings) or linking the attachment.
    pub source: Option<String>,
    /// What was planted.
    pub note: &'static str,
    /// What it takes to find it.
    pub needs: Needs,
}

/// Collects entries.
struct Manifest(Vec<Planted>);

impl Manifest {
    fn add(
        &mut self,
        kind: &'static str,
        subtype: Option<&'static str>,
        url: String,
        source: Option<&str>,
        note: &'static str,
        needs: Needs,
    ) {
        self.0.push(Planted { kind, subtype, url, source: source.map(str::to_string), note, needs });
    }

    /// A link finding found by one crawl.
    fn link(
        &mut self,
        kind: &'static str,
        subtype: Option<&'static str>,
        url: String,
        source: &str,
        note: &'static str,
    ) {
        self.add(kind, subtype, url, Some(source), note, Needs::Crawl);
    }

    /// A page-level finding found by one crawl.
    fn page(&mut self, kind: &'static str, subtype: Option<&'static str>, url: String, note: &'static str) {
        self.add(kind, subtype, url, None, note, Needs::Crawl);
    }
}

/// The homepage's hidden gambling links: (path on the gambling host, hidden_link subtype).
const HIDDEN: [(&str, &str); 6] = [
    ("a/1.html", "display_none"),
    ("a/2.html", "display_none"),
    ("a/3.html", "display_none"),
    ("b/1.html", "offscreen"),
    ("b/2.html", "offscreen"),
    ("c/1.html", "visibility_hidden"),
];

/// Every planted problem of both sites.
pub(crate) fn planted(portal: &Portal, h: &Hosts, flaky_every: u32) -> Vec<Planted> {
    let cat = &portal.catalog;
    let p = |path: &str| at(&h.portal, path);
    let d = |path: &str| at(&h.department, path);
    let art = |key: &str| p(&cat.path(key));
    let home = h.portal.as_str();
    let g = |path: &str| format!("{}{path}", h.gambling);
    let bmfw = p("/bmfw/index.html");
    let mut m = Manifest(Vec::new());

    // broken_link: one per link occurrence.
    m.link("broken_link", Some("http_404"), p(&cat.missing_article), home, "首页链接指向不存在的文章");
    m.link("broken_link", Some("http_500"), p(ERROR_PAGE), &art("link500"), "文章链接的网上申报系统返回500");
    m.link("broken_link", Some("fragment"), art("typos"), &art("fragment"), "链接的页面内锚点 #fj 不存在 (提示)");
    m.link("broken_link", Some("http_404"), p(MISSING_THUMB), &p("/tpxw/index.html"), "图片新闻列表缺失缩略图");
    let incomplete = p(cat.guide("incomplete").path);
    m.link("broken_link", Some("http_404"), p(FORM_XLS), &incomplete, "办事指南表格附件(.xls)不存在");
    m.link("broken_link", Some("dns"), "http://bad-host.invalid/".into(), &bmfw, "域名无法解析");
    m.link("broken_link", Some("connect"), h.dead.clone(), &bmfw, "端口无服务，连接被拒绝");
    m.link("broken_link", Some("invalid_url"), "http://[broken".into(), &bmfw, "畸形链接地址");
    m.link("broken_link", Some("redirect_loop"), p("/loop/a"), &p("/bszn/index.html"), "网上办事大厅链接重定向循环");
    let shop_missing = format!("{}activity/2026.html", h.shop);
    m.link("broken_link", Some("http_404"), shop_missing.clone(), &art("shop"), "外部商城页面不存在");

    // Links to hosts the approval register does not cover (or covers no longer).
    for (path, _) in HIDDEN {
        m.link("unapproved_external_link", None, g(path), home, "首页暗链指向未备案外部网站");
    }
    m.link("unapproved_external_link", None, h.gambling.clone(), home, "友情链接指向未备案外部网站");
    m.link("unapproved_external_link", None, h.expired.clone(), home, "友情链接的审批已过期");
    m.link("unapproved_external_link", None, format!("{}tj.js", h.scripts), &art("tj"), "引用未备案外部脚本");
    m.link("unapproved_external_link", None, h.shop.clone(), &art("shop"), "链接商业网站");
    m.link("unapproved_external_link", None, shop_missing, &art("shop"), "链接商业网站");
    m.link("unapproved_external_link", None, "http://bad-host.invalid/".into(), &bmfw, "未备案外部链接");
    m.link("unapproved_external_link", None, h.dead.clone(), &bmfw, "未备案外部链接");
    m.link("unapproved_external_link", None, format!("{}coupon.html", h.shop), &bmfw, "链接商业网站(有离站提示)");
    let exit = p(&crate::portal::exit_link(&h.shop));
    m.link("unapproved_external_link", None, h.shop.clone(), &exit, "离站提示页链接商业网站");

    // dangerous_link: every link occurrence to the gambling host.
    for (path, _) in HIDDEN {
        m.link("dangerous_link", Some("gambling"), g(path), home, "首页暗链指向赌博网站");
    }
    m.link("dangerous_link", Some("gambling"), h.gambling.clone(), home, "友情链接(锚文本无害)指向赌博网站");

    m.page("missing_exit_notice", None, home.to_string(), "首页外部链接无离站提示");
    m.page("missing_exit_notice", None, art("shop"), "文章链接商业网站无离站提示");

    for (path, sub) in HIDDEN {
        m.link("hidden_link", Some(sub), g(path), home, "首页暗链");
    }
    m.link("hidden_link", Some("script_written"), g("d/1.html"), home, "document.write写入的链接");

    m.link(
        "suspicious_script",
        Some("unapproved_source"),
        format!("{}tj.js", h.scripts),
        &art("tj"),
        "外部统计脚本(隐藏iframe)",
    );
    m.link(
        "suspicious_script",
        Some("obfuscated"),
        art("packer"),
        &art("packer"),
        "eval(function(p,a,c,k,e,d))混淆脚本",
    );
    m.link("suspicious_script", Some("redirect"), art("referrer"), &art("referrer"), "来自百度的访客被跳转到赌博网站");
    m.page("cloaking", None, art("cloak"), "对Baiduspider/Googlebot输出赌博链接");

    m.page("personal_data", Some("id_card"), art("leak"), "低保公示含完整身份证号");
    m.page("personal_data", Some("mobile"), art("leak"), "低保公示含完整手机号");
    m.add("personal_data", Some("id_card"), p(LEAK_CSV), Some(&art("csv")), "CSV附件含完整身份证号", Needs::Crawl);
    m.add("personal_data", Some("id_card"), p(LEAK_DOCX), Some(&art("docx")), "DOCX附件含完整身份证号", Needs::Crawl);
    m.add("personal_data", Some("id_card"), p(LEAK_PDF), Some(&art("docx")), "PDF附件含完整身份证号", Needs::Crawl);
    m.page("classified_marker", Some("confidential"), art("classified"), "正文以“机密★1年”开头");
    m.page("wrong_expression", Some("typo"), art("typos"), "截止目前、再接再励");
    m.page("sensitive_word", Some("spam"), p(&cat.message("spam").path()), "留言含“代开发票”");
    m.page("date_inconsistent", Some("future"), art("future"), "发布时间在30天后");
    m.page("date_inconsistent", Some("url_mismatch"), art("url_mismatch"), "URL日期与发布时间相差200天");
    m.page("date_inconsistent", Some("list_mismatch"), art("list_mismatch"), "列表日期比发布时间早60天");

    m.page("column_not_updated", Some("news"), p("/gzdt/index.html"), "工作动态最新信息在20天前");
    m.page("column_not_updated", Some("notice"), p("/tzgg/index.html"), "通知公告最新信息在8个月前");
    m.page("blank_column", None, p("/rsxx/index.html"), "人事信息栏目无任何信息");
    m.page("undated_items", None, p("/tpxw/index.html"), "图片新闻列表无日期");
    m.page("consultation_unanswered", None, p(&cat.message("unanswered").path()), "留言约5个月未回复");
    m.page("service_guide_incomplete", Some("legal_basis"), incomplete, "办事指南缺设定依据、收费标准");
    for header in ["content-security-policy", "referrer-policy"] {
        m.page("missing_security_header", Some(header), home.to_string(), "门户缺少安全响应头");
        m.page("missing_security_header", Some(header), h.department.clone(), "部门网站缺少安全响应头");
    }
    m.page("tls_problem", Some("no_https"), home.to_string(), "门户仅提供http");
    m.page("tls_problem", Some("no_https"), h.department.clone(), "部门网站仅提供http");
    m.page("exposed_file", Some("vcs"), p("/.git/HEAD"), "暴露.git目录");
    m.page("exposed_file", Some("backup"), p("/www.zip"), "暴露网站备份包");
    m.page("exposed_file", Some("listing"), p("/upload/"), "目录列表");
    m.page("crawl_limit", Some("robots"), home.to_string(), "robots.txt禁止抓取/admin/");
    m.page("crawl_limit", Some("trap"), home.to_string(), "活动日历无限翻月");

    // The department site.
    let dhome = h.department.clone();
    m.page("homepage_not_updated", None, dhome.clone(), "首页最新信息在41天前");
    m.page("column_not_updated", Some("news"), d("/gzdt/index.html"), "工作动态最新信息在41天前");
    m.page("consultation_missing", None, dhome.clone(), "无任何在线咨询渠道");
    m.page("footer_missing", Some("psb"), dhome.clone(), "页脚缺公安备案号");
    if (1..=20).contains(&flaky_every) {
        m.add("site_unreachable", None, dhome, None, "首页间歇性返回503", Needs::Probes);
    }

    // After the tamper switch.
    let second = Needs::SecondRun;
    m.add("page_changed", Some("links"), home.to_string(), None, "首页新增外部脚本和暗链", second);
    m.add("page_changed", Some("content"), art("tamper_text"), None, "正文被改而发布时间未变", second);
    for path in ["f/1.html", "f/2.html"] {
        m.add("hidden_link", Some("display_none"), g(path), Some(home), "篡改后新增的暗链", second);
        m.add("dangerous_link", Some("gambling"), g(path), Some(home), "篡改后新增的赌博链接", second);
        m.add("unapproved_external_link", None, g(path), Some(home), "篡改后新增的外部链接", second);
    }
    let cnzz = format!("{}cnzz.js", h.scripts);
    m.add("unapproved_external_link", None, cnzz.clone(), Some(home), "篡改后新增的外部脚本", second);
    m.add("suspicious_script", Some("unapproved_source"), cnzz, Some(home), "篡改后新增的外部脚本", second);

    m.add(
        "mixed_content",
        None,
        format!("{}images/banner.gif", h.provincial),
        Some(home),
        "首页引用http图片(仅在https下构成混合内容)",
        Needs::Https,
    );
    m.0
}

/// Look-alikes that must not be reported: (kind, url).
pub(crate) fn near_misses(portal: &Portal, h: &Hosts) -> Vec<(&'static str, String)> {
    let cat = &portal.catalog;
    let p = |path: &str| at(&h.portal, path);
    let art = |key: &str| p(&cat.path(key));
    let home = h.portal.clone();
    vec![
        ("footer_missing", home.clone()),
        ("homepage_not_updated", home.clone()),
        ("consultation_missing", home.clone()),
        ("site_unreachable", home.clone()),
        ("cloaking", home.clone()),
        ("blank_column", p("/ghjh/index.html")),
        ("column_not_updated", p("/ztzl/wmcs/index.html")),
        ("column_not_updated", p("/ywdt/index.html")),
        ("column_not_updated", p("/bmdt/index.html")),
        ("column_not_updated", p("/zcwj/index.html")),
        ("hidden_link", home.clone()),
        ("hidden_link", p("/ywdt/index.html")),
        ("hidden_link", p("/ldxx/index.html")),
        ("dangerous_link", art("anti_gambling")),
        ("classified_marker", art("secrecy_prose")),
        ("personal_data", art("masked")),
        ("suspicious_script", home.clone()),
        ("suspicious_script", p("/tzgg/index.html")),
        ("suspicious_script", p("/js/common.js")),
        ("missing_exit_notice", p("/bmfw/index.html")),
        ("missing_exit_notice", p(&crate::portal::exit_link(&h.shop))),
        ("unapproved_external_link", h.provincial.clone()),
        ("unapproved_external_link", format!("{}images/banner.gif", h.provincial)),
        ("page_changed", p("/ywdt/index.html")),
        ("page_changed", p("/ywdt/index_1.html")),
        ("consultation_unanswered", p(&cat.message("spam").path())),
        ("wrong_expression", art("tamper_text")),
        ("date_inconsistent", art("gbk_header")),
    ]
}
