// Document facts: project, buyer (采购人), budget, lots (包/标段), service period, and the
// heading and lot each block stands under.
import { slotText, type Block, type DocModel, type TableBlock } from '../extractors/model.js';
import type { Lot } from '../schemas/records.js';
import { roleOf } from './headers.js';
import { CHINESE_NUMERAL, chineseMoney, chineseNumber, scaleDecimal } from './numbers.js';
import { cleanText, halfWidth } from './text.js';

export interface Facts {
  project: string | null;
  agency: string | null;
  budget_cny: number | null;
  /** 最高限价 / 控制价 of the whole document, never taken for the budget. */
  price_cap_cny: number | null;
  lots: Lot[];
  service_start: string | null;
  service_end: string | null;
}

/** Where each block stands: its section heading and lot. */
export interface Placement { section: string | null; lot: number | null }

// ---------- numbering and headings ----------

const NUMBERING = new RegExp(
  [
    `^[（(]\\s*(?:\\d+|${CHINESE_NUMERAL}+)\\s*[)）]`,
    `^(?:\\d+|${CHINESE_NUMERAL}+)\\s*[)）]`,
    `^第\\s*(?:\\d+|${CHINESE_NUMERAL}+)\\s*[章节部分篇条]`,
    `^${CHINESE_NUMERAL}+\\s*[、.．]`,
    `^\\d+(?:\\s*[.．]\\s*\\d+)*\\s*[、.．]?(?=\\s|[\\u4e00-\\u9fff“"《（(])`,
    '^[①-⑳]',
    '^[一-十]\\s+',
  ].join('|'),
);

/** `（1） 政务云基础服务` → `政务云基础服务`; `1.2.3 xx` → `xx`. */
export function stripNumbering(text: string): string {
  let t = text.trim();
  for (let i = 0; i < 3; i++) {
    const next = t.replace(NUMBERING, '').trim();
    if (next === t) break;
    t = next;
  }
  return t;
}

/** A paragraph that reads as a heading: short, numbered (or marked by the reader), no sentence punctuation. */
export function isHeading(block: Block): boolean {
  if (block.type !== 'paragraph') return false;
  const text = cleanText(block.text);
  if (!text || text.length > 60) return false;
  const body = stripNumbering(text);
  if (!body || body.length > 45) return false;
  if (/[。；;，,：:]/.test(body.replace(/[：:]$/, ''))) return false;
  if (/^[\d.\s%]+$/.test(body)) return false;
  return block.heading === true || body !== text;
}

// ---------- lots ----------

/** A sum as tenders write it: 3,860,000.00, 398.6000000. */
const AMOUNT = '(?:\\d{1,3}(?:[,，]\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)';

const LOT_NO = `(\\d+|${CHINESE_NUMERAL}+)`;
/** 第一包, 第3标段 … */
const LOT_ORDINAL = `第\\s*${LOT_NO}\\s*(?:包|标段|标包|分包|采购包|合同包)`;
/** 包1, 标段二, 合同包1 … */
const LOT_NUMBERED = `(?:合同包|采购包|分包|标包|包组|包|标段)\\s*${LOT_NO}`;
const LOT_NAME = '(?:\\s*[:：]\\s*|\\s+)?([^（）()：:，,。；;]*)';
const LOT_PATTERNS = [new RegExp(`${LOT_ORDINAL}${LOT_NAME}`), new RegExp(`${LOT_NUMBERED}(?![\\d万元年月])${LOT_NAME}`)];
/** What follows a lot number in a line that states its money (包1：418万元, 标段一预算金额：…), not its name. */
const LOT_MONEY = /^(?:的)?(?:预算|采购预算|项目预算|最高限价|限价|控制价|金额|合同金额)|^(?:人民币)?\s*[¥￥]?\s*\d[\d,，.]*\s*(?:万元|万|元)/;

function lotNumber(text: string): number | null {
  const n = /^\d+$/.test(text) ? Number(text) : chineseNumber(text);
  return n && n > 0 && n < 100 ? n : null;
}

/** The lot a 包号 cell names: `包1`, `第二包`, `2`, `标段三`. */
export function lotIn(cell: string): number | null {
  const n = /(\d+|[一二三四五六七八九十]+)/.exec(halfWidth(cell));
  return n ? lotNumber(n[1]) : null;
}

