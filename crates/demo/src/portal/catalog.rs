//! The portal's content as data: every column with its articles (dates computed from
//! `today`), the 领导信箱 messages and the 办事指南 guides. Articles that carry a planted
//! problem have a `key`, so the pages and the manifest are derived from the same facts.

use super::texts;
use crate::html::{p, paras, signature};
use crate::model::{Article, Charset, Column, DateFmt, Disclosure, Hosts, ListStyle, ago, cn_date};
use chrono::{Datelike, NaiveDate, TimeDelta};

/// Hands out TRS document ids in build order.
struct Ids(u32);

impl Ids {
    fn next(&mut self) -> u32 {
        self.0 += 1;
        self.0
    }
}

/// One message of the 领导信箱.
#[derive(Debug, Clone)]
pub(crate) struct Message {
    /// Message id (`/ldxx/<id>.html`).
    pub id: u32,
    /// Planted role.
    pub key: Option<&'static str>,
    /// Subject.
    pub title: &'static str,
    /// Who asked (anonymised as 王先生).
    pub asker: &'static str,
    /// 留言时间.
    pub asked: NaiveDate,
    /// The message.
    pub content: &'static str,
    /// 回复时间, replying unit, reply text.
    pub reply: Option<(NaiveDate, &'static str, &'static str)>,
}

impl Message {
    /// `/ldxx/<id>.html`.
    pub(crate) fn path(&self) -> String {
        format!("/ldxx/{}.html", self.id)
    }
}

/// One 办事指南 guide.
#[derive(Debug, Clone)]
pub(crate) struct Guide {
    /// Page path.
    pub path: &'static str,
    /// Planted role.
    pub key: &'static str,
    /// Title.
    pub title: &'static str,
    /// The key elements present (label, value).
    pub elements: Vec<(&'static str, &'static str)>,
    /// The form attachment (name, path).
    pub form: (&'static str, &'static str),
}

/// Everything the portal publishes.
#[derive(Debug, Clone)]
pub(crate) struct Catalog {
    /// The date every other date is computed from.
    pub today: NaiveDate,
    /// Columns with list pages, including the GBK 信息公开 column.
    pub columns: Vec<Column>,
    /// 领导信箱 messages.
    pub messages: Vec<Message>,
    /// 办事指南 guides.
    pub guides: Vec<Guide>,
    /// The homepage link to an article that does not exist.
    pub missing_article: String,
}

/// The page answering 500, linked from an article.
pub(crate) const ERROR_PAGE: &str = "/wsbs/sbxt.html";
/// The thumbnail missing on the 图片新闻 list.
pub(crate) const MISSING_THUMB: &str = "/tpxw/images/p3.gif";
/// The CSV attachment with leaked ID numbers.
pub(crate) const LEAK_CSV: &str = "/tzgg/files/gzfshmd.csv";
/// The DOCX attachment with leaked ID numbers.
pub(crate) const LEAK_DOCX: &str = "/tzgg/files/sqgzzmd.docx";
/// The PDF attachment with leaked ID numbers (a Type0 font with a ToUnicode CMap).
pub(crate) const LEAK_PDF: &str = "/tzgg/files/sqgztjjg.pdf";
/// The working DOCX form of the complete guide.
pub(crate) const FORM_DOCX: &str = "/bszn/files/gzfsqb.docx";
/// The missing XLS form of the incomplete guide.
pub(crate) const FORM_XLS: &str = "/bszn/files/jzzdjb.xls";

