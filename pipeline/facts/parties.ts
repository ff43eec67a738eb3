// Who and what: the project's name and the buyer (采购人), from labelled fields, cover titles and
// the blocks a role word heads.
import type { Block, DocModel } from '../../extractors/model.js';
import { cleanText, escapeRegExp, halfWidth } from '../text.js';
import {
  AGENT_WORDS, BLOCK_HEAD_SUFFIXES, BLOCK_REACH, COVER, COVER_NOISE, DIVISION_WORDS, DOC_TYPE, DOC_TYPE_SUFFIXES, ENTRUSTED_BY, LABELS,
  ORG_SUFFIXES, PROCEDURE_WORDS, PROJECT_WORDS, ROLE_WORDS_IN_NAME, TITLE_WORDS, WEAK_AGENCY_LABELS,
} from '../vocabulary.js';
import { cleanValue, ends, fieldsIn, isOrganisation, maskIn, rejection, withoutTrailingBracket } from './labels.js';
import { stripNumbering } from './headings.js';
import type { FactLine } from './lines.js';

/** Names an organisation and nothing else: no project, service or purchase stated after it. */
function isOrganisationOnly(v: string): boolean {
  return isOrganisation(v) && !ends(withoutTrailingBracket(v), PROJECT_WORDS);
}

const isAgent = (v: string) => AGENT_WORDS.some((w) => v.includes(w));
const describesRole = (v: string) => ROLE_WORDS_IN_NAME.some((w) => v.includes(w));

// ---------- project ----------

const LOT_BRACKET = /[（(][^（）()]*(?:包|标段)[^（）()]*[)）]/g;
const DOC_SUFFIX = new RegExp(
  `(?:${PROCEDURE_WORDS.map(escapeRegExp).join('|')})*(?:${[...DOC_TYPE_SUFFIXES].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})$`,
);