/** A lot marker in a title or heading line: `第一包：法律服务业务系统`, `包1：…`, `标段二 …`. */
export function lotMarker(text: string): { lot: number; name: string } | null {
  const t = cleanText(text);
  if (t.length > 80) return null;
  for (const re of LOT_PATTERNS) {
    const m = re.exec(t);
    if (!m) continue;
    // In running text (本项目分为两个包…) a marker is not a lot heading: it must lead the line,
    // follow the numbering, or stand in brackets in a title.
    const before = t.slice(0, m.index);
    const leads = stripNumbering(before) === '' || /[（(【\[]\s*$/.test(before) || /项目\s*$/.test(before);
    if (!leads) continue;
    const lot = lotNumber(m[1]);
    if (lot === null) continue;
    if (LOT_MONEY.test(m[2] ?? '')) return null;
    let name = (m[2] ?? '').replace(/^(采购内容|名称|包名称)\s*[:：]?/, '').replace(/[)）】\]]+$/, '').trim();
    // 合同包1(政务云计算及存储资源): the name in brackets right after the number.
    if (!name) name = /^\s*[（(]([^（）()]{2,40})[)）]/.exec(t.slice(m.index + m[0].length))?.[1].trim() ?? '';
    // A form's or template's title names no lot: 包1 合同模板, 第一包评分标准.
    return { lot, name: /采购需求|技术要求|招标|报价|评分|合同(?:模板|文本|条款)|模板|格式|投标文件|响应文件/.test(name) ? '' : name };
  }
  return null;
}

const LOT_REF = `(?:${LOT_ORDINAL}|${LOT_NUMBERED})`;
const LOT_BUDGET = new RegExp(
  `${LOT_REF}\\s*(?:[（(][^（）()]{0,30}[)）])?\\s*(?:的)?(?:预算金额|采购预算|项目预算|预算|最高限价|限价|金额)?\\s*(?:为|[:：])?\\s*((?:人民币)?\\s*[¥￥]?\\s*${AMOUNT}\\s*(?:万元|万|元))`,
  'g',
);

/**
 * Budgets a budget line gives lot by lot: `其中第一包256.80万元，第二包43.20万元`,
 * `（包1：418万元；包2：142万元）`, `标段一预算金额：3,600,000.00元`. `at` is where the first
 * lot is named, so that a budget stated before it is the whole project's.
 */
export function lotBudgets(line: string): { at: number; lots: { lot: number; budget_cny: number }[] } {
  const t = halfWidth(cleanText(line));
  const lots: { lot: number; budget_cny: number }[] = [];
  let at = -1;
  if (!BUDGET_LABEL.test(t)) return { at, lots };
  for (const m of t.matchAll(LOT_BUDGET)) {
    const lot = lotNumber(m[1] ?? m[2]);
    const money = moneyOf(m[3]);
    if (lot === null || money === null) continue;
    if (at < 0) at = m.index!;
    lots.push({ lot, budget_cny: money });
  }
  return { at, lots };
}

// ---------- places: sections and lots per block ----------

/** A lot marker that starts its line and is all the line says: a heading, not a title with the lot in brackets. */
function isLotHeading(text: string): boolean {
  const body = stripNumbering(text);
  return body.length <= 40 && new RegExp(`^${LOT_REF}`).test(body) && !/[。；;，,]/.test(body);
}

/** For each block, the section heading and lot it stands under. */
export function placeBlocks(blocks: Block[]): Placement[] {
  let section: string | null = null;
  let lot: number | null = null;
  let lastShort: string | null = null;
  return blocks.map((block) => {
    if (block.type === 'table') {
      const place = { section: section ?? lastShort, lot };
      lastShort = null;
      return place;
    }
    const text = cleanText(block.text);
    const marker = text.length <= 80 ? lotMarker(text) : null;
    if (marker) {
      lot = marker.lot;
      // A line that is the lot's own heading (包1：物理服务器租赁服务) is what its tables stand under.
      section = isLotHeading(text) ? stripNumbering(text) : null;
    }
    if (isHeading(block)) section = stripNumbering(text);
    else if (!marker) lastShort = text.length <= 30 && !/[。；;，,]/.test(text) && !/[:：]\s*(?:人民币)?\s*[\d¥￥]/.test(text) ? text : null;
    return { section, lot };
  });
}

// ---------- facts ----------

/** Lines to search for facts: paragraphs, and label/value pairs of key-value tables. */
function factLines(doc: DocModel): string[] {
  const lines: string[] = [];
  for (const b of doc.blocks) {
    if (b.type === 'paragraph') lines.push(cleanText(b.text));
    else lines.push(...tableLines(b));
  }
  return lines.filter(Boolean);
}