impl Catalog {
    /// Builds the whole portal content for `today`.
    pub(crate) fn build(today: NaiveDate, h: &Hosts) -> Catalog {
        let mut ids = Ids(58200);
        let zcwj = zcwj(today, &mut ids);
        let zcjd = zcjd(today, &mut ids, &zcwj);
        let columns = vec![
            ywdt(today, &mut ids, h),
            gzdt(today, &mut ids),
            bmdt(today, &mut ids),
            tzgg(today, &mut ids),
            zcwj,
            zcjd,
            xxgk(today, &mut ids),
            Column { note: None, ..Column::new("rsxx", "人事信息", ListStyle::Ul(DateFmt::Dash), Vec::new()) },
            Column {
                note: Some("本栏目暂无信息。"),
                ..Column::new("ghjh", "规划计划", ListStyle::Ul(DateFmt::Dash), Vec::new())
            },
            tpxw(today, &mut ids),
            yshj(today, &mut ids),
            wmcs(today, &mut ids),
        ];
        let missing = ago(today, 3);
        Catalog {
            today,
            columns,
            messages: messages(today),
            guides: guides(),
            missing_article: format!("/tzgg/{}/t{}_{}.html", missing.format("%Y%m"), missing.format("%Y%m%d"), 59990),
        }
    }

    /// The column with this slug.
    pub(crate) fn column(&self, slug: &str) -> &Column {
        self.columns.iter().find(|c| c.slug == slug).expect("known column")
    }

    /// Every article with its column.
    pub(crate) fn articles(&self) -> impl Iterator<Item = (&Column, &Article)> {
        self.columns.iter().flat_map(|c| c.articles.iter().map(move |a| (c, a)))
    }

    /// The article playing a planted role.
    pub(crate) fn keyed(&self, key: &str) -> &Article {
        self.articles().map(|(_, a)| a).find(|a| a.key == Some(key)).expect("known key")
    }

    /// The path of the article playing a planted role.
    pub(crate) fn path(&self, key: &str) -> String {
        self.keyed(key).path()
    }

    /// The message playing a planted role.
    pub(crate) fn message(&self, key: &str) -> &Message {
        self.messages.iter().find(|m| m.key == Some(key)).expect("known message")
    }

    /// The guide playing a planted role.
    pub(crate) fn guide(&self, key: &str) -> &Guide {
        self.guides.iter().find(|g| g.key == key).expect("known guide")
    }
}

/// A news article in `col`, `days` before today.
fn news(ids: &mut Ids, t: NaiveDate, col: &'static str, days: i64, title: String, body: &[&str]) -> Article {
    Article::new(ids.next(), col, title, ago(t, days), paras(body))
}

