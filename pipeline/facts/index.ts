// Document facts: project, buyer (采购人), budget and cap, lots (包/标段), service period, the
// notice's code, type, date and region, and an award notice's awards. Each question has its
// file here; this one asks them in turn. The facts come from labelled fields (labels.ts) read
// with the lexicons of pipeline/vocabulary.ts; amounts from money labels only (amounts.ts).
import type { DocModel } from '../../extractors/model.js';
import type { Award, Lot, NoticeType, Region } from '../../schemas/records.js';
import { escapeRegExp } from '../text.js';
import { PLATFORM_WORDS } from '../vocabulary.js';
import { awardFields, awardTable, mergeAwards } from './awards.js';
import { cleanValue, fieldsIn } from './labels.js';
import { factLines, type FactLine } from './lines.js';
import { type Placement } from './lots.js';
import { findMoney } from './money.js';
import { findNoticeType, findProjectCode, findPublished } from './notice.js';
import { findAgency, findProject } from './parties.js';
import { findServicePeriod, periodLines } from './period.js';
import { regionOf } from './region.js';

export { isHeading, stripNumbering } from './headings.js';
export { lotBudgets, lotIn, lotMarker, placeBlocks, type Placement } from './lots.js';
export { budgetIn, capIn } from './money.js';

export interface Facts {
  project: string | null;
  agency: string | null;
  budget_cny: number | null;
  /** 最高限价 / 控制价 of the whole document, never taken for the budget. */
  price_cap_cny: number | null;
  /** 项目编号 / 招标编号 / 采购编号 as written. */
  project_code: string | null;
  notice_type: NoticeType;
  /** ISO date of the notice, where stated. */
  published: string | null;
  region: Region;
  /** Award notices only: who won which lot, for how much. */
  awards: Award[];
  lots: Lot[];
  service_start: string | null;
  service_end: string | null;
}

export function findFacts(doc: DocModel, placements: Placement[]): Facts {
  const lines = factLines(doc);
  const project = findProject(doc, lines);
  const agency = findAgency(lines, project);

  const { budget_cny, price_cap_cny, lots } = findMoney(doc, lines, placements);
  const period = findServicePeriod(periodLines(doc));
  const notice_type = findNoticeType(doc);
  return {
    project, agency, budget_cny, price_cap_cny,
    project_code: findProjectCode(lines), notice_type, published: findPublished(doc, lines),
    region: findRegion(doc, lines, agency, project),
    awards: notice_type === 'award' ? findAwards(doc, lines, placements) : [],
    lots,
    service_start: period.start, service_end: period.end,
  };
}

// ---------- region and awards ----------

/** Where a line names its region: the platform that published it (浙江政府采购网), or an address. */
const PLATFORM = new RegExp(PLATFORM_WORDS.map(escapeRegExp).join('|'));

/** The region of the buyer: its name first, then the project's, the addresses given, the platform, the title. */
function findRegion(doc: DocModel, lines: FactLine[], agency: string | null, project: string | null): Region {
  const addresses = lines.flatMap((l) => fieldsIn(l.text).filter((f) => f.kind === 'address').map((f) => cleanValue(f.value)));
  const platforms = lines.filter((l) => l.from === 'para' && PLATFORM.test(l.text)).map((l) => l.text);
  return regionOf([agency, project, ...addresses, ...platforms, doc.title]);
}

/** An award notice's awards: from its award tables, else from its labelled fields. */
function findAwards(doc: DocModel, lines: FactLine[], placements: Placement[]): Award[] {
  const fromTables: Award[] = [];
  const tableAt = new Set<number>();
  doc.blocks.forEach((b, at) => {
    if (b.type !== 'table') return;
    const got = awardTable(b, placements[at]?.lot ?? null);
    if (got?.length) {
      fromTables.push(...got);
      tableAt.add(at);
    }
  });
  const fromFields = awardFields(lines.filter((l) => !tableAt.has(l.at)).map((l) => ({ ...l, lot: placements[l.at]?.lot ?? null })));
  return mergeAwards([...fromTables, ...fromFields]);
}
