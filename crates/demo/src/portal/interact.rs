//! 领导信箱: the message list (留言时间, 回复时间, 状态), one page per message, the letter
//! form with its captcha. One message waits about five months for a reply; one recent
//! message is advertising spam (代开发票); the latest reply is nine days old.

use super::Catalog;
use crate::html::{Chrome, esc};
use crate::model::iso;
use crate::pages::{PageMap, simple};
use crate::server::{GIF, Resource};
use std::fmt::Write;

const CRUMB: &str =
    "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/ldxx/index.html\">领导信箱</a></div>\n";

/// The 领导信箱 pages.
pub(crate) fn pages(m: &mut PageMap, cat: &Catalog, chrome: &Chrome) {
    let mut list = format!(
        "{CRUMB}<h2>领导信箱</h2>\n<p class=\"intro\">市长信箱受理群众咨询、建议和投诉，一般事项在15个工作日内答复。\
         <a href=\"/ldxx/write.html\">我要写信</a></p>\n<table class=\"letters\">\n\
         <tr><th>序号</th><th>留言标题</th><th>留言时间</th><th>回复时间</th><th>状态</th></tr>\n"
    );
    for (i, msg) in cat.messages.iter().enumerate() {
        let (replied, status) = match msg.reply {
            Some((d, _, _)) => (iso(d), "已回复"),
            None => ("—".to_string(), "待回复"),
        };
        let _ = writeln!(
            list,
            "<tr><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td>{replied}</td><td>{status}</td></tr>",
            i + 1,
            msg.path(),
            esc(msg.title),
            iso(msg.asked)
        );
        let mut page = format!(
            "{CRUMB}<div class=\"letter\">\n<h1>{}</h1>\n<table class=\"msg\">\n<tr><th>留言人</th><td>{}</td></tr>\n\
             <tr><th>留言时间</th><td>{} 10:23</td></tr>\n<tr><th>留言内容</th><td>{}</td></tr>\n</table>\n",
            esc(msg.title),
            msg.asker,
            iso(msg.asked),
            esc(msg.content)
        );
        match msg.reply {
            Some((d, unit, text)) => {
                let _ = write!(
                    page,
                    "<div class=\"reply\">\n<h3>回复内容</h3>\n<p>回复单位：{unit}</p>\n<p>回复时间：{}</p>\n<p>{}</p>\n</div>\n",
                    iso(d),
                    esc(text)
                );
            }
            None => page.push_str("<div class=\"reply\"><p>办理状态：待回复</p></div>\n"),
        }
        page.push_str("</div>");
        m.insert(msg.path(), simple(chrome, msg.title, &page));
    }
    let answered = cat.messages.iter().filter(|m| m.reply.is_some()).count();
    let _ =
        write!(list, "</table>\n<p class=\"stat\">本栏目共受理留言{}件，已回复{answered}件。</p>", cat.messages.len());
    let list_page = simple(chrome, "领导信箱", &list);
    m.insert("/ldxx/index.html".into(), list_page.clone());
    m.insert("/ldxx/".into(), list_page);
    let form = format!(
        "{CRUMB}<h2>我要写信</h2>\n<form action=\"/ldxx/submit.html\" method=\"post\">\n\
         <p><label>姓名：<input type=\"text\" name=\"name\"></label></p>\n\
         <p><label>联系电话：<input type=\"text\" name=\"phone\"></label></p>\n\
         <p><label>留言标题：<input type=\"text\" name=\"title\"></label></p>\n\
         <p><label>留言内容：<textarea name=\"content\" rows=\"8\" cols=\"60\"></textarea></label></p>\n\
         <p><label>验证码：<input type=\"text\" name=\"captcha\"></label><img src=\"/ldxx/captcha.gif\" alt=\"验证码\" width=\"80\" height=\"30\"></p>\n\
         <p><button type=\"submit\">提交</button></p>\n</form>"
    );
    m.insert("/ldxx/write.html".into(), simple(chrome, "我要写信", &form));
    m.insert(
        "/ldxx/submit.html".into(),
        simple(chrome, "提交成功", &format!("{CRUMB}<p>您的留言已提交，审核通过后将予以公开。</p>")),
    );
    m.insert("/ldxx/captcha.gif".into(), Resource::new("image/gif", GIF));
}