fn ywdt(t: NaiveDate, ids: &mut Ids, h: &Hosts) -> Column {
    let g = &h.gambling;
    let mut v = Vec::new();
    let mut add = |ids: &mut Ids, days: i64, title: &str, body: &[&str]| {
        let a = news(ids, t, "ywdt", days, title.to_string(), body).source("滨江日报");
        v.push(a);
        v.len() - 1
    };
    let future = add(ids, -30, "市政府召开全市重点项目建设推进会", texts::FUTURE);
    add(ids, 1, "市政府召开第48次常务会议", texts::STANDING_MEETING);
    let tamper = add(ids, 2, "滨江市新增3个省级未来社区创建项目", texts::FUTURE_COMMUNITY);
    let cloak = add(ids, 3, "我市入选全国首批城市更新示范城市", texts::URBAN_RENEWAL);
    let tj = add(ids, 5, "市领导调研能源保供工作", texts::ENERGY);
    let packer = add(ids, 6, "滨江市前三季度经济运行情况发布", texts::ECONOMY);
    let link500 = add(ids, 8, "市政务服务中心推出“一件事”集成办理新模式", texts::ONE_THING);
    let mismatch = add(ids, 9, "滨江市举办第五届运河文化旅游节", texts::CANAL_FESTIVAL);
    let typos = add(ids, 11, "全市安全生产工作会议召开", texts::SAFETY_MEETING);
    let referrer = add(ids, 13, "滨江市获评省级数字政府建设优秀案例", texts::DIGITAL_GOV);
    let shop = add(ids, 15, "“滨江消费季”启动 线上线下同步发放消费券", texts::CONSUMPTION);
    let fragment = add(ids, 18, "市人大常委会开展《滨江市物业管理条例》执法检查", texts::PROPERTY_LAW);
    let y = ago(t, 21).year();
    add(ids, 21, &format!("我市举行{y}年度新兵入伍欢送仪式"), texts::RECRUITS);
    add(ids, 25, "滨江市启动大气污染防治攻坚行动", texts::AIR);
    add(ids, 29, "市政府与省农业科学院签署战略合作协议", texts::AGRI);
    add(ids, 33, "滨江市召开民营经济高质量发展大会", texts::PRIVATE_ECONOMY);
    let new = add(ids, 0, "市政府召开森林防火工作部署会", texts::FOREST_FIRE);

    v[future] = v[future].clone().key("future");
    v[future].time = "10:00";
    v[tamper] = v[tamper].clone().key("tamper_text");
    v[tamper].tampered_body = Some(paras(texts::FUTURE_COMMUNITY_TAMPERED));
    v[cloak] = v[cloak].clone().key("cloak");
    v[cloak].cloaked_extra = Some(format!(
        "<div class=\"tags\">热门推荐：<a href=\"{g}e/1.html\">澳门皇冠娱乐城</a> <a href=\"{g}e/2.html\">在线博彩</a> \
         <a href=\"{g}e/3.html\">真人荷官</a> <a href=\"{g}e/4.html\">体育投注</a></div>\n"
    ));
    v[tj] = v[tj].clone().key("tj");
    v[tj].body.push_str(&format!("<script type=\"text/javascript\" src=\"{}tj.js\"></script>\n", h.scripts));
    v[packer] = v[packer].clone().key("packer");
    v[packer].body.push_str(texts::PACKER);
    v[link500] = v[link500].clone().key("link500");
    v[link500]
        .body
        .push_str(&format!("<p>办事群众可登录<a href=\"{ERROR_PAGE}\">网上申报系统</a>在线提交申请材料。</p>\n"));
    v[mismatch] = v[mismatch].clone().key("list_mismatch");
    v[mismatch].list_date = ago(t, 69);
    v[typos] = v[typos].clone().key("typos");
    v[referrer] = v[referrer].clone().key("referrer");
    v[referrer].body.push_str(&texts::referrer_script(g));
    v[shop] = v[shop].clone().key("shop");
    v[shop].body.push_str(&format!(
        "<p>市民可通过<a href=\"{s}\">某某商城活动专区</a>领取消费券，具体规则见<a href=\"{s}activity/2026.html\">消费券使用说明</a>。</p>\n",
        s = h.shop
    ));
    v[fragment] = v[fragment].clone().key("fragment");
    let fragment_target = v[typos].path();
    v[fragment].body.push_str(&format!("<p>检查报告全文详见<a href=\"{fragment_target}#fj\">附件</a>。</p>\n"));
    v[new] = v[new].clone().key("tamper_new");
    v[new].tamper_only = true;
    Column::new("ywdt", "要闻动态", ListStyle::Ul(DateFmt::Dash), v)
}

fn gzdt(t: NaiveDate, ids: &mut Ids) -> Column {
    let v = vec![
        news(ids, t, "gzdt", 20, "市住房和城乡建设局召开全市建筑施工安全生产工作会议".into(), texts::CONSTRUCTION),
        news(ids, t, "gzdt", 24, "市公安局召开打击治理跨境赌博专项行动推进会".into(), texts::ANTI_GAMBLING)
            .key("anti_gambling")
            .source("滨江市公安局"),
        news(ids, t, "gzdt", 31, "市国家保密局开展“保守国家秘密 筑牢安全防线”主题宣传活动".into(), texts::SECRECY_WEEK)
            .key("secrecy_prose")
            .source("滨江市国家保密局"),
        news(ids, t, "gzdt", 38, "市农业农村局部署秋冬种工作".into(), texts::SOWING),
        news(ids, t, "gzdt", 45, "市市场监管局开展食品安全“你点我检”活动".into(), texts::FOOD_SAFETY),
        news(ids, t, "gzdt", 52, "市生态环境局召开重点排污单位环境管理工作会议".into(), texts::ENVIRONMENT),
    ];
    Column::new("gzdt", "工作动态", ListStyle::Ul(DateFmt::Paren), v)
}

