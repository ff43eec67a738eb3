// What a notice says of itself (number, type, date, region) and who won it: read from labelled
// fields, titles and award tables; the corpus's award notices linked to their tenders.
import { describe, expect, it } from 'vitest';
import type { Block, DocModel } from '../extractors/model.js';
import { awardFields, awardTable, rateOf } from '../pipeline/facts/awards.js';
import { findFacts, placeBlocks } from '../pipeline/facts/index.js';
import { codeValue, dateIn, findNoticeType, typeOfTitle } from '../pipeline/facts/notice.js';
import { regionOf } from '../pipeline/facts/region.js';
import { grid } from './grid.js';

const para = (text: string): Block => ({ type: 'paragraph', text });
const docOf = (blocks: (string | Block)[], title?: string): DocModel => ({
  blocks: blocks.map((b) => (typeof b === 'string' ? para(b) : b)), warnings: [], ...(title ? { title } : {}),
});
const facts = (blocks: (string | Block)[], title?: string) => {
  const doc = docOf(blocks, title);
  return findFacts(doc, placeBlocks(doc.blocks));
};

describe('project code', () => {
  it('reads the code as written, whatever its marks, and stops where the next field starts', () => {
    expect(codeValue('ZJQT-2026-FW-018')).toBe('ZJQT-2026-FW-018');
    expect(codeValue('[350102]FJZC[GK]2026012')).toBe('[350102]FJZC[GK]2026012');
    expect(codeValue(' 京财采〔2025〕12号 ')).toBe('京财采〔2025〕12号');
    expect(codeValue('SHXM-2025-001 采购方式：公开招标')).toBe('SHXM-2025-001');
    expect(codeValue('详见招标文件')).toBeNull();
    expect(codeValue('__________')).toBeNull();
  });

  it('takes 项目编号 over a plan number stated first, from a line or a key-value table', () => {
    expect(facts(['采购计划编号：JH-2026-77', '项目名称：某区政务云服务项目', '项目编号：ZB2026-031（服务类）']).project_code).toBe('ZB2026-031（服务类）');
    expect(facts([grid([['项目名称', '某区政务云服务项目'], ['招标编号', 'GXZC2026-G1-000123-ABCD']])]).project_code).toBe('GXZC2026-G1-000123-ABCD');
    expect(facts(['某区政务云服务项目采购需求']).project_code).toBeNull();
  });
});

describe('notice type', () => {
  it('is the type its title ends with, a bracketed note or a site name after it', () => {
    expect(typeOfTitle('某大学2026年云资源租赁服务项目中标（成交）结果公告')).toBe('award');
    expect(typeOfTitle('某局政务云租赁服务项目公开招标公告（第二次）')).toBe('notice');
    expect(typeOfTitle('竞争性磋商文件')).toBe('tender');
    expect(typeOfTitle('某医院云服务项目采购需求')).toBe('requirement');
    expect(typeOfTitle('第一章 招标公告')).toBeNull();
    expect(typeOfTitle('中标结果公告将在指定媒体发布，本项目的投标人应在规定时间内查询并按要求领取中标通知书')).toBeNull();
  });

  it('reads a page title, a title wrapped over two lines, a cover, and the body where no title says', () => {
    expect(findNoticeType(docOf(['项目概况'], '某局政务云项目中标公告_浙江政府采购网'))).toBe('award');
    expect(findNoticeType(docOf(['某大学智慧校园云资源服务采购项目中标结果公', '告', '一、项目编号：X-1']))).toBe('award');
    expect(findNoticeType(docOf(['某大学2026年云资源租赁服务项目', '公开招标文件', '目录', '第一章 招标公告']))).toBe('tender');
    expect(findNoticeType(docOf(['一、项目概况', '中标供应商：某某云计算有限公司', '中标金额：12万元']))).toBe('award');
    expect(findNoticeType(docOf(['一、项目背景', '为保障业务系统运行，租用政务云资源。']))).toBe('other');
  });
});

