//! Throughput of the content scan (personal data, classification markers, lexicon) over
//! about 1 MB of generated Chinese government prose with a few numbers in it.
//!
//! Run: `cargo bench -p xunjian-core --bench scan`; criterion reports MiB/s.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use xunjian_core::checks::content::check_text;
use xunjian_core::scan::{Lexicon, classified, pii, scan_text};

const PARAGRAPHS: &[&str] = &[
    "为深入贯彻落实党中央、国务院关于优化营商环境的决策部署，进一步提升政务服务效能，\
     根据《国务院办公厅关于加快推进政务服务标准化规范化便利化的指导意见》（国办发〔2022〕5号）精神，\
     结合我市实际，制定本实施方案。各县（市、区）人民政府、市政府各部门要高度重视，切实加强组织领导。",
    "截至2026年10月底，全市累计完成固定资产投资1285.6亿元，同比增长7.3%，其中工业投资412.8亿元，\
     增长11.2%。新开工重大项目86个，总投资约2360亿元。全市城镇新增就业3.12万人，城镇登记失业率控制在3%以内。",
    "咨询电话：0571-87654321，监督电话：0571-12345。办公地址：滨江市江南大道1号市民中心B座，\
     邮政编码：310051。办理时间：工作日上午9:00-12:00，下午14:00-17:30（法定节假日除外）。",
    "各单位要严格落实信息发布保密审查制度，坚持“先审后发”，严把政治关、法律关、政策关、保密关、文字关，\
     全体干部职工要增强保密意识，保守国家秘密，依法保护商业秘密和个人隐私，防止涉密信息上网。",
    "附件：1. 2026年度第三批拟认定高新技术企业名单\n2. 申报材料清单\n发布日期：2026-11-20 来源：市科技局 \
     浏览次数：2048 字号：大 中 小 【打印本页】【关闭窗口】 网站标识码：3301000001 浙ICP备12345678号",
    "下一步，我们将再接再厉，一如既往地推进“最多跑一次”改造，聚焦企业和群众办事的堵点难点，\
     推动更多事项“一网通办”“掌上可办”，持续提升人民群众的获得感、幸福感、安全感。联系人：王科长，13812345678。",
];

fn corpus(target: usize) -> String {
    let mut s = String::with_capacity(target + 4096);
    let mut i = 0;
    while s.len() < target {
        s.push_str(PARAGRAPHS[i % PARAGRAPHS.len()]);
        s.push('\n');
        if i % 97 == 0 {
            // A rare leak: a table row with an ID number and a phone.
            s.push_str("序号 姓名 身份证号 联系电话\n1 张三 11010519491231002X 139-1234-5678\n");
        }
        i += 1;
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = corpus(1 << 20);
    let lexicon = Lexicon::default();
    let mut g = c.benchmark_group("scan");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(30);
    g.bench_function("scan_text", |b| b.iter(|| scan_text(black_box(&text), &lexicon, 2026)));
    g.bench_function("check_text", |b| b.iter(|| check_text("http://x/", None, black_box(&text), &lexicon, 2026)));
    g.bench_function("pii_only", |b| b.iter(|| pii::find(black_box(&text), 2026)));
    g.bench_function("classified_only", |b| b.iter(|| classified::find(black_box(&text))));
    g.bench_function("lexicon_only", |b| b.iter(|| lexicon.find(black_box(&text))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
