// The service period: when the service starts and ends, where the document states it.
import { slotText, type DocModel } from '../../extractors/model.js';
import { cleanText } from '../text.js';


const DATE = /(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?/g;

function iso(y: string, m: string, d: string): string | null {
  const mm = Number(m), dd = Number(d);
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return null;
  return `${y}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

export function findServicePeriod(lines: string[]): { start: string | null; end: string | null } {
  let start: string | null = null;
  let end: string | null = null;
  for (const line of lines) {
    if (!/服务期|履行|合同期|服务时间|项目时间|起止|租用期|租赁期|服务周期|期限/.test(line)) continue;
    const dates = [...line.matchAll(DATE)].map((m) => ({ at: m.index!, end: m.index! + m[0].length, iso: iso(m[1]!, m[2]!, m[3]!) }));
    if (!dates.length) continue;
    for (let i = 0; i + 1 < dates.length; i++) {
      const from = dates[i]!;
      const to = dates[i + 1]!;
      if (/^\s*(至|到|-|—|~|～|起至)\s*$/.test(line.slice(from.end, to.at)) && !start) {
        start = from.iso;
        end = to.iso;
      }
    }
    for (const d of dates) {
      const before = line.slice(Math.max(0, d.at - 14), d.at);
      // 自签订合同之日至2026年12月31日止: a date right after 至 ends the period, whatever began it.
      if (/(至|到|止于)\s*$/.test(before) || /^\s*(止|结束|截止)/.test(line.slice(d.end))) {
        if (!end) end = d.iso;
        continue;
      }
      if (!start && /开始|起始|自/.test(before)) start = d.iso;
      if (!end && /结束|截止|终止|止|到期/.test(before)) end = d.iso;
    }
    if (start && end) break;
  }
  return { start, end };
}

/** Paragraphs, and every pair of neighbouring table cells as `a：b`: a period stands under labels of every kind. */
export function periodLines(doc: DocModel): string[] {
  const lines: string[] = [];
  for (const b of doc.blocks) {
    if (b.type === 'paragraph') {
      lines.push(cleanText(b.text));
      continue;
    }
    for (const [r, row] of b.rows.slice(0, 200).entries()) {
      const texts: string[] = [];
      row.forEach((_, c) => {
        const x = cleanText(slotText(b, r, c));
        if (x && texts[texts.length - 1] !== x) texts.push(x);
      });
      for (let i = 0; i + 1 < texts.length; i++) lines.push(`${texts[i]}：${texts[i + 1]}`);
    }
  }
  return lines.filter(Boolean);
}
