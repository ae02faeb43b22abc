//! The portal homepage: dated lists in four markups (要闻动态 with full dates, 通知公告 with
//! `[MM-DD]`, 政策文件 in a table, 部门动态 in `div.row`), topic and service entries, the
//! friendly links, and the planted hidden link blocks. The tamper switch adds a third-party
//! script and another hidden block.

use super::Catalog;
use crate::html::{Chrome, entries};
use crate::model::{DateFmt, Hosts, ListStyle, ago};
use chrono::Datelike;

/// The homepage in one tamper state.
pub(crate) fn render(cat: &Catalog, h: &Hosts, chrome: &Chrome, tampered: bool) -> String {
    let top = |slug: &str, n: usize| {
        let mut v = cat.column(slug).visible(tampered);
        v.truncate(n);
        v
    };
    let (g, v, e) = (&h.gambling, &h.provincial, &h.expired);
    let year = ago(cat.today, 3).year();
    let mut main = format!(
        "<div class=\"notice-bar\">重要通知：<a href=\"{missing}\">关于做好{year}年冬季安全生产工作的通知</a></div>\n\
         <div class=\"block\"><h3><a href=\"/ywdt/index.html\">要闻动态</a></h3>\n{ywdt}</div>\n\
         <div class=\"block\"><h3><a href=\"/tzgg/index.html\">通知公告</a></h3>\n{tzgg}</div>\n\
         <div class=\"block\"><h3><a href=\"/zcwj/index.html\">政策文件</a></h3>\n{zcwj}</div>\n\
         <div class=\"block\"><h3><a href=\"/bmdt/index.html\">部门动态</a></h3>\n{bmdt}</div>\n\
         <div class=\"block\"><h3>专题专栏</h3><a href=\"/ztzl/yshj/index.html\">优化营商环境专题</a> \
         <a href=\"/ztzl/index.html\">更多专题</a></div>\n\
         <div class=\"block\"><h3>政务服务</h3><a href=\"/bszn/index.html\">办事指南</a> <a href=\"/ldxx/index.html\">领导信箱</a> \
         <a href=\"/bmfw/index.html\">便民服务</a></div>\n\
         <div class=\"banner\"><a href=\"{v}\"><img src=\"{v}images/banner.gif\" alt=\"浙江政务服务网\" width=\"300\" height=\"60\"></a></div>\n\
         <div class=\"friend-links\"><h3>友情链接</h3><a href=\"{v}\">浙江省人民政府</a> <a href=\"{e}\">滨江日报</a> \
         <a href=\"{g}\">滨江生活服务网</a></div>\n\
         <div style=\"display:none\"><a href=\"{g}a/1.html\">澳门皇冠</a> <a href=\"{g}a/2.html\">真人娱乐</a> \
         <a href=\"{g}a/3.html\">体育投注</a></div>\n\
         <div style=\"position:absolute;left:-9999px;top:-9999px\"><a href=\"{g}b/1.html\">百家乐</a> \
         <a href=\"{g}b/2.html\">网上娱乐城</a></div>\n\
         <p class=\"tips\">建议使用1366×768以上分辨率浏览本网站 <a class=\"hd\" href=\"{g}c/1.html\">太阳城</a></p>\n\
         <script type=\"text/javascript\">document.write('<a href=\"{g}d/1.html\">皇冠体育</a>');</script>\n",
        missing = cat.missing_article,
        ywdt = entries(ListStyle::Ul(DateFmt::Dash), &top("ywdt", 7)),
        tzgg = entries(ListStyle::Ul(DateFmt::Short), &top("tzgg", 6)),
        zcwj = entries(ListStyle::Table, &top("zcwj", 5)),
        bmdt = entries(ListStyle::Rows, &top("bmdt", 5)),
    );
    let mut head = String::from("<meta charset=\"utf-8\">\n<style>.hd{visibility:hidden}</style>");
    if tampered {
        head.push_str(&format!("\n<script type=\"text/javascript\" src=\"{}cnzz.js\"></script>", h.scripts));
        main.push_str(&format!(
            "<div style=\"display:none\"><a href=\"{g}f/1.html\">彩票平台</a> <a href=\"{g}f/2.html\">在线赌场</a></div>\n"
        ));
    }
    chrome.page(chrome.site, &head, &main)
}