describe('published', () => {
  it('is the 发布时间 field, else the date a notice is signed with, in any of the ways dates are written', () => {
    expect(facts(['某项目中标公告', '发布时间：2026年03月20日 16:35 来源：浙江政府采购网']).published).toBe('2026-03-20');
    expect(facts(['某项目成交结果公告', '一、项目编号：A-1', '某招标代理有限公司', '2026年4月8日']).published).toBe('2026-04-08');
    expect(facts(['某项目采购公告', '某局', '二〇二五年十二月三十日']).published).toBe('2025-12-30');
    expect(facts(['某项目招标文件', '二〇二六年一月', '投标截止时间：2026年2月3日9:30']).published).toBeNull();
    expect(dateIn('2025-6-24')).toBe('2025-06-24');
  });
});

describe('region', () => {
  it('reads the buyer first: a city, a county for its city, a municipality for both', () => {
    expect(regionOf(['绍兴市柯桥区人民法院'])).toEqual({ province: '浙江省', city: '绍兴市' });
    expect(regionOf(['永春县卫生健康局'])).toEqual({ province: '福建省', city: '泉州市' });
    expect(regionOf(['国家税务总局阳西县税务局'])).toEqual({ province: '广东省', city: '阳江市' });
    expect(regionOf(['北京大学'])).toEqual({ province: '北京市', city: '北京市' });
    expect(regionOf(['新疆维吾尔自治区人民医院'])).toEqual({ province: '新疆维吾尔自治区', city: null });
  });

  it('takes the city from a later source within the province, and no city from a street or a shared name', () => {
    expect(regionOf(['浙江省人民医院', '杭州市上城区解放路1号'])).toEqual({ province: '浙江省', city: '杭州市' });
    expect(regionOf(['中山大学附属第一医院', '广州市越秀区中山二路58号'])).toEqual({ province: '广东省', city: '广州市' });
    expect(regionOf(['某某有限公司', '上海市黄浦区南京东路100号'])).toEqual({ province: '上海市', city: '上海市' });
    expect(regionOf(['鼓楼区人民医院'])).toEqual({ province: null, city: null });
    expect(regionOf(['华润万家有限公司', null, '来源：浙江政府采购网'])).toEqual({ province: '浙江省', city: null });
  });

  it('comes from the buyer before the agent: an agent elsewhere does not move the buyer', () => {
    const r = facts(['采购人：永春县卫生健康局', '采购代理机构：福建华成招标有限公司', '地址：福州市鼓楼区五四路1号']).region;
    expect(r).toEqual({ province: '福建省', city: '泉州市' });
  });
});

describe('awards', () => {
  it('reads suppliers with their sums and rates, per lot, in 万元, 元 and capitals', () => {
    const lines = ['第1包：政务云基础资源服务', '中标供应商：广东粤数云计算有限公司', '中标金额：224.64万元',
      '第2包：政务云安全服务', '中标供应商：广州安盾信息安全技术有限公司', '中标金额：人民币肆拾壹万零肆佰元整（¥410,400.00）'];
    expect(awardFields(lines.map((text, at) => ({ text, raw: text, from: 'para' as const, at, lot: null })))).toEqual([
      { lot: 1, supplier: '广东粤数云计算有限公司', amount_cny: 2246400, rate: null },
      { lot: 2, supplier: '广州安盾信息安全技术有限公司', amount_cny: 410400, rate: null },
    ]);
    const one = ['成交金额：1,960,000.00元', '成交供应商：某某信息技术有限公司', '下浮率：8%'];
    expect(awardFields(one.map((text, at) => ({ text, raw: text, from: 'para' as const, at, lot: null }))))
      .toEqual([{ lot: null, supplier: '某某信息技术有限公司', amount_cny: 1960000, rate: 0.08 }]);
    expect([rateOf('6.2%'), rateOf('下浮 12.5 ％'), rateOf('无')]).toEqual([0.062, 0.125, null]);
  });

  it('reads an award table: a row per lot, the unit from its header, a 下浮率 column', () => {
    expect(awardTable(grid([
      ['包号', '中标供应商名称', '中标供应商地址', '中标金额（万元）', '下浮率'],
      ['1', '甲云科技有限公司', '西安市雁塔区科技路48号', '186.5', '6%'],
      ['2', '乙安全技术有限公司', '西安市高新区锦业路12号', '40.2', '/'],
    ]), null)).toEqual([
      { lot: 1, supplier: '甲云科技有限公司', amount_cny: 1865000, rate: 0.06 },
      { lot: 2, supplier: '乙安全技术有限公司', amount_cny: 402000, rate: null },
    ]);
    expect(awardTable(grid([['序号', '服务名称', '单位', '数量', '单价（元）'], ['1', 'vCPU', '核', '8', '35']]), null)).toBeNull();
  });

  it('are read from award notices only: a tender naming 中标供应商 in its forms lists none', () => {
    expect(facts(['某项目招标文件', '中标供应商：某某有限公司', '中标金额：12万元']).awards).toEqual([]);
  });
});