function tableLines(t: TableBlock): string[] {
  const out: string[] = [];
  for (let r = 0; r < t.rows.length && r < 200; r++) {
    const texts: string[] = [];
    t.rows[r].forEach((_, c) => {
      const x = cleanText(slotText(t, r, c));
      if (x && texts[texts.length - 1] !== x) texts.push(x);
    });
    for (let i = 0; i + 1 < texts.length; i++) out.push(`${texts[i]}：${texts[i + 1]}`);
  }
  return out;
}

const PROJECT_END = /\s*(?:项目编号|采购编号|招标编号|项目代码|编号|采购方式|预算金额|采购人|采购单位|招标人|资金来源|包号)(?:\/\S{1,4})?\s*[:：].*$/;
const DOC_TYPE_SUFFIX = /(?:的)?(?:公开招标|竞争性磋商|竞争性谈判|询价|单一来源)?(?:招标文件|采购文件|采购需求|招标公告|采购公告|磋商文件|谈判文件|询价文件|需求书|技术要求|采购项目需求|公告)$/;

function cleanValue(v: string): string {
  return v.replace(/^[\s“"「『]+|[\s”"」』。；;，,]+$/g, '').trim();
}

function findProject(lines: string[]): string | null {
  let named: string | null = null;
  for (const line of lines) {
    const m = /项目名称\s*[:：]\s*(.+)/.exec(line);
    if (!m) continue;
    const v = cleanValue(m[1].replace(PROJECT_END, ''));
    if (v.length < 4 || /^[（(]/.test(v)) continue;
    // A name cut by a line wrap on the cover (…辅助及后) is stated whole further on.
    if (named === null) named = v;
    else if (v.length > named.length && v.startsWith(named)) named = v;
  }
  if (named !== null) return named;
  // Else the title: an early line that names a project.
  for (const line of lines.slice(0, 15)) {
    const t = line.replace(/[（(][^（）()]*(?:包|标段)[^（）()]*[)）]/g, '').replace(DOC_TYPE_SUFFIX, '').trim();
    if (t.length >= 6 && t.length <= 60 && /项目|采购|服务|工程|招标/.test(t) && !/[。；;：:]/.test(t) && stripNumbering(t) === t) {
      return cleanValue(t);
    }
  }
  return null;
}

const ORG_SUFFIX = '(?:委员会|管理委员会|人民政府|办公室|办公厅|中心|医院|大学|学院|学校|中学|小学|幼儿园|研究院|研究所|协会|联合会|局|厅|委|署|院|所|馆|站|队|公司|集团|街道办事处|街道|镇|乡|社区|村委会|法院|检察院|部)';
const NOT_AGENCY = /代理|集中采购机构|采购中心$|招标有限公司|招标代理|咨询有限公司|投标人|供应商/;

/** A value that names an organisation, not a definition (采购人：是指…) nor a redaction. */
function agencyValue(raw: string): string | null {
  const v = cleanValue(raw.replace(/(地址|联系人|联系方式|电话).*$/, '').replace(/[（(](?:盖章|公章|签章|甲方|以下简称[^）)]*)[)）]$/, ''));
  if (v.length < 3 || NOT_AGENCY.test(v) || /^[*＊xX×_\-—]+$/.test(v) || /^(是指|指|系指|为|见|详见|由|应|须|在)/.test(v)) return null;
  return v;
}

// A contact block names its party on one line and the party's name on the next:
// `1.采购人信息` / `名称：浙江钱塘大学`, `采购代理机构信息` / `名称：…`.
const BUYER_BLOCK = /^(?:采购人|采购单位|招标人|采购人名称|采购单位名称)(?:信息|联系方式)?\s*[:：]?$/;
const OTHER_BLOCK = /(?:代理机构|集中采购机构|采购代理|招标代理|采购中心|交易中心|供应商|投标人)(?:信息|联系方式)?\s*[:：]?$/;

