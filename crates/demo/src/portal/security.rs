//! The portal's operational defects: robots.txt refusing `/admin/` (which every page links),
//! exposed files (`/.git/HEAD`, `/www.zip`, an `Index of /upload` listing), a redirect loop,
//! a page answering 500, and the endless activity calendar `/hdrl/?month=YYYY-MM`.

use super::ERROR_PAGE;
use crate::html::Chrome;
use crate::pages::{PageMap, simple};
use crate::server::Resource;
use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};

/// The fixed pages of this module.
pub(crate) fn pages(m: &mut PageMap, chrome: &Chrome) {
    m.insert("/robots.txt".into(), Resource::new("text/plain; charset=utf-8", "User-agent: *\nDisallow: /admin/\n"));
    let admin = "<h2>网站内容管理系统</h2>\n<form action=\"/admin/login.do\" method=\"post\">\n\
                 <p><label>用户名：<input type=\"text\" name=\"user\"></label></p>\n\
                 <p><label>密码：<input type=\"password\" name=\"pass\"></label></p>\n<p><button type=\"submit\">登录</button></p>\n</form>";
    m.insert("/admin/".into(), simple(chrome, "网站管理", admin));
    m.insert("/.git/HEAD".into(), Resource::new("text/plain", "ref: refs/heads/master\n"));
    let backup = crate::docx::zip(&[
        (
            "www/index.html",
            "<html><head><meta charset=\"utf-8\"><title>滨江市人民政府</title></head><body></body></html>\n".as_bytes(),
        ),
        ("www/config/db.php", b"<?php\n$db_host = 'localhost';\n$db_user = 'binjiang_cms';\n$db_pass = '********';\n"),
    ]);
    m.insert("/www.zip".into(), Resource::new("application/zip", backup));
    m.insert(
        "/upload/".into(),
        Resource::html(
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<html>\n<head>\n<title>Index of /upload</title>\n</head>\n\
             <body>\n<h1>Index of /upload</h1>\n<pre>Name                    Last modified      Size\n<hr>\
             <a href=\"/\">Parent Directory</a>                             -\n\
             <a href=\"gzfsqb.docx\">gzfsqb.docx</a>             2026-01-05 09:12   1.2K\n<hr></pre>\n</body></html>\n"
                .to_string(),
        ),
    );
    m.insert(
        "/upload/gzfsqb.docx".into(),
        Resource::new(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            super::catalog::form_docx(),
        ),
    );
    m.insert("/loop/a".into(), Resource::redirect("/loop/b"));
    m.insert("/loop/b".into(), Resource::redirect("/loop/a"));
    m.insert(
        ERROR_PAGE.into(),
        Resource::html(
            "<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1>\
             <p>java.lang.NullPointerException at com.trs.wsbs.SbxtServlet.service</p></body></html>\n"
                .to_string(),
        )
        .status(StatusCode::INTERNAL_SERVER_ERROR),
    );
}

/// The first day of the month named `YYYY-MM`, if it is one.
fn month_start(s: &str) -> Option<NaiveDate> {
    let (y, m) = s.split_once('-')?;
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

/// `YYYY-MM` of the month `delta` months from `d`, if representable.
fn shift(d: NaiveDate, delta: i32) -> Option<String> {
    let n = d.year() * 12 + d.month0() as i32 + delta;
    let first = NaiveDate::from_ymd_opt(n.div_euclid(12), n.rem_euclid(12) as u32 + 1, 1)?;
    Some(first.format("%Y-%m").to_string())
}

/// One month of the activity calendar, linking the previous and next month forever.
pub(crate) fn calendar(chrome: &Chrome, month: Option<&String>, today: NaiveDate) -> Resource {
    let start = match month {
        None => today.with_day(1).unwrap_or(today),
        Some(s) => match month_start(s) {
            Some(d) => d,
            None => return crate::server::not_found(),
        },
    };
    const EVENTS: [(u32, &str); 3] =
        [(6, "周末文化惠民演出（滨江大剧院）"), (15, "全民健身徒步活动（滨江绿道）"), (24, "非遗市集（运河文化广场）")];
    let mut main = format!(
        "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; 活动日历</div>\n<h2>{}年{}月活动日历</h2>\n<ul class=\"events\">\n",
        start.year(),
        start.month()
    );
    for (day, what) in EVENTS {
        main.push_str(&format!("<li>{day}日　{what}</li>\n"));
    }
    main.push_str("</ul>\n<p class=\"months\">");
    if let Some(prev) = shift(start, -1) {
        main.push_str(&format!("<a href=\"/hdrl/?month={prev}\">上一月</a> "));
    }
    if let Some(next) = shift(start, 1) {
        main.push_str(&format!("<a href=\"/hdrl/?month={next}\">下一月</a>"));
    }
    main.push_str("</p>");
    simple(chrome, "活动日历", &main)
}