describe('the corpus award notices', async () => {
  const { extract } = await import('../index.js');
  const files = ['corpus/hangzhou_univ_cloud_award_2026.html', 'corpus/xian_xijing_univ_cloud_award_2026.pdf', 'corpus/guangzhou_district_cloud_award_2026.docx'];
  const tenders = ['corpus/hangzhou_univ_cloud_2026.txt', 'corpus/xian_xijing_univ_cloud_resource_2026.txt', 'corpus/guangzhou_district_cloud_lots_2026.docx'];
  const records = await extract([...files, ...tenders], { ocr: 'off' });
  const doc = (source: string) => records.documents.find((d) => d.source === source)!;

  it('read as awards in HTML, PDF and DOCX: code, date, region, suppliers and sums', () => {
    expect(doc(files[0])).toMatchObject({
      notice_type: 'award', project_code: 'ZJQT-2026-FW-018', published: '2026-03-20', region: { province: '浙江省', city: '杭州市' },
      awards: [{ lot: null, supplier: '杭州钱云科技有限公司', amount_cny: 3401280, rate: null }],
    });
    expect(doc(files[1])).toMatchObject({
      notice_type: 'award', project_code: 'SXQZ-2026-GK-0086', published: '2026-04-08', region: { province: '陕西省', city: '西安市' },
      awards: [{ lot: null, supplier: '陕西云启数据科技有限公司', amount_cny: 2954700, rate: 0.062 }],
    });
    expect(doc(files[2])).toMatchObject({
      notice_type: 'award', project_code: null, published: '2026-04-15', region: { province: '广东省', city: '广州市' },
      awards: [
        { lot: 1, supplier: '广东粤数云计算有限公司', amount_cny: 2246400, rate: null },
        { lot: 2, supplier: '广州安盾信息安全技术有限公司', amount_cny: 410400, rate: null },
      ],
    });
    expect(tenders.map((t) => doc(t).notice_type)).toEqual(['tender', 'tender', 'requirement']);
  });

  it('give their unit prices as quoted prices on the items', () => {
    const vcpu = records.items.find((i) => i.source === files[2] && i.service === 'compute.vcpu');
    expect(vcpu).toMatchObject({ lot: 1, quantity: 860, months: 12, price: { value_cny: 60, per_unit: '1核', per_period: 'month', kind: 'quoted' } });
    expect(records.items.filter((i) => i.source === files[0]).map((i) => i.price?.value_cny)).toEqual([1360, 2900, 1.8, 520, 240, 190, 40, 30000, 13600, 8400]);
  });

  it('are linked to their tenders in the dataset, by code or by buyer and project', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadDataset } = await import('../dataset/load.js');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const dir = mkdtempSync(join(tmpdir(), 'tender-awards-'));
    writeFileSync(join(dir, 'documents.jsonl'), records.documents.map((d) => JSON.stringify(d) + '\n').join(''));
    writeFileSync(join(dir, 'items.jsonl'), records.items.map((i) => JSON.stringify(i) + '\n').join(''));
    const loaded = await loadDataset(dir);
    if (!loaded.ok) throw new Error(loaded.error);
    const db = await DuckDBInstance.create(join(dir, 'tenders.duckdb'));
    const conn = await db.connect();
    const rows = (await conn.runAndReadAll('SELECT tender_source, award_source, awarded_cny FROM v_tender_awards ORDER BY tender_source')).getRows();
    conn.closeSync();
    db.closeSync();
    expect(rows.map((r) => [r[0], r[1], Number(r[2])])).toEqual([
      [tenders[2], files[2], 2656800],
      [tenders[0], files[0], 3401280],
      [tenders[1], files[1], 2954700],
    ]);
  });
});