function findAgency(lines: string[], project: string | null): string | null {
  let block: 'buyer' | 'other' | null = null;
  let blockLines = 0;
  const named: string[] = [];
  for (const line of lines) {
    const m = /(?:^|[\s，,；;、)）])(?:采购人|采购单位|招标人|采购人名称|采购单位名称|招标人名称|甲方)\s*(?:名称)?\s*(?:[（(](?:甲方|盖章|全称)[)）])?\s*[:：]\s*([^\s，,；;。:：]{2,40})/.exec(line) ??
      /^(?:采购人|采购单位|招标人|甲方)(?:名称)?\s*[:：]\s*([^\s，,；;。:：]{2,40})/.exec(line);
    const v = m ? agencyValue(m[1]) : null;
    if (v) named.push(v);
    const head = stripNumbering(line);
    if (BUYER_BLOCK.test(head)) [block, blockLines] = ['buyer', 0];
    else if (OTHER_BLOCK.test(head)) [block, blockLines] = ['other', 0];
    else if (block && ++blockLines > 3) block = null;
    const name = /^名\s*称\s*[:：]\s*(.{2,40})$/.exec(line);
    if (name && block === 'buyer') {
      const b = agencyValue(name[1]);
      if (b) named.push(b);
    }
  }
  // The first name given, unless a later one is its full form (市场监督管理局 on the cover,
  // 上海市宝山区市场监督管理局 further on).
  if (named.length) return named.find((n) => n.length > named[0].length && n.endsWith(named[0])) ?? named[0];
  if (!project) return null;
  // The organisation that leads the project name: 北京市司法局2025年… → 北京市司法局.
  const beforeYear = /^(.{3,40}?)(?:\d{4}|二〇[一二三四五六七八九〇]{2})\s*(?:年|-\d{4})/.exec(project);
  if (beforeYear && new RegExp(`${ORG_SUFFIX}$`).test(beforeYear[1])) return beforeYear[1];
  const lead = new RegExp(`^(.{2,30}?${ORG_SUFFIX})(?!${ORG_SUFFIX})`).exec(project);
  return lead ? lead[1] : null;
}

// A sum with its unit, or after the yuan sign alone (¥1,000,000.00).
const MONEY = new RegExp(`(人民币)?\\s*[¥￥]?\\s*(${AMOUNT})\\s*(万元|万|元)|[¥￥]\\s*(${AMOUNT})`);
const BUDGET_LABEL = /预算金额|采购预算|项目预算|预算总额|预算资金|预算价|最高限价|最高投标限价|采购金额|控制价|预算/;

/** An amount in yuan: `3,860,000.00` → 3860000; in 万元, exactly scaled (398.6 → 3986000). */
function yuan(amount: string, wan: boolean): number {
  const digits = amount.replace(/[,，]/g, '');
  return wan ? scaleDecimal(digits, 4) : Number(digits);
}

/** The first sum of money in `text` (`398.6000000 万元`, `3,860,000.00元`), in yuan. */
function moneyOf(text: string): number | null {
  const m = MONEY.exec(halfWidth(text));
  return m ? yuan(m[2] ?? m[4], !!m[3]?.startsWith('万')) : null;
}

/** A budget stated in a line, in yuan. */
export function budgetIn(line: string): number | null {
  const t = halfWidth(line);
  const label = BUDGET_LABEL.exec(t);
  if (!label) return null;
  const after = t.slice(label.index + label[0].length);
  // The unit may stand in the label: 预算金额（万元）：398.6
  const unitInLabel = /^\s*[（(]\s*(万元|元)\s*[)）]/.exec(after);
  const m = MONEY.exec(after);
  // A threshold in a rule (采购预算金额在1000万元以上的…) is not this tender's budget.
  if (m && /在|超过|达到|低于/.test(after.slice(0, m.index)) && /^\s*(以上|以下|以内|及以上|及以下)/.test(after.slice(m.index + m[0].length))) return null;
  if (m && m.index <= 24) return moneyOf(m[0]);
  if (unitInLabel) {
    const n = new RegExp(`^\\s*[:：]?\\s*(${AMOUNT})`).exec(after.slice(unitInLabel[0].length));
    if (n) return yuan(n[1], unitInLabel[1] === '万元');
  }
  const capital = chineseMoney(after.slice(0, 40));
  return capital;
}

