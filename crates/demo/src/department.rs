//! The department site 滨江市文化和旅游局 (127.0.0.3): about fifteen pages whose newest
//! homepage item is 41 days old, with no consultation channel at all, a footer without the
//! 公安备案 number, and (when asked) a homepage answering 503 every Nth request.

use crate::html::{Chrome, entries, p, paras, signature};
use crate::model::{Article, Column, DateFmt, ListStyle, ago};
use crate::pages::{self, PageMap};
use crate::server::{Resource, Shared, not_found, security_headers};
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use chrono::{Datelike, NaiveDate, TimeDelta};
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// The department site's prepared pages.
#[derive(Debug)]
pub(crate) struct Department {
    /// Every page by path.
    pages: PageMap,
    /// Every Nth homepage request answers 503 (0: never).
    flaky_every: u32,
}

fn chrome() -> Chrome {
    Chrome {
        site: "滨江市文化和旅游局",
        nav: [
            ("首页", "/"),
            ("工作动态", "/gzdt/index.html"),
            ("通知公告", "/tzgg/index.html"),
            ("政策文件", "/zcwj/index.html"),
            ("机构职能", "/jgzn/index.html"),
            ("联系我们", "/lxwm.html"),
        ]
        .iter()
        .map(|&(n, h)| (n, h.to_string()))
        .collect(),
        footer: "<p><a href=\"/lxwm.html\">联系我们</a></p>\n\
                 <p>主办单位：滨江市文化和旅游局　地址：滨江市文化路36号　联系电话：0571-87010001</p>\n\
                 <p>网站标识码：3301000012　浙ICP备12345678号-3</p>"
            .to_string(),
        search: false,
    }
}

fn columns(t: NaiveDate) -> Vec<Column> {
    let mut id = 7100;
    let mut art = |col: &'static str, days: i64, title: String, body: String| {
        id += 1;
        Article::new(id, col, title, ago(t, days), body).source("滨江市文化和旅游局")
    };
    let news: [(i64, &str, &[&str]); 4] = [
        (
            41,
            "市文化和旅游局召开全市旅游安全工作会议",
            &[
                "会议分析了当前全市旅游安全形势，部署景区、旅行社、星级饭店安全隐患排查工作。",
                "会议要求，各单位要严格落实安全生产责任制，确保游客生命财产安全。",
            ],
        ),
        (
            48,
            "我市3家景区通过国家4A级旅游景区复核",
            &[
                "近日，省文化和旅游厅公布国家4A级旅游景区复核结果，我市运河古镇等3家景区顺利通过复核。",
                "下一步，市文化和旅游局将督促各景区对照标准持续提升服务质量。",
            ],
        ),
        (
            56,
            "市文化和旅游局开展文化市场综合执法检查",
            &[
                "市文化市场综合行政执法队对全市网吧、歌舞娱乐场所、演出场所开展集中检查。",
                "检查共出动执法人员120人次，检查经营场所86家，责令整改问题12处。",
            ],
        ),
        (
            63,
            "“滨江礼物”文创产品设计大赛落幕",
            &[
                "“滨江礼物”文创产品设计大赛共收到参赛作品460件，评选出金奖3件、银奖6件。",
                "获奖作品将在市内主要景区和游客中心展示销售。",
            ],
        ),
    ];
    let gzdt = news.iter().map(|&(d, title, body)| art("gzdt", d, title.to_string(), paras(body))).collect();
    let notices: [(i64, &str, &str); 3] = [
        (
            45,
            "关于开展全市A级旅游景区安全生产检查的通知",
            "为切实做好旅游安全工作，决定对全市A级旅游景区开展安全生产检查。",
        ),
        (
            70,
            "关于组织申报{y}年度市级文化旅游发展专项资金的通知",
            "为推动文化和旅游产业融合发展，现组织开展市级文化旅游发展专项资金申报工作。",
        ),
        (
            90,
            "关于公布第二批市级旅游休闲街区名单的公告",
            "经各地申报、专家评审和社会公示，确定第二批市级旅游休闲街区名单，现予以公布。",
        ),
    ];
    let tzgg = notices
        .iter()
        .map(|&(d, title, lead)| {
            let date = ago(t, d);
            let title = title.replace("{y}", &date.year().to_string());
            let mut body = p("各区（县）文化和旅游主管部门，各有关单位：");
            body.push_str(&p(lead));
            body.push_str(&p(if title.ends_with("公告") { "特此公告。" } else { "特此通知。" }));
            body.push_str(&signature("滨江市文化和旅游局", date));
            art("tzgg", d, title, body)
        })
        .collect();
    let policies: [(i64, &str, &str); 3] = [
        (100, "滨江市文化和旅游局关于印发旅行社行业服务质量提升行动方案的通知", "滨文旅发"),
        (160, "滨江市文化和旅游局关于印发滨江市促进夜间文化和旅游消费实施办法的通知", "滨文旅发"),
        (220, "滨江市文化和旅游局关于公布行政处罚裁量基准的通知", "滨文旅发"),
    ];
    let zcwj = policies
        .iter()
        .enumerate()
        .map(|(k, &(d, title, prefix))| {
            let written = ago(t, d) - TimeDelta::days(2);
            let no = format!("{prefix}〔{}〕{}号", written.year(), 18 - 3 * k);
            let mut body = p(&no);
            body.push_str(&p("各区（县）文化和旅游主管部门，局机关各处室、直属各单位："));
            body.push_str(&p("现将有关文件印发给你们，请认真贯彻执行。"));
            body.push_str(&signature("滨江市文化和旅游局", written));
            let mut a = art("zcwj", d, title.to_string(), body);
            a.doc_no = Some(no);
            a
        })
        .collect();
    vec![
        Column::new("gzdt", "工作动态", ListStyle::Ul(DateFmt::Dash), gzdt),
        Column::new("tzgg", "通知公告", ListStyle::Ul(DateFmt::Slash), tzgg),
        Column::new("zcwj", "政策文件", ListStyle::Table, zcwj),
    ]
}

