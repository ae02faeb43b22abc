#!/usr/bin/env python3
"""Generates a government-style static site for whole-run benchmarks.

N article pages (default 10,000) of about 30 KB each with about 60 links per page:
10 column navigation links, 2 breadcrumb links, 30 dated cross-links to other articles,
previous/next, 8 images, a stylesheet and a script, an attachment, 5 footer links and an
external link; one page in 50 links to a deleted page (404), one in 100 to a missing
attachment. TRS-style paths (/column/YYYYMM/tYYYYMMDD_N.html); one column in ten is GBK
(declared with <meta charset>), the rest UTF-8. Deterministic, so every run crawls the same
site. Also writes OUTDIR.urls: the URL path of every HTML page, one per line (for tools
that do not crawl).

usage: gen_site.py OUTDIR [PAGES]
"""
import os
import sys

out = sys.argv[1]
pages = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
columns = ["xwzx", "tzgg", "zcwj", "zcjd", "bmdt", "rsxx", "ghjh", "tjsj", "bsfw", "hdjl"]
names = ["新闻中心", "通知公告", "政策文件", "政策解读", "部门动态", "人事信息", "规划计划", "统计数据", "办事服务", "互动交流"]
footer_pages = [("wzdt", "网站地图"), ("lxwm", "联系我们"), ("gywm", "关于本站"), ("yssm", "隐私声明"), ("syzn", "使用帮助")]
paras = [
    "为深入贯彻落实党中央、国务院决策部署，进一步加强和改进政府网站建设管理工作，切实提升政府网站的权威性、"
    "准确性和时效性，现将有关事项通知如下。",
    "各地区、各部门要高度重视，明确责任分工，加强统筹协调，确保各项工作落到实处，并于每季度末报送工作进展情况。",
    "市政府办公室将会同有关部门加强督促检查，对工作推进不力、信息更新不及时的单位予以通报，情节严重的依规问责。",
    "本通知自印发之日起施行。此前有关规定与本通知不一致的，以本通知为准。请各单位结合实际认真贯彻执行。",
]
FOOTER = ('<div class="footer"><p>主办单位：滨江市人民政府办公室　承办单位：滨江市大数据发展管理局</p>'
          '<p>网站标识码3301000001　浙ICP备12345678号'
          '　浙公网安备 33010002000123号</p><p>联系电话：0571-87000001</p></div>')


def ym(i):
    return f"2026{(i % 12) + 1:02d}"


def path(i):
    return f"/{columns[i % len(columns)]}/{ym(i)}/t{ym(i)}{(i % 28) + 1:02d}_{i}.html"


def date(i):
    return f"2026-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}"


NAV = "".join(f'<li><a href="/{c}/index.html">{n}</a></li>' for c, n in zip(columns, names))
FOOT_LINKS = "".join(f'<a href="/{p}.html">{n}</a> | ' for p, n in footer_pages)
# Markup a content-management system puts on every page (no links): keeps pages near 30 KB
# with a realistic share of markup to text.
CHROME = ('<div class="toolbar"><span class="font">字号：<em>大</em> <em>中</em> <em>小</em></span>'
          '<span class="print">打印本页</span><span class="close">关闭窗口</span></div>\n') * 6


def page(i):
    col = i % len(columns)
    gbk = col == 7
    charset = "gbk" if gbk else "utf-8"
    links = []
    for k in range(30):
        j = (i * 7 + k * 131) % pages
        links.append(f'<li><a href="{path(j)}" target="_blank">关于第{j}号文件的通知（{k}）</a><span class="date">{date(j)}</span></li>\n')
    imgs = "".join(f'<p class="img"><img src="/images/pic{(i + k) % 200}.jpg" alt="图片{k}"></p>\n' for k in range(8))
    extra = [f'<a href="/files/att{i % 500}.pdf">附件：第{i}号文件.pdf</a>']
    if i % 100 == 0:
        extra.append(f'<a href="/files/missing{i}.doc">附件：已删除.doc</a>')
    if i % 50 == 0:
        extra.append(f'<a href="/missing/{i}.html">已删除的页面</a>')
    extra.append('<a href="http://127.0.0.1:9/ext/partner.html">合作单位</a>')
    body = "".join(f"<p>（{n + 1}）第{i}号文件。{paras[(i + n) % len(paras)]}{paras[(i + n + 1) % len(paras)]}</p>\n" for n in range(62))
    prev_next = (f'<div class="pn"><a href="{path((i - 1) % pages)}">上一篇</a>'
                 f'<a href="{path((i + 1) % pages)}">下一篇</a></div>')
    html = f"""<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>关于第{i}号文件的通知_{names[col]}_滨江市人民政府</title>
<meta name="SiteName" content="滨江市人民政府"><meta name="ColumnName" content="{names[col]}">
<meta name="ArticleTitle" content="关于第{i}号文件的通知"><meta name="PubDate" content="{date(i)} 09:30">
<link rel="stylesheet" href="/css/main.css"><script src="/js/main.js"></script></head>
<body><div class="header"><h2>滨江市人民政府</h2><ul class="nav">{NAV}</ul></div>
<div class="crumb">当前位置：<a href="/index.html">首页</a> &gt; <a href="/{columns[col]}/index.html">{names[col]}</a> &gt; 正文</div>
{CHROME}<div class="main"><h1>关于第{i}号文件的通知</h1>
<div class="info">发布时间：{date(i)} 09:30 来源：{names[col]}</div>
<div class="content">
{body}{imgs}<p class="attach">{' '.join(extra)}</p></div>
{prev_next}<div class="related"><h3>相关文件</h3><ul class="list">
{''.join(links)}</ul></div></div>
<div class="links">{FOOT_LINKS}</div>
{FOOTER}
</body></html>
"""
    return html.encode("gbk" if gbk else "utf-8")


def write(rel, data):
    p = os.path.join(out, rel.lstrip("/"))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)


def simple(title, body):
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_滨江市人民政府</title></head>'
            f'<body><div class="header"><ul class="nav">{NAV}</ul></div><h1>{title}</h1>{body}'
            f'<div class="links">{FOOT_LINKS}</div>{FOOTER}</body></html>').encode()


html_paths = []
for i in range(pages):
    write(path(i), page(i))
    html_paths.append(path(i))
for c, n in zip(columns, names):
    items = "".join(f'<li><a href="{path(j)}">关于第{j}号文件的通知</a><span>{date(j)}</span></li>'
                    for j in range(columns.index(c), min(pages, 600), len(columns)))
    write(f"/{c}/index.html", simple(n, f"<ul>{items}</ul>"))
    html_paths.append(f"/{c}/index.html")
for p, n in footer_pages:
    write(f"/{p}.html", simple(n, f"<p>{paras[0]}</p>"))
    html_paths.append(f"/{p}.html")
home = "".join(f'<li><a href="{path(j)}">关于第{j}号文件的通知</a><span>{date(j)}</span></li>' for j in range(min(pages, 200)))
write("/index.html", simple("滨江市人民政府", f"<ul>{home}</ul>"))
html_paths.append("/index.html")
for k in range(200):
    write(f"/images/pic{k}.jpg", b"\xff\xd8\xff" + bytes(2000))
for k in range(500):
    write(f"/files/att{k}.pdf", b"%PDF-1.4\n" + bytes(5000))
write("/css/main.css", b"body{margin:0}")
write("/js/main.js", b"var x=1;")
write("/robots.txt", b"User-agent: *\nDisallow:\n")
with open(out.rstrip("/") + ".urls", "w") as f:
    f.write("\n".join(html_paths) + "\n")
print(f"generated {pages} pages ({len(html_paths)} HTML files) in {out}")