fn bmdt(t: NaiveDate, ids: &mut Ids) -> Column {
    let items: [(i64, &str, &str, &[&str]); 6] = [
        (4, "市文化和旅游局举办“非遗进社区”系列展演", "滨江市文化和旅游局", texts::HERITAGE),
        (7, "市交通运输局完成城区12条公交线路优化调整", "滨江市交通运输局", texts::BUS),
        (10, "市教育局召开全市中小学校安全工作会议", "滨江市教育局", texts::SCHOOL),
        (16, "市卫生健康委开展“健康义诊进乡村”活动", "滨江市卫生健康委员会", texts::CLINIC),
        (22, "市人力社保局举办大型人才招聘会", "滨江市人力资源和社会保障局", texts::JOBS),
        (27, "市水利局完成主要河道汛后安全检查", "滨江市水利局", texts::RIVERS),
    ];
    let v =
        items.iter().map(|&(d, title, src, body)| news(ids, t, "bmdt", d, title.into(), body).source(src)).collect();
    Column::new("bmdt", "部门动态", ListStyle::Rows, v)
}

/// The body of an ordinary notice: lead, closing line, signature and date.
fn notice_body(title: &str, lead: &str, date: NaiveDate, signer: &str) -> String {
    let ending = if title.ends_with("公示") {
        "特此公示。"
    } else if title.ends_with("公告") || title.ends_with("通告") {
        "特此公告。"
    } else if title.ends_with("倡议") {
        "让我们携起手来，共同参与。"
    } else {
        "特此通知。"
    };
    let mut s = String::new();
    if title.ends_with("通知") {
        s.push_str(&p("各区（县）人民政府，市直各有关单位："));
    }
    s.push_str(&p(lead));
    s.push_str(&p("请各有关单位高度重视，认真做好相关工作，确保各项要求落到实处。"));
    s.push_str(&p(ending));
    s.push_str(&signature(signer, date));
    s
}

