import iconv from 'iconv-lite';
import type { ReportSpec } from './generate.ts';
import { reportBlocks, type DocBlock, type LayoutOptions } from './reportLayout.ts';

/**
 * A report as a saved government web page: site navigation, a sidebar of other reports, the
 * report in a content `div` with the template's merged cells (rowspan/colspan), a footer; in
 * UTF-8 or GB18030 (declared as gb2312 by a meta tag, or undeclared).
 */
export interface HtmlOptions extends LayoutOptions {
  encoding?: 'utf-8' | 'gb18030-meta' | 'gb18030-undeclared';
  /** The title only in `<title>`, not in the content. */
  titleOnlyInHead?: boolean;
  /** Page chrome around the report (navigation, sidebar, footer). */
  chrome?: boolean;
  /** Old sites lay the page out with a table: the report's tables nest inside its cell. */
  layoutTable?: boolean;
  /** A sidebar of links longer than the report itself. */
  longSidebar?: boolean;
  /**
   * As a real government site's article page: the title in a `meta` ArticleTitle, in `<title>`
   * with the site's name and in an article-title element above the content, while the content
   * opens with a sentence naming the year and 年度报告 but no body.
   */
  articlePage?: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function blocksToHtml(blocks: DocBlock[], o: { titleOnlyInHead?: boolean } = {}): string {
  return blocks
    .map((b) => {
      if (b.kind === 'title') return o.titleOnlyInHead ? '' : `<h1 class="title">${esc(b.text)}</h1>`;
      if (b.kind === 'heading') return `<p style="text-indent:2em"><strong>${esc(b.text)}</strong></p>`;
      if (b.kind === 'para') return `<p style="text-indent:2em">${esc(b.text)}</p>`;
      if (b.kind !== 'table') return '';
      const rows = b.rows
        .map((r) => '<tr>' + r.map((c) => `<td${c.colspan && c.colspan > 1 ? ` colspan="${c.colspan}"` : ''}${c.rowspan && c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : ''}>${c.text === '' ? '&nbsp;' : esc(c.text)}</td>`).join('') + '</tr>')
        .join('\n');
      return `<table border="1" cellspacing="0" cellpadding="2"><tbody>\n${rows}\n</tbody></table>`;
    })
    .join('\n');
}

export function renderHtmlReport(spec: ReportSpec, o: HtmlOptions = {}): Buffer {
  let blocks = reportBlocks(spec, o);
  const title = `${spec.organ}${spec.year}年政府信息公开工作年度报告`;
  if (o.articlePage) {
    const opening = `根据《中华人民共和国政府信息公开条例》《政府信息公开工作年度报告格式》要求，结合本单位实际，编制${spec.year}年政府信息公开工作年度报告。`;
    blocks = [{ kind: 'para', text: opening }, ...blocks.filter((b) => b.kind !== 'title')];
  }
  const articleTitle = o.articlePage ? `<div class="article_title">${esc(title)}</div>` : '';
  const articleMeta = o.articlePage ? `<meta name="ArticleTitle" content="${esc(title)}"/>` : '';
  const charset = o.encoding === 'gb18030-meta' ? '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' : o.encoding === 'gb18030-undeclared' ? '' : '<meta charset="utf-8">';
  const chrome = o.chrome ?? true;
  // A link list (before the report in the page when long, as a left column).
  const SIDE = !chrome ? '' : `<div class="side"><h3>相关链接</h3><ul>${Array.from({ length: o.longSidebar ? 120 : 2 }, (_, i) => `<li><a href="#">${spec.year - 1 - (i % 9)}年某某镇政府信息公开工作年度报告（第${i + 1}号）</a></li>`).join('')}</ul></div>`;
  const html = `<!DOCTYPE html>
<html><head>${charset}${articleMeta}<title>${esc(title)}_${esc(spec.organ)}人民政府网</title>
<style>td{border:1px solid #000}</style><script>var _hmt = _hmt || []; document.write("统计 2024年 12 条");</script></head>
<body>
${chrome ? `<div class="top"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/bsfw">办事服务</a></li></ul>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div></div>` : ''}
<div class="main">${o.longSidebar ? SIDE : ''}<div class="article">${articleTitle}<div class="info">发布时间：${spec.year + 1}-01-20 来源：本站 浏览次数：1024</div>
<div id="zoom" class="TRS_Editor">
${o.layoutTable ? `<table width="100%"><tr><td class="bt_content">${blocksToHtml(blocks, o)}</td></tr><tr><td>【打印本页】【关闭窗口】</td></tr></table>` : blocksToHtml(blocks, o)}
</div></div>
${o.longSidebar ? '' : SIDE}</div>
${chrome ? '<div class="footer">主办单位：人民政府办公室 版权所有 联系电话：0591-23163581 闽ICP备05012345号 网站标识码3501000012</div>' : ''}
</body></html>`;
  return o.encoding && o.encoding !== 'utf-8' ? iconv.encode(html, 'gb18030') : Buffer.from(html, 'utf8');
}
