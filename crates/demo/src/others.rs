//! The other hosts the portal links: the commercial shop 某某商城 (127.0.0.2, some pages
//! missing), the provincial portal (127.0.0.4, approved), the gambling site (127.0.0.5,
//! every path answers a gambling page), the third-party script host (127.0.0.6) and the
//! newspaper whose link approval has expired (127.0.0.7).

use crate::model::Hosts;
use crate::server::{GIF, Resource, Shared, not_found};
use axum::Router;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::Arc;

/// Which of the other hosts a server plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// 某某商城.
    Shop,
    /// 浙江省人民政府.
    Provincial,
    /// 澳门皇冠娱乐城.
    Gambling,
    /// The script host.
    Scripts,
    /// 滨江日报.
    Expired,
}

/// One of the other hosts.
#[derive(Debug)]
pub(crate) struct Other {
    /// Pages by path.
    pages: HashMap<String, Resource>,
    /// Served for every path not in `pages` (404 unless the gambling site).
    fallback: Resource,
}

fn html(title: &str, body: &str) -> Resource {
    Resource::html(format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body>\n{body}\n</body></html>\n"
    ))
}

/// The gambling page every path of 127.0.0.5 answers.
pub(crate) const GAMBLING_TITLE: &str = "澳门皇冠娱乐城-在线博彩-真人荷官";

impl Other {
    /// The pages of `role`.
    pub(crate) fn build(role: Role, h: &Hosts) -> Other {
        let mut pages = HashMap::new();
        let mut fallback = not_found();
        match role {
            Role::Shop => {
                pages.insert(
                    "/".to_string(),
                    html("某某商城-正品低价 品质生活", "<h1>某某商城</h1>\n<p>家电、数码、生鲜，全场满199减20。</p>\n<p><a href=\"/coupon.html\">领取消费券</a></p>"),
                );
                pages.insert(
                    "/coupon.html".to_string(),
                    html(
                        "消费券领取-某某商城",
                        "<h1>滨江消费季 消费券领取</h1>\n<p>每人每天限领一次，领取后7日内有效。</p>",
                    ),
                );
            }
            Role::Provincial => {
                pages.insert(
                    "/".to_string(),
                    html("浙江省人民政府门户网站", "<h1>浙江省人民政府</h1>\n<p>网站标识码：3300000001</p>"),
                );
                pages.insert("/images/banner.gif".to_string(), Resource::new("image/gif", GIF));
            }
            Role::Gambling => {
                fallback = html(
                    GAMBLING_TITLE,
                    "<h1>澳门皇冠娱乐城</h1>\n<p>在线博彩 真人荷官 百家乐 体育投注 注册即送彩金</p>",
                );
            }
            Role::Scripts => {
                let iframe = format!(
                    "(function () {{\n  var f = document.createElement(\"iframe\");\n  f.src = \"{}\";\n  \
                     f.width = 0; f.height = 0; f.style.display = \"none\";\n  document.body.appendChild(f);\n}})();\n",
                    h.gambling
                );
                pages.insert("/tj.js".to_string(), Resource::new("application/javascript", iframe.clone()));
                pages.insert("/cnzz.js".to_string(), Resource::new("application/javascript", iframe));
            }
            Role::Expired => {
                pages.insert(
                    "/".to_string(),
                    html("滨江日报数字报", "<h1>滨江日报</h1>\n<p>今日要闻 | 本地新闻 | 副刊</p>"),
                );
            }
        }
        Other { pages, fallback }
    }

    /// The host's router.
    pub(crate) fn router(self: Arc<Self>, shared: Arc<Shared>) -> Router {
        Router::new().fallback(handle).with_state((self, shared))
    }
}

async fn handle(State((o, shared)): State<(Arc<Other>, Arc<Shared>)>, uri: Uri) -> Response {
    shared.count();
    o.pages.get(uri.path()).unwrap_or(&o.fallback).response()
}