/** A project name as a label or a title states it, without the lot or the document's type. */
function projectValue(raw: string): string | null {
  const v = cleanValue(cleanValue(raw).replace(LOT_BRACKET, '').replace(DOC_SUFFIX, ''));
  if (v.length < 4 || /^[（(]/.test(v) || rejection(v) || maskIn(v)) return null;
  return v;
}

const DOC_TYPE_LINE = new RegExp(
  `^(?:${DOC_TYPE.qualifiers.map(escapeRegExp).join('|')})*(?:${DOC_TYPE.verbs.map(escapeRegExp).join('|')})?(?:${DOC_TYPE.nouns.map(escapeRegExp).join('|')})(?:[（(][^（）()]{0,10}[)）])?$`,
);
const PROCEDURE_LINE = new RegExp(`^(?:${[...DOC_TYPE.qualifiers, ...DOC_TYPE.verbs].map(escapeRegExp).join('|')})+$`);
const isDocType = (t: string) => t.length >= 2 && stripNumbering(t) === t && DOC_TYPE_LINE.test(t);

/** A cover line that may be (part of) the title: short, no label, no numbering, no date, no breadcrumb. */
function titleLike(t: string): boolean {
  return t.length >= 2 && t.length <= 40 && !/[:：>|]/.test(t) && stripNumbering(t) === t && !/^[（(\d]/.test(t)
    && !/\d{4}\s*[年.\-/]\s*\d{1,2}|^[二〇零一]{4}年/.test(t) && !isDocType(t) && !PROCEDURE_LINE.test(t) && !/^目\s*录$/.test(t)
    && !COVER_NOISE.includes(t.replace(/^[（(【\[]|[)）】\]]$/g, ''));
}

/**
 * The cover's title: the short lines standing right before its document-type line (招标文件,
 * 竞争性磋商文件 …), joined (a title split over lines); else the lines right after it.
 */
function coverTitles(blocks: Block[]): string[] {
  const paras: string[] = [];
  for (const b of blocks.slice(0, COVER.within)) {
    if (b.type !== 'paragraph') break;
    paras.push(cleanText(b.text));
  }
  const d = paras.findIndex(isDocType);
  if (d < 0) return [];
  const out: string[] = [];
  let i = d - 1;
  while (i >= 0 && PROCEDURE_LINE.test(paras[i]!)) i--;
  const before: string[] = [];
  for (; i >= 0 && before.length < COVER.lines && titleLike(paras[i]!); i--) before.unshift(paras[i]!);
  const after: string[] = [];
  for (const p of paras.slice(d + 1)) {
    if (after.length >= COVER.lines || !titleLike(p)) break;
    after.push(p);
  }
  for (const part of [before, after]) {
    const t = part.join('');
    const v = part.length && t.length <= COVER.chars ? projectValue(t) : null;
    if (v) out.push(v);
  }
  return out;
}

const fold = (s: string) => halfWidth(s).replace(/\s+/g, '').toLowerCase();

export function findProject(doc: DocModel, lines: FactLine[]): string | null {
  const named: string[] = [];
  const lotNames: string[] = [];
  for (const line of lines) {
    for (const f of fieldsIn(line.text)) {
      if (f.kind !== 'project' && f.kind !== 'lot_name') continue;
      const v = projectValue(f.value);
      if (v) (f.kind === 'project' ? named : lotNames).push(v);
    }
  }
  const covers = coverTitles(doc.blocks);
  const first = named[0];
  if (first !== undefined) {
    // A name given short (a company for its project, a line cut by the cover's wrap) gives way
    // to a fuller statement of it elsewhere: a later label, the cover title, the 标段名称 that continues it.
    const orgOnly = isOrganisationOnly(first);
    const fuller = [...named.slice(1), ...covers, ...(orgOnly ? lotNames.map((w) => (fold(w).startsWith(fold(first)) ? w : first + w)) : [])]
      .filter((c) => c.length > first.length && fold(c).startsWith(fold(first)));
    if (fuller.length) return fuller.reduce((a, b) => (b.length > a.length ? b : a));
    if (orgOnly) {
      const other = [...named, ...covers].find((c) => !isOrganisationOnly(c));
      if (other) return other;
    }
    return first;
  }
  if (covers.length) return covers[0]!;
  // Else an early line that names a project.
  for (const line of lines.slice(0, 15)) {
    if (line.from !== 'para') continue;
    const t = line.text.replace(LOT_BRACKET, '').replace(DOC_SUFFIX, '').trim();
    if (t.length >= 6 && t.length <= 60 && TITLE_WORDS.some((w) => t.includes(w)) && !/[。；;：:>|]/.test(t) && stripNumbering(t) === t) {
      return cleanValue(t);
    }
  }
  return null;
}

// ---------- agency ----------

const STRONG_AGENCY = new Set(LABELS.agency.filter((l) => !WEAK_AGENCY_LABELS.includes(l)));
const BLOCK_HEAD = new RegExp(
  `^(${[...LABELS.agency, ...LABELS.party, ...LABELS.supplier].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})(?:${BLOCK_HEAD_SUFFIXES.filter(Boolean).map(escapeRegExp).join('|')})?\\s*[:：]?$`,
);

const ROLE_WORD = new RegExp(`(${[...LABELS.agency, ...LABELS.party, ...LABELS.supplier].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})`, 'g');
const BUYER_WORDS = new Set<string>(LABELS.agency);

/** The party the last role word of `text` names: the buyer or another. */
function roleBefore(text: string): 'buyer' | 'other' | null {
  const words = [...text.matchAll(ROLE_WORD)];
  const last = words[words.length - 1]?.[1];
  return last ? (BUYER_WORDS.has(last) ? 'buyer' : 'other') : null;
}

interface AgencyCandidate { value: string; raw: string; rank: number; at: number }

/** The parts of a name a blank splits it into (临江市　　区市场监督管理局), where the raw text shows one. */
function blankedParts(raw: string, value: string): string[] | null {
  const chars = [...value];
  if (chars.length < 3 || !/\s/.test(raw)) return null;
  const m = new RegExp(chars.map(escapeRegExp).join('([\\s\\u3000]*)')).exec(raw);
  if (!m) return null;
  const gaps = m.slice(1);
  // Spaced out letter by letter (北 京 市 司 法 局) is the whole name; a wide gap in an unspaced name is a blank.
  if (gaps.every((g) => g.length > 0)) return null;
  const parts: string[] = [];
  // chars has at least 3 letters, and a gap stands between each two of them.
  let cur = chars[0]!;
  gaps.forEach((g, i) => {
    if (g.length >= 2 || g.includes('\u3000')) {
      parts.push(cur);
      cur = '';
    }
    cur += chars[i + 1]!;
  });
  parts.push(cur);
  return parts.length > 1 ? parts : null;
}

/** What may stand right before a name in running text. */
const NAME_LEAD = /[\s：:，,。；;、（(“"受由向为与和及]/;
const DIVISIONS = new RegExp(`^(?:[\\u4e00-\\u9fff]{1,3}?(?:${[...DIVISION_WORDS].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')}))+`);

/** The full form of a name known only in parts (a masked or blanked name) among `names`, or in the text. */
function fullForm(parts: string[], names: string[], texts: string[]): string | null {
  const fits = (c: string) => {
    if (c.length <= parts.join('').length || !c.startsWith(parts[0]!) || !c.endsWith(parts.at(-1)!)) return false;
    let from = 0;
    for (const p of parts) {
      const i = c.indexOf(p, from);
      if (i < 0) return false;
      from = i + p.length;
    }
    return true;
  };
  const named = names.filter(fits).sort((a, b) => b.length - a.length)[0];
  if (named) return named;
  const tail = parts.at(-1)!;
  if (parts[0] !== '' || tail.length < 3) return null;
  // A masked head (***区市场监督管理局): where the text names it whole, what stands before the tail
  // must read as administrative divisions (临江市云溪区…), the mask having cut into one of them.
  let best: string | null = null;
  for (const t of texts) {
    for (let at = t.indexOf(tail); at > 0; at = t.indexOf(tail, at + 1)) {
      for (let from = Math.max(0, at - 14); from < at; from++) {
        if (from > 0 && !NAME_LEAD.test(t[from - 1]!)) continue;
        const full = t.slice(from, at) + tail;
        if (!/^[\u4e00-\u9fff]+$/.test(t.slice(from, at)) || (DIVISIONS.exec(full)?.[0].length ?? 0) < at - from) continue;
        if (!best || full.length > best.length) best = full;
        break;
      }
    }
  }
  return best;
}

const ENTRUSTED = new RegExp(`${ENTRUSTED_BY.lead}([^，,。；;、\\s]{3,40}?)(?:[（(][^（）()]*[)）])?${ENTRUSTED_BY.end}`);
const ORG_SUFFIX = `(?:${[...ORG_SUFFIXES].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})`;
const ENDS_ORG = new RegExp(`${ORG_SUFFIX}$`);
const LEADING_ORG = new RegExp(`^(.{2,30}?${ORG_SUFFIX})(?!${ORG_SUFFIX})`);

export function findAgency(lines: FactLine[], project: string | null): string | null {
  const found: AgencyCandidate[] = [];
  let block: 'buyer' | 'other' | null = null;
  let reach = 0;
  for (const line of lines) {
    for (const f of fieldsIn(line.text)) {
      if (f.kind === 'agency') found.push({ value: f.value, raw: line.raw, rank: STRONG_AGENCY.has(f.label) ? 0 : 1, at: line.at });
      else if (f.kind === 'name' && line.from === 'para') {
        // 名称：… under the party that the line names before it (采购人信息：名称：…), else under its block.
        const role = f.at > 0 ? roleBefore(line.text.slice(0, f.at)) : block;
        if (role === 'buyer') found.push({ value: f.value, raw: line.raw, rank: 0, at: line.at });
      }
    }
    if (line.from === 'para') {
      // A contact block names its party on one line and the party's name below: `1.采购人信息` / `名称：…`.
      const head = BLOCK_HEAD.exec(stripNumbering(line.text));
      if (head) [block, reach] = [BUYER_WORDS.has(head[1]!) ? 'buyer' : 'other', 0];
      else if (block && ++reach > BLOCK_REACH) block = null;
      const e = ENTRUSTED.exec(line.text);
      if (e) found.push({ value: e[1]!, raw: line.raw, rank: 2, at: line.at });
    }
  }
  const valid: AgencyCandidate[] = [];
  const masked: { parts: string[]; c: AgencyCandidate }[] = [];
  for (const c of found) {
    const v = cleanValue(c.value);
    if (v.length > 50 || rejection(v) || isAgent(v) || describesRole(v)) continue;
    const mask = maskIn(v);
    if (mask) {
      const parts = v.split(new RegExp(`${escapeRegExp(mask[0])}`)).map((p) => p.trim());
      if (isOrganisation(parts[parts.length - 1] ?? '')) masked.push({ parts, c });
      continue;
    }
    if (isOrganisation(v)) valid.push({ ...c, value: v });
  }
  const names = valid.map((c) => c.value);
  const texts = lines.map((l) => l.text);
  const resolved: AgencyCandidate[] = [...valid];
  for (const { parts, c } of masked) {
    const full = fullForm(parts, names, texts);
    if (full && isOrganisation(full) && !isAgent(full)) resolved.push({ ...c, value: full });
  }
  resolved.sort((a, b) => a.rank - b.rank || a.at - b.at);
  const best = resolved[0];
  if (best) {
    const blanks = blankedParts(best.raw, best.value);
    if (blanks) {
      const full = fullForm(blanks, names.filter((n) => n !== best.value), texts);
      if (full) return full;
    }
    // The first name given, unless another is its full form (市场监督管理局 on the cover,
    // 临江市云溪区市场监督管理局 further on).
    const longer = names.filter((n) => n.length > best.value.length && n.endsWith(best.value));
    return longer.length ? longer.reduce((a, b) => (b.length > a.length ? b : a)) : best.value;
  }
  if (!project) return null;
  // The organisation that leads the project name: 北京市司法局2025年… → 北京市司法局.
  const beforeYear = /^(.{3,40}?)(?:\d{4}|二〇[一二三四五六七八九〇]{2})\s*(?:年|-\d{4})/.exec(project);
  if (beforeYear && ENDS_ORG.test(beforeYear[1]!) && !isAgent(beforeYear[1]!)) return beforeYear[1]!;
  const lead = LEADING_ORG.exec(project);
  return lead && !isAgent(lead[1]!) ? lead[1]! : null;
}