const DATE = /(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?/g;

function iso(y: string, m: string, d: string): string | null {
  const mm = Number(m), dd = Number(d);
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return null;
  return `${y}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

function findServicePeriod(lines: string[]): { start: string | null; end: string | null } {
  let start: string | null = null;
  let end: string | null = null;
  for (const line of lines) {
    if (!/服务期|履行|合同期|服务时间|项目时间|起止|租用期|租赁期|服务周期|期限/.test(line)) continue;
    const dates = [...line.matchAll(DATE)].map((m) => ({ at: m.index!, end: m.index! + m[0].length, iso: iso(m[1], m[2], m[3]) }));
    if (!dates.length) continue;
    for (let i = 0; i + 1 < dates.length; i++) {
      if (/^\s*(至|到|-|—|~|～|起至)\s*$/.test(line.slice(dates[i].end, dates[i + 1].at)) && !start) {
        start = dates[i].iso;
        end = dates[i + 1].iso;
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

export function findFacts(doc: DocModel, placements: Placement[]): Facts {
  const lines = factLines(doc);
  const project = findProject(lines);
  const agency = findAgency(lines, project);

  // Lots, with names from their first marker that has one, and budgets stated in their part.
  const lots = new Map<number, Lot>();
  let docBudget: number | null = null;
  const lotOf = (lot: number): Lot => {
    if (!lots.has(lot)) lots.set(lot, { lot, name: '', budget_cny: null });
    return lots.get(lot)!;
  };
  doc.blocks.forEach((block, i) => {
    if (block.type !== 'paragraph') return;
    const text = cleanText(block.text);
    const marker = lotMarker(text);
    if (marker) {
      const known = lotOf(marker.lot);
      if (!known.name && marker.name) known.name = marker.name;
    }
    const budget = budgetIn(text);
    if (budget === null) return;
    const inline = lotBudgets(text);
    if (inline.lots.length) {
      for (const { lot, budget_cny } of inline.lots) lotOf(lot).budget_cny ??= budget_cny;
      // 预算金额：300万元，其中第一包…: the sum before the first lot is the project's.
      const label = BUDGET_LABEL.exec(halfWidth(text));
      if (label && label.index < inline.at) docBudget ??= budget;
      return;
    }
    const lot = placements[i]?.lot ?? null;
    if (lot !== null && lots.has(lot) && !/总预算|项目总|合计|预算总/.test(text)) {
      const l = lots.get(lot)!;
      l.budget_cny ??= budget;
    } else {
      docBudget ??= budget;
    }
  });
  for (const t of doc.blocks) if (t.type === 'table') lotTable(t, lots);
  // A budget stated only in a table (采购预算 | 398.6万元), when no paragraph and no lot had one.
  if (docBudget === null && ![...lots.values()].some((l) => l.budget_cny !== null)) {
    for (const line of lines) {
      const b = budgetIn(line);
      if (b !== null) {
        docBudget = b;
        break;
      }
    }
  }
  const lotList = [...lots.values()].sort((a, b) => a.lot - b.lot);
  if (docBudget === null && lotList.length && lotList.every((l) => l.budget_cny !== null)) {
    docBudget = Math.round(lotList.reduce((s, l) => s + l.budget_cny!, 0) * 100) / 100;
  }
  const period = findServicePeriod(lines);
  return { project, agency, budget_cny: docBudget, price_cap_cny: null, lots: lotList, service_start: period.start, service_end: period.end };
}

/** A lot table (包号 | 包名称 | … | 预算金额) adds lots and their budgets. */
function lotTable(t: TableBlock, lots: Map<number, Lot>): void {
  const head = t.rows[0]?.map((_, c) => halfWidth(cleanText(slotText(t, 0, c))).replace(/\s+/g, '')) ?? [];
  const lotCol = head.findIndex((h) => roleOf(h) === 'lot');
  if (lotCol < 0) return;
  const nameCol = head.findIndex((h, i) => i !== lotCol && /名称|采购内容|标的/.test(h));
  const budgetCol = head.findIndex((h) => /预算|金额|限价/.test(h));
  const wan = budgetCol >= 0 && /万元/.test(head[budgetCol]);
  for (let r = 1; r < t.rows.length; r++) {
    const lot = lotIn(cleanText(slotText(t, r, lotCol)));
    if (lot === null) continue;
    const name = nameCol >= 0 ? cleanText(slotText(t, r, nameCol)) : '';
    let budget: number | null = null;
    if (budgetCol >= 0) {
      const cell = halfWidth(cleanText(slotText(t, r, budgetCol))).replace(/\s/g, '');
      const m = new RegExp(`(${AMOUNT})(万元|万|元)?`).exec(cell);
      if (m) budget = yuan(m[1], wan || !!m[2]?.startsWith('万'));
    }
    const known = lots.get(lot);
    if (!known) lots.set(lot, { lot, name, budget_cny: budget });
    else {
      if (!known.name && name) known.name = name;
      known.budget_cny ??= budget;
    }
  }
}