impl Department {
    /// Prepares every page for `today`.
    pub(crate) fn build(today: NaiveDate, flaky_every: u32) -> Department {
        let chrome = chrome();
        let columns = columns(today);
        let mut m = PageMap::new();
        pages::columns(&mut m, &columns, &chrome, false);
        pages::assets(&mut m);
        let top = |i: usize| {
            let mut v = columns[i].visible(false);
            v.truncate(4);
            v
        };
        let main = format!(
            "<div class=\"block\"><h3><a href=\"/gzdt/index.html\">工作动态</a></h3>\n{}</div>\n\
             <div class=\"block\"><h3><a href=\"/tzgg/index.html\">通知公告</a></h3>\n{}</div>\n\
             <div class=\"block\"><h3><a href=\"/zcwj/index.html\">政策文件</a></h3>\n{}</div>",
            entries(ListStyle::Ul(DateFmt::Dash), &top(0)),
            entries(ListStyle::Ul(DateFmt::Dash), &top(1)),
            entries(ListStyle::Table, &top(2)),
        );
        let home = Resource::html(chrome.page(chrome.site, "<meta charset=\"utf-8\">", &main));
        m.insert("/".into(), home.clone());
        m.insert("/index.html".into(), home);
        let jgzn = "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; 机构职能</div>\n<h2>机构职能</h2>\n\
                    <p>滨江市文化和旅游局是市政府工作部门，负责贯彻落实党和国家文化和旅游工作方针政策，\
                    统筹规划全市文化事业、文化产业和旅游业发展，指导、管理全市文艺事业和文物工作。</p>\n\
                    <p>内设机构：办公室、政策法规处、公共服务处、产业发展处、市场管理处、文物保护处。</p>";
        m.insert("/jgzn/index.html".into(), pages::simple(&chrome, "机构职能", jgzn));
        let lxwm = "<h2>联系我们</h2>\n<p>单位地址：滨江市文化路36号</p>\n<p>办公电话：0571-87010001</p>\n\
                    <p>办公时间：工作日上午8:30-12:00，下午14:00-17:30</p>";
        m.insert("/lxwm.html".into(), pages::simple(&chrome, "联系我们", lxwm));
        m.insert("/robots.txt".into(), Resource::new("text/plain; charset=utf-8", "User-agent: *\nDisallow:\n"));
        Department { pages: m, flaky_every }
    }

    /// The department's router.
    pub(crate) fn router(self: Arc<Self>, shared: Arc<Shared>) -> Router {
        Router::new().fallback(handle).with_state((self, shared))
    }
}

async fn handle(State((d, shared)): State<(Arc<Department>, Arc<Shared>)>, uri: Uri) -> Response {
    shared.count();
    let path = uri.path();
    if path == "/" && d.flaky_every > 0 {
        let n = shared.department_home_hits.fetch_add(1, Ordering::Relaxed) + 1;
        if n % u64::from(d.flaky_every) == 0 {
            let busy = Resource::html("<html><body><h1>503 Service Unavailable</h1></body></html>\n".to_string())
                .status(StatusCode::SERVICE_UNAVAILABLE);
            return security_headers(busy.response());
        }
    }
    let res = d.pages.get(path).cloned().unwrap_or_else(not_found);
    security_headers(res.response())
}
