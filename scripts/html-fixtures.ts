// HTML test fixtures: any document model written as a notice page the way procurement sites
// publish them (layout noise, inline styles, rowspan/colspan, <br> in cells, GBK pages), and the
// small pages that each show one feature.
import type { Block, TableBlock } from '../extractors/model.js';
import { isHeading } from '../pipeline/facts/index.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const lines = (text: string) => text.split('\n').map(esc).join('<br>');

/** A model table as an HTML table: covered slots are left out under their origin's rowspan/colspan. */
export function htmlTable(table: TableBlock): string {
  const rows = table.rows.map((row) => {
    const cells = row
      .filter((slot) => !slot.covered)
      .map((slot) => {
        const spans = `${slot.rowSpan > 1 ? ` rowspan="${slot.rowSpan}"` : ''}${slot.colSpan > 1 ? ` colspan="${slot.colSpan}"` : ''}`;
        return `<td${spans} style="border:1px solid #000;padding:4px"><span style="font-family:宋体;font-size:10.5pt">${lines(slot.text)}</span></td>`;
      });
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<table border="1" cellspacing="0" style="border-collapse:collapse;width:100%">\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

/** A whole notice page around the blocks, with the chrome a site adds (scripts, styles, navigation). */
export function htmlPage(blocks: Block[], charset: string, title: string): string {
  const body = blocks.map((b) => {
    if (b.type === 'table') return htmlTable(b);
    if (isHeading(b)) return `<h3 style="font-size:16px;font-weight:bold">${esc(b.text)}</h3>`;
    return `<p style="text-indent:2em;line-height:1.8"><span style="font-size:14px">${esc(b.text)}</span></p>`;
  });
  return `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=${charset}">
<title>${esc(title)}</title>
<style>.vF_detail_content p { margin: 0 } td { font-size: 12px } .hidden-note:before { content: "样式里的文字" }</style>
<script type="text/javascript">var notice = "脚本里的文字不是公告"; document.title = notice;</script>
</head>
<body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/cggg/">采购公告</a></div>
<div class="vF_detail_content">
${body.join('\n')}
</div>
<script>window.__stat = { page: "采购公告", n: 12345 };</script>
</body>
</html>
`;
}

// ---------- GBK ----------

let gbkTable: Map<string, number> | null = null;

/** GBK bytes of a text; characters outside GBK become numeric references, as browsers save them. */
export function encodeGbk(text: string): Buffer {
  if (!gbkTable) {
    // The inverse of the platform's GB18030 decoder over the two-byte (GBK) range.
    gbkTable = new Map();
    const dec = new TextDecoder('gb18030');
    for (let hi = 0x81; hi <= 0xfe; hi++) {
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([hi, lo]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, (hi << 8) | lo);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else {
      const code = gbkTable.get(ch);
      if (code === undefined) for (const b of Buffer.from(`&#${cp};`, 'ascii')) out.push(b);
      else out.push(code >> 8, code & 0xff);
    }
  }
  return Buffer.from(out);
}

// ---------- feature fixtures ----------

const page = (body: string, head = '<meta charset="utf-8">') => `<!DOCTYPE html>\n<html><head>${head}<title>采购公告</title></head>\n<body>\n${body}\n</body></html>\n`;

const ITEMS_TABLE = `<table border="1">
<tr><th>服务类别</th><th>服务子类</th><th>服务项</th><th>计价单位</th><th>报价单位</th><th>数量</th><th>期限（月）</th></tr>
<tr><td rowspan="3">计算服务</td><td rowspan="2">x86平台云主机服务</td><td>vCPU（主频不低于2.4GHz）</td><td>1 CPU</td><td>元/月</td><td>655</td><td>12</td></tr>
<tr><td>内存</td><td>1 GB</td><td>元/月</td><td>2014</td><td>12</td></tr>
<tr><td>x86物理服务器租用服务</td><td>x86物理服务器</td><td>1 台</td><td>元/月</td><td>2</td><td>12</td></tr>
<tr><td>存储服务</td><td colspan="2">静态存储</td><td>1 TB</td><td>元/月</td><td>9</td><td>12</td></tr>
</table>`;

export function featureHtml(): Record<string, Buffer> {
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  const gbkPage = (head: string) => encodeGbk(page(`<p>项目名称：北京市司法局2025年政务云租赁服务项目</p>\n<h2>（1） 政务云基础服务</h2>\n${ITEMS_TABLE}`, head));
  return {
    'table-spans.html': utf8(page(`<h2>（1） 政务云基础服务</h2>\n${ITEMS_TABLE}`)),
    'cell-breaks.html': utf8(page(`<table border="1">
<tr><td>服务项</td><td>计价单位</td><td>数量</td></tr>
<tr><td>高性能存储<br>（单盘技术指标：<br/>单盘IOPS 3000-20000）</td><td><p>1 GB</p></td><td><div>9424</div></td></tr>
<tr><td><p>通过备份策略实现文件、</p><p>操作系统、数据库的本地备份</p></td><td>1GB</td><td>44,681.83</td></tr>
</table>`)),
    'inline-styles.html': utf8(page(`<p style="text-indent:2em"><span style="font-family:'仿宋_GB2312';font-size:16pt">项目名称：</span><span style="font-family:'仿宋_GB2312'"><b>政务云</b><font color="red">租赁服务</font>项目</span></p>
<p style="display:none">隐藏的段落不是正文</p>
<p>&nbsp;&nbsp;&nbsp;&nbsp;预算金额：<span style="color:#333">162.75</span>万元&nbsp;</p>
<table border="1"><tr><td><span style="font-weight:bold">服务项</span></td><td>计价单位</td><td>数量</td></tr>
<tr><td><span style="font-size:10pt">vCPU</span><span style="display:none">（隐藏）</span></td><td><font face="宋体">1 CPU</font></td><td><strong>292</strong></td></tr></table>`)),
    'fullwidth-digits.html': utf8(page(`<table border="1">
<tr><td>服务项</td><td>计价单位</td><td>数量</td><td>期限（月）</td></tr>
<tr><td>vCPU</td><td>１ CPU</td><td>２９２</td><td>１２</td></tr>
<tr><td>高性能存储</td><td>１００ＧＢ</td><td>０．３</td><td>１２</td></tr>
</table>`)),
    'script-style.html': utf8(page(`<script>document.write("<p>脚本写出的段落</p>");</script>
<style>p { color: red } /* 样式表里的注释 */</style>
<noscript>请启用脚本</noscript>
<p>正文第一段</p>
<table border="1"><tr><td>服务项<script>var x = "单元格里的脚本";</script></td><td>数量<style>td{}</style></td></tr>
<tr><td>内存</td><td>64</td></tr></table>
<template><p>模板内容</p></template>`, '<meta charset="utf-8"><script>var head = "头部脚本";</script><style>body { margin: 0 }</style>')),
    'charset-gb2312.html': gbkPage('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
    'charset-gbk.html': gbkPage('<meta charset="GBK">'),
    'charset-undeclared-gbk.html': gbkPage(''),
    'charset-utf8-bom.html': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(page(`<p>带字节顺序标记的页面</p>`, ''))]),
    'charset-utf16-bom.html': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(page(`<p>UTF-16 页面</p>`, ''), 'utf16le')]),
    'layout-table.html': utf8(page(`<table width="980" align="center"><tr><td>
<h1>北京市司法局2025年政务云租赁服务项目采购公告</h1>
<p>项目名称：北京市司法局2025年政务云租赁服务项目</p>
<h2>（2） 政务云扩展服务</h2>
<table border="1">
<tr><td>服务项</td><td>计价单位</td><td>数量</td></tr>
<tr><td>主机杀毒服务</td><td>1台</td><td>113</td></tr>
</table>
</td></tr></table>`)),
    'ragged-rows.html': utf8(page(`<table border="1">
<tr><td>服务项</td><td>计价单位</td><td>数量</td><td>期限（月）</td></tr>
<tr><td>vCPU</td><td>1 CPU</td><td>8</td></tr>
<tr><td>内存</td><td>1 GB</td><td>16</td><td>12</td></tr>
</table>`)),
  };
}