/// A 公示 table of people (full or masked numbers).
fn people_table(people: &[crate::personal::Person], masked: bool, with_mobile: bool) -> String {
    let mut s = String::from("<table class=\"gs\">\n<tr><th>序号</th><th>姓名</th><th>性别</th><th>身份证号码</th>");
    if with_mobile {
        s.push_str("<th>联系电话</th>");
    }
    s.push_str("</tr>\n");
    for (i, person) in people.iter().enumerate() {
        let (id, mobile) = if masked {
            (crate::personal::mask_id(&person.id), crate::personal::mask_mobile(&person.mobile))
        } else {
            (person.id.clone(), person.mobile.clone())
        };
        s.push_str(&format!("<tr><td>{}</td><td>{}</td><td>{}</td><td>{id}</td>", i + 1, person.name, person.gender));
        if with_mobile {
            s.push_str(&format!("<td>{mobile}</td>"));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n");
    s
}

fn tzgg(t: NaiveDate, ids: &mut Ids) -> Column {
    let mut v = Vec::new();
    for (k, (title, lead)) in texts::NOTICES.iter().enumerate() {
        let date = ago(t, 243 + 5 * k as i64);
        let title = title.replace("{y}", &date.year().to_string());
        let signer = if title.contains("公示") { "滨江市民政局" } else { "滨江市人民政府办公室" };
        let mut a = Article::new(ids.next(), "tzgg", title.clone(), date, String::new()).source(signer);
        a.body = match k {
            2 => {
                a.key = Some("leak");
                let mut s = p(&format!(
                    "根据《城乡最低生活保障办法》有关规定，经本人申请、乡镇（街道）审核，现将{}年度城乡最低生活保障拟审批对象予以公示，公示期为7天。",
                    date.year()
                ));
                s.push_str(&people_table(&crate::personal::people(0, 5), false, true));
                s.push_str(&p("公示期间，如有异议，请向滨江市民政局社会救助科反映。联系电话：0571-87001234。"));
                s.push_str(&signature(signer, date));
                s
            }
            4 => {
                a.key = Some("masked");
                let mut s = p(
                    "根据《滨江市临时救助实施办法》，经审核，现将拟救助对象名单予以公示（个人信息已作脱敏处理），公示期为5个工作日。",
                );
                s.push_str(&people_table(&crate::personal::people(3, 4), true, true));
                s.push_str(&p("公示期间，如有异议，请向滨江市民政局反映。联系电话：0571-87001234。"));
                s.push_str(&signature(signer, date));
                s
            }
            6 => {
                a.key = Some("csv");
                a.source = "滨江市住房和城乡建设局";
                let mut s =
                    p("经个人申请、街道初审、部门联审，现将公共租赁住房保障资格审核结果予以公示，公示期为7天。");
                s.push_str(&format!("<p>附件：<a href=\"{LEAK_CSV}\">公共租赁住房保障资格审核通过名单.csv</a></p>\n"));
                s.push_str(&signature("滨江市住房和城乡建设局", date));
                s
            }
            9 => {
                a.key = Some("docx");
                let mut s = p("经笔试、面试、体检和考察，现将拟聘用社区专职工作者名单予以公示，公示期为5个工作日。");
                s.push_str(&format!("<p>附件：<a href=\"{LEAK_DOCX}\">拟聘用人员名单.docx</a></p>\n"));
                s.push_str(&format!("<p>附件：<a href=\"{LEAK_PDF}\">拟聘用人员体检结果.pdf</a></p>\n"));
                s.push_str(&signature("滨江市民政局", date));
                s
            }
            _ => notice_body(&title, &lead.replace("{y}", &date.year().to_string()), date, signer),
        };
        v.push(a);
    }
    Column { page_size: 8, ..Column::new("tzgg", "通知公告", ListStyle::Ul(DateFmt::Bracket), v) }
}

fn zcwj(t: NaiveDate, ids: &mut Ids) -> Column {
    let mut v = Vec::new();
    for &(days, title, inner, no, classified) in texts::POLICIES {
        let date = ago(t, days);
        let written = date - TimeDelta::days(3);
        let no = format!("{no}〔{}〕{}号", written.year(), 40 - days / 6);
        let org = if title.starts_with("滨江市人民政府办公室") {
            "滨江市人民政府办公室"
        } else {
            "滨江市人民政府"
        };
        let mut body = String::new();
        if classified {
            body.push_str(&p("机密★1年"));
        }
        body.push_str(&p(&no));
        body.push_str(&p("各区（县）人民政府，市政府各部门、各直属单位："));
        body.push_str(&p(&format!("现将《{inner}》印发给你们，请结合实际认真贯彻执行。")));
        body.push_str(&p(texts::POLICY_BODY));
        body.push_str(&signature(org, written));
        let mut a = Article::new(ids.next(), "zcwj", title, date, body).source(org);
        a.doc_no = Some(no);
        if classified {
            a.key = Some("classified");
        }
        v.push(a);
    }
    Column::new("zcwj", "政策文件", ListStyle::Table, v)
}

fn zcjd(t: NaiveDate, ids: &mut Ids, zcwj: &Column) -> Column {
    let docs: Vec<&Article> = zcwj.articles.iter().collect();
    let items: [(i64, &str, usize); 4] = [
        (24, "《滨江市推动经济高质量发展若干政策》解读", 0),
        (46, "《关于进一步加强城市精细化管理的实施意见》政策解读", 1),
        (84, "图解：滨江市养老服务体系建设三年行动计划", 2),
        (199, "一图读懂滨江市数字政府建设实施意见", 5),
    ];
    let mut v = Vec::new();
    for (days, title, doc) in items {
        let d = docs[doc];
        let mut body = paras(texts::INTERPRETATION);
        body.push_str(&format!("<p>原文链接：<a href=\"{}\">{}</a></p>\n", d.path(), crate::html::esc(&d.title)));
        let mut a = Article::new(ids.next(), "zcjd", title, ago(t, days), body).source("滨江市发展和改革委员会");
        if days == 84 {
            a.key = Some("url_mismatch");
            a.url_date = a.published - TimeDelta::days(200);
        }
        v.push(a);
    }
    Column::new("zcjd", "政策解读", ListStyle::Ul(DateFmt::Chinese), v)
}

fn xxgk(t: NaiveDate, ids: &mut Ids) -> Column {
    let items: [(i64, String, Charset, &'static str); 3] = [
        (12, format!("滨江市人民政府信息公开指南（{}年修订）", ago(t, 12).year()), Charset::GbkHeader, "gbk_header"),
        (30, "滨江市人民政府关于调整部分行政事业性收费标准的决定".into(), Charset::GbkMeta, "gbk_meta"),
        (60, "滨江市人民政府办公室关于印发滨江市政务公开工作要点的通知".into(), Charset::GbkBare, "gbk_bare"),
    ];
    let mut v = Vec::new();
    for (k, (days, title, charset, key)) in items.into_iter().enumerate() {
        let date = ago(t, days);
        let written = date - TimeDelta::days(5);
        let mut a = Article::new(ids.next(), "xxgk", title, date, paras(texts::DISCLOSURE[k])).key(key);
        a.doc_no = (k > 0).then(|| format!("滨政办发〔{}〕{}号", written.year(), 30 + k));
        a.disclosure = Some(Disclosure {
            index_no: format!("002501234/{}-{:05}", written.year(), 120 + k * 7),
            org: "滨江市人民政府办公室",
            written,
        });
        a.charset = charset;
        v.push(a);
    }
    Column { charset: Charset::GbkHeader, ..Column::new("xxgk", "政府信息公开", ListStyle::Ul(DateFmt::Dash), v) }
}

fn tpxw(t: NaiveDate, ids: &mut Ids) -> Column {
    let items: [(i64, &str); 5] = [
        (3, "滨江夜景灯光秀点亮运河两岸"),
        (9, "市民体育公园正式开园"),
        (14, "滨江湿地迎来大批候鸟栖息"),
        (19, "我市举办首届乡村音乐节"),
        (26, "城市书房“滨江书屋”新增5家"),
    ];
    let v = items
        .iter()
        .enumerate()
        .map(|(k, &(d, title))| {
            let n = k + 1;
            let mut body = format!("<p class=\"pic\"><img src=\"/tpxw/images/d{n}.gif\" alt=\"{title}\"></p>\n");
            body.push_str(&paras(&[texts::PHOTO_CAPTIONS[k]]));
            let mut a = Article::new(ids.next(), "tpxw", title, ago(t, d), body).source("滨江日报");
            a.thumb = Some(format!("/tpxw/images/p{n}.gif"));
            a
        })
        .collect();
    Column::new("tpxw", "图片新闻", ListStyle::Thumbs, v)
}

fn yshj(t: NaiveDate, ids: &mut Ids) -> Column {
    let v = vec![
        news(ids, t, "ztzl/yshj", 6, "我市推出优化营商环境20条新举措".into(), texts::BUSINESS_1),
        news(ids, t, "ztzl/yshj", 35, "企业开办实现“一日办结”".into(), texts::BUSINESS_2),
        news(ids, t, "ztzl/yshj", 70, "滨江市召开优化营商环境工作推进会".into(), texts::BUSINESS_3),
    ];
    Column {
        parent: Some(("专题专栏", "/ztzl/index.html")),
        ..Column::new("ztzl/yshj", "优化营商环境专题", ListStyle::Ul(DateFmt::Dash), v)
    }
}

/// The historical topic: old items, exempt from the freshness rules.
fn wmcs(t: NaiveDate, ids: &mut Ids) -> Column {
    let year = ago(t, 1000).year();
    let v = vec![
        news(ids, t, "ztzl/wmcs", 1000, "我市召开创建全国文明城市动员大会".into(), texts::CIVILISED_1).key("historic"),
        news(ids, t, "ztzl/wmcs", 1020, "文明交通劝导志愿服务活动全面展开".into(), texts::CIVILISED_2),
        news(ids, t, "ztzl/wmcs", 1050, "全市开展“文明餐桌”行动".into(), texts::CIVILISED_3),
    ];
    Column {
        parent: Some(("专题专栏", "/ztzl/index.html")),
        ..Column::new("ztzl/wmcs", format!("{year}年创建全国文明城市专题（历史专题）"), ListStyle::Ul(DateFmt::Dash), v)
    }
}

fn messages(t: NaiveDate) -> Vec<Message> {
    let m = |id, title, asker, asked, content, reply| Message { id, key: None, title, asker, asked, content, reply };
    let mut v = vec![
        m(
            3107,
            "咨询城区公共租赁住房申请条件",
            "王先生",
            ago(t, 14),
            texts::MSG_RENT,
            Some((ago(t, 9), "滨江市住房和城乡建设局", texts::REPLY_RENT)),
        ),
        m(3106, "关于税务业务的咨询", "刘经理", ago(t, 12), texts::MSG_SPAM, None),
        m(
            3098,
            "反映滨江路夜间施工噪音扰民问题",
            "陈女士",
            ago(t, 40),
            texts::MSG_NOISE,
            Some((ago(t, 36), "滨江市生态环境局", texts::REPLY_NOISE)),
        ),
        m(
            3091,
            "建议增设城东新区至火车站公交线路",
            "李先生",
            ago(t, 95),
            texts::MSG_BUS,
            Some((ago(t, 90), "滨江市交通运输局", texts::REPLY_BUS)),
        ),
        m(3072, "关于新建小区配套学校开学时间的咨询", "赵女士", ago(t, 150), texts::MSG_SCHOOL, None),
        m(
            3055,
            "关于老旧小区停车难问题的建议",
            "孙先生",
            ago(t, 200),
            texts::MSG_PARKING,
            Some((ago(t, 193), "滨江市住房和城乡建设局", texts::REPLY_PARKING)),
        ),
    ];
    v[1].key = Some("spam");
    v[4].key = Some("unanswered");
    v.sort_by_key(|m| std::cmp::Reverse(m.asked));
    v
}

fn guides() -> Vec<Guide> {
    vec![
        Guide {
            path: "/bszn/zn_0101.html",
            key: "complete",
            title: "公共租赁住房保障资格申请",
            elements: texts::GUIDE_COMPLETE.to_vec(),
            form: ("公共租赁住房申请表.docx", FORM_DOCX),
        },
        Guide {
            path: "/bszn/zn_0102.html",
            key: "incomplete",
            title: "居住证申领",
            elements: texts::GUIDE_INCOMPLETE.to_vec(),
            form: ("居住证申领登记表.xls", FORM_XLS),
        },
    ]
}

/// The CSV attachment: the 公租房 list with full ID numbers.
pub(crate) fn leak_csv() -> Vec<u8> {
    let mut s = String::from("\u{feff}序号,姓名,性别,身份证号码,家庭人口,审核结果\r\n");
    for (i, person) in crate::personal::people(1, 6).iter().enumerate() {
        s.push_str(&format!("{},{},{},{},{},通过\r\n", i + 1, person.name, person.gender, person.id, 2 + i % 3));
    }
    s.into_bytes()
}

/// The DOCX attachment: the hiring list with full ID numbers.
pub(crate) fn leak_docx(today: NaiveDate) -> Vec<u8> {
    let mut lines = vec![
        format!("滨江市{}年公开招聘社区专职工作者拟聘用人员名单", ago(today, 288).year()),
        "序号\t姓名\t性别\t身份证号码\t报考岗位".to_string(),
    ];
    for (i, person) in crate::personal::people(2, 4).iter().enumerate() {
        lines.push(format!("{}\t{}\t{}\t{}\t社区专职工作者", i + 1, person.name, person.gender, person.id));
    }
    lines.push(format!("滨江市民政局　{}", cn_date(ago(today, 288))));
    crate::docx::docx(&lines)
}

/// The PDF attachment: the same candidates' medical-check results, with full ID numbers.
pub(crate) fn leak_pdf(today: NaiveDate) -> Vec<u8> {
    let mut lines = vec![
        format!("滨江市{}年公开招聘社区专职工作者拟聘用人员体检结果", ago(today, 288).year()),
        "序号\t姓名\t身份证号码\t体检结论".to_string(),
    ];
    for (i, person) in crate::personal::people(2, 4).iter().enumerate() {
        lines.push(format!("{}\t{}\t{}\t合格", i + 1, person.name, person.id));
    }
    lines.push(format!("滨江市民政局　{}", cn_date(ago(today, 288))));
    crate::pdf::pdf(&lines)
}

/// The blank application form of the complete guide.
pub(crate) fn form_docx() -> Vec<u8> {
    let lines: Vec<String> = [
        "滨江市公共租赁住房申请表",
        "申请人姓名：＿＿＿＿　身份证号码：＿＿＿＿＿＿＿＿＿＿",
        "家庭住址：＿＿＿＿＿＿＿＿　联系电话：＿＿＿＿＿＿",
        "家庭成员情况（姓名、与申请人关系、工作单位）：",
        "申请人承诺：以上填写内容真实有效，如有虚假，愿承担相应责任。",
        "申请人（签字）：　　　　　　年　　月　　日",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    crate::docx::docx(&lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn hosts() -> Hosts {
        let h = |ip: &str| format!("http://{ip}:8000/");
        Hosts {
            portal: h("127.0.0.1"),
            department: h("127.0.0.3"),
            shop: h("127.0.0.2"),
            provincial: h("127.0.0.4"),
            gambling: h("127.0.0.5"),
            scripts: h("127.0.0.6"),
            expired: h("127.0.0.7"),
            dead: h("127.0.0.9"),
        }
    }

    fn newest(cat: &Catalog, slug: &str) -> i64 {
        let c = cat.column(slug);
        (cat.today - c.visible(false)[0].list_date).num_days()
    }

    #[test]
    fn dates_keep_their_distance_from_today() {
        for today in [NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(), NaiveDate::from_ymd_opt(2027, 1, 3).unwrap()] {
            let cat = Catalog::build(today, &hosts());
            assert_eq!(newest(&cat, "gzdt"), 20);
            assert!((240..=250).contains(&newest(&cat, "tzgg")));
            assert_eq!(cat.column("tzgg").pages(false), 3);
            assert!(newest(&cat, "zcwj") < 180 && newest(&cat, "bmdt") < 14 && newest(&cat, "ztzl/yshj") < 14);
            assert!(newest(&cat, "ztzl/wmcs") > 900);
            assert!(cat.column("rsxx").articles.is_empty() && cat.column("ghjh").note.is_some());
            assert_eq!((cat.keyed("future").published - today).num_days(), 30);
            let u = cat.keyed("url_mismatch");
            assert_eq!((u.published - u.url_date).num_days(), 200);
            let l = cat.keyed("list_mismatch");
            assert_eq!((l.published - l.list_date).num_days(), 60);
            let unanswered = cat.message("unanswered");
            assert!(unanswered.reply.is_none() && (today - unanswered.asked).num_days() > 91);
            let last_reply = cat.messages.iter().filter_map(|m| m.reply.map(|r| r.0)).max().unwrap();
            assert!((today - last_reply).num_days() < 60);
        }
    }

    #[test]
    fn ids_and_paths_are_unique() {
        let cat = Catalog::build(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(), &hosts());
        let mut paths = HashSet::new();
        for (_, a) in cat.articles() {
            assert!(paths.insert(a.path()), "{}", a.path());
        }
        assert!(paths.len() > 60);
    }

    #[test]
    fn gbk_pages_need_no_character_references() {
        let cat = Catalog::build(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(), &hosts());
        let chrome = super::super::chrome(cat.today);
        let col = cat.column("xxgk");
        let mut pages = vec![crate::html::list_main(col, false, 0)];
        pages.extend(col.articles.iter().map(|a| crate::html::article_main(col, a, crate::html::Variant::Normal)));
        for main in pages {
            let html = chrome.page("t", "", &main);
            let (_, _, unmappable) = encoding_rs::GBK.encode(&html);
            assert!(!unmappable);
        }
    }
}
