#!/usr/bin/env python3
"""Generates a government-style static site for whole-run benchmarks.

N pages (default 10,000) of about 30 KB each, about 60 links per page (navigation, a dated
list, article cross-links, images, attachments, a few external links and a few broken
ones), in TRS-style paths; one column in ten is served as GBK (meta charset), the rest
UTF-8. Deterministic (seeded), so every run crawls the same site.

usage: gen_site.py OUTDIR [PAGES]
"""
import os
import random
import sys

out = sys.argv[1]
pages = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
rng = random.Random(20261128)
columns = ["xwzx", "tzgg", "zcwj", "zcjd", "bmdt", "rsxx", "ghjh", "tjsj", "bsfw", "hdjl"]
names = ["新闻中心", "通知公告", "政策文件", "政策解读", "部门动态", "人事信息", "规划计划", "统计数据", "办事服务", "互动交流"]
para = ("为深入贯彻落实党中央、国务院决策部署，进一步加强和改进政府网站建设管理工作，"
        "切实提升政府网站的权威性、准确性和时效性，现将有关事项通知如下。各地区、各部门要高度重视，"
        "明确责任分工，加强统筹协调，确保各项工作落到实处。")


def path(i):
    col = columns[i % len(columns)]
    return f"/{col}/2026{(i % 12) + 1:02d}/t2026{(i % 12) + 1:02d}{(i % 28) + 1:02d}_{i}.html"


def page(i):
    col = i % len(columns)
    gbk = col == 7
    charset = "gbk" if gbk else "utf-8"
    links = []
    nav = "".join(f'<li><a href="/{c}/index.html">{n}</a></li>' for c, n in zip(columns, names))
    for k in range(30):
        j = (i * 7 + k * 131) % pages
        links.append(f'<li><a href="{path(j)}">关于第{j}号文件的通知（{k}）</a><span>2026-{(j % 12) + 1:02d}-{(j % 28) + 1:02d}</span></li>')
    for k in range(8):
        links.append(f'<img src="/images/pic{(i + k) % 200}.jpg" alt="图片{k}">')
    links.append(f'<a href="/files/att{i % 500}.pdf">附件下载</a>')
    links.append('<a href="http://127.0.0.1:9/ext/partner.html">合作单位</a>')
    if i % 50 == 0:
        links.append(f'<a href="/missing/{i}.html">已删除的页面</a>')
    body = para * 40
    html = f"""<!DOCTYPE html><html><head><meta charset="{charset}"><title>第{i}号文件_{names[col]}_滨江市人民政府</title>
<link rel="stylesheet" href="/css/main.css"><script src="/js/main.js"></script></head>
<body><div class="header"><h2>滨江市人民政府</h2><ul class="nav">{nav}</ul></div>
<div class="main"><h1>关于第{i}号文件的通知</h1><div class="info">发布时间：2026-{(i % 12) + 1:02d}-{(i % 28) + 1:02d} 09:30 来源：{names[col]}</div>
<div class="content"><p>{body}</p></div><ul class="list">{''.join(links)}</ul></div>
<div class="footer">主办单位：滨江市人民政府办公室 网站标识码3301000001 浙ICP备12345678号 浙公网安备 33010002000123号</div>
</body></html>"""
    return html.encode("gbk" if gbk else "utf-8")


def write(rel, data):
    p = os.path.join(out, rel.lstrip("/"))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)


for i in range(pages):
    write(path(i), page(i))
for c, n in zip(columns, names):
    items = "".join(f'<li><a href="{path(j)}">第{j}号文件</a><span>2026-11-20</span></li>' for j in range(columns.index(c), min(pages, 600), len(columns)))
    write(f"/{c}/index.html", f'<html><head><meta charset="utf-8"><title>{n}</title></head><body><ul>{items}</ul></body></html>'.encode())
home = "".join(f'<li><a href="{path(j)}">第{j}号文件</a><span>2026-11-20</span></li>' for j in range(0, min(pages, 200)))
home_nav = "".join(f'<a href="/{c}/index.html">{n}</a>' for c, n in zip(columns, names))
write("/index.html", f'<html><head><meta charset="utf-8"><title>滨江市人民政府</title></head><body>{home_nav}<ul>{home}</ul><div class="footer">主办单位：滨江市人民政府办公室 网站标识码3301000001 浙ICP备12345678号 浙公网安备 33010002000123号</div></body></html>'.encode())
for k in range(200):
    write(f"/images/pic{k}.jpg", b"\xff\xd8\xff" + bytes(2000))
for k in range(500):
    write(f"/files/att{k}.pdf", b"%PDF-1.4\n" + bytes(5000))
write("/css/main.css", b"body{margin:0}")
write("/js/main.js", b"var x=1;")
write("/robots.txt", b"User-agent: *\nDisallow:\n")
print(f"generated {pages} pages in {out}")
