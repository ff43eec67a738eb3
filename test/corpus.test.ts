// The table layouts and wording real tenders use, on the corpus tenders written for them
// (other buyers, other provinces, a university, hospitals, county bureaus; TXT, DOCX, HTML, PDF).
// Each document is run through the whole pipeline, as `tender extract` runs it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Item } from '../schemas/records.js';
import type { Records } from '../pipeline/document.js';
import { processFile } from '../runtime/run.js';

const cache = new Map<string, Promise<Records>>();
const run = (file: string): Promise<Records> => {
  const path = join('corpus', file);
  if (!cache.has(path)) cache.set(path, processFile(path));
  return cache.get(path)!;
};

/** An item as [lot, seq, category, item, service, quantity, billing raw, size, unit, price per, months, total]. */
const row = (i: Item) => [
  i.lot, i.seq, i.category, i.item, i.service, i.quantity, i.billing_unit.raw, i.billing_unit.size, i.billing_unit.unit, i.price_unit.per, i.months, i.total,
];
const specs = (i: Item) => i.specs.map(({ raw: _raw, ...s }) => s);

const HANGZHOU = 'hangzhou_univ_cloud_2026.txt';
const CHENGDU = 'chengdu_hospital_cloud_2025.html';
const XIANYANG = 'xianyang_county_edu_it_goods_2025.txt';
const GUANGZHOU = 'guangzhou_district_cloud_lots_2026.docx';
const NANJING = 'nanjing_hospital_cleaning_2026.pdf';
const WUHAN = 'wuhan_property_mgmt_2025.docx';
const SHENYANG = 'shenyang_bigdata_baremetal_2026.pdf';
const KUNMING = 'kunming_county_health_cloud_2025.html';
const FUZHOU = 'fuzhou_ccgp_notice_cloud_2026.html';

describe('1. header layouts', () => {
  it('序号/服务名称/规格及技术要求/单位/数量/服务期限（年）, with a row of column numbers under it', async () => {
    const { items, tables } = await run(HANGZHOU);
    expect(tables[0]).toMatchObject({ kind: 'items', header: ['序号', '服务名称', '规格及技术要求', '单位', '数量', '服务期限（年）'] });
    // The column-number row (1 2 3 4 5 6) is neither data nor an item.
    expect(tables[0].rows[0]).toEqual(['1', '通用型云主机', '8核16G，主频≥2.6GHz，含国产Linux操作系统', '台', '40', '1']);
    expect(items.map(row)).toEqual([
      [null, '1', null, '通用型云主机', 'compute.vcpu', 40, '台', 1, 'machine', null, 12, 40],
      [null, '2', null, '高性能云主机', 'compute.vcpu', 12, '台', 1, 'machine', null, 12, 12],
      [null, '3', null, '高性能云硬盘', 'storage.performance', 20000, 'GB', 1, 'GB', null, 12, 20000],
      [null, '4', null, '普通云硬盘', 'storage.standard', 60, 'TB', 1024, 'GB', null, 12, 61440],
      [null, '5', null, '对象存储', 'storage.object', 100, 'TB', 1024, 'GB', null, 12, 102400],
      [null, '6', null, '互联网带宽', 'network.bandwidth', 300, 'Mbps', 1, 'Mbps', null, 12, 300],
      [null, '7', null, '弹性公网IP', 'network.public_ip', 16, '个', 1, 'item', null, 12, 16],
      [null, '8', null, '数据迁移服务', 'ops.migration', 1, '项', 1, 'item', null, 6, 1],
      [null, '9', null, 'Web应用防火墙', 'security.waf', 1, '套', 1, 'set', null, 12, 1],
      [null, '10', null, '云数据库', 'software.database', 2, '套', 1, 'set', null, 12, 2],
    ]);
    expect(items.map((i) => i.unit_months)).toEqual([480, 144, 240000, 737280, 1228800, 3600, 192, 6, 12, 24]);
  });

  it('资源类别/资源名称及配置要求/计费单位/数量/租用期限（月） in an HTML page with rowspan categories', async () => {
    const { document, tables, items } = await run(CHENGDU);
    expect(document.format).toBe('html');
    expect(tables[0]).toMatchObject({ kind: 'items', section: '资源需求清单', header: ['资源类别', '资源名称及配置要求', '计费单位', '数量', '租用期限（月）', '备注'] });
    expect(items.map((i) => [i.category, i.item])).toEqual([
      ['计算资源', '云服务器（4核8G，主频≥2.4GHz）'],
      ['计算资源', 'HIS业务云服务器（32核128G，主频≥2.6GHz，内存≥128GB）'],
      ['存储资源', '高性能块存储（SSD，单盘IOPS≥20000）'],
      ['存储资源', '影像归档对象存储'],
      ['存储资源', '异地备份存储'],
      ['网络资源', '互联网带宽（BGP）'],
      ['网络资源', '医保专线接入'],
      ['安全资源', '网页防篡改'],
      ['安全资源', '数据库审计'],
      ['实施服务', '系统迁移服务'],
      ['实施服务', '等保三级测评配合'],
    ]);
  });

  it('名称/单位/数量', async () => {
    const { tables, items } = await run(XIANYANG);
    expect(tables.map((t) => [t.kind, t.lot, t.header])).toEqual([
      ['other', null, ['包号', '包名称', '数量', '预算金额（元）', '最高限价（元）']],
      ['items', 1, ['名称', '单位', '数量']],
      ['items', 2, ['名称', '单位', '数量']],
    ]);
    expect(items).toHaveLength(9);
  });

  it('two-row grouped header (计费方式 over 计价单位/报价单位) with real merges, repeated mid-table, with column numbers', async () => {
    const { document, tables, items } = await run(GUANGZHOU);
    expect(document.format).toBe('docx');
    expect(tables.map((t) => t.header)).toEqual([
      ['序号', '服务项目', '计费方式/计价单位', '计费方式/报价单位', '数量', '服务期（月）'],
      ['序号', '服务项目', '计费方式/计价单位', '计费方式/报价单位', '数量', '服务期（月）'],
    ]);
    expect(items.map(row)).toEqual([
      [1, '1', null, 'vCPU（x86架构，主频不低于2.4GHz）', 'compute.vcpu', 860, '1核', 1, 'vCPU', 'month', 12, 860],
      [1, '2', null, '内存', 'compute.memory', 1720, '1GB', 1, 'GB', 'month', 12, 1720],
      [1, '3', null, '高性能存储（SSD，单盘IOPS≥20000）', 'storage.performance', 120, '100GB', 100, 'GB', 'month', 12, 12000],
      [1, '4', null, '普通存储（单盘IOPS 2000-5000）', 'storage.standard', 480, '100GB', 100, 'GB', 'month', 12, 48000],
      [1, '5', null, '本地备份', 'storage.backup', 40, '1TB', 1024, 'GB', 'month', 12, 40960],
      // The header printed again between rows 5 and 6 is skipped, not read as an item.
      [1, '6', null, '互联网带宽', 'network.bandwidth', 20, '10Mbps', 10, 'Mbps', 'month', 12, 200],
      [1, '7', null, '互联网IP地址', 'network.public_ip', 12, '1个', 1, 'item', 'month', 12, 12],
      [1, '8', null, '负载均衡', 'network.load_balancer', 4, '1个实例', 1, 'host', 'month', 12, 4],
      [1, '9', null, '政务外网接入', 'network.dedicated_line', 2, '1条', 1, 'item', 'month', 12, 2],
      [2, '1', null, 'Web应用防火墙', 'security.waf', 15, '1个站点', 1, 'site', 'month', 12, 15],
      [2, '2', null, '网页防篡改', 'security.web_tamper', 15, '1个站点', 1, 'site', 'month', 12, 15],
      [2, '3', null, '主机安全防护', 'security.host_protection', 60, '1台', 1, 'machine', 'month', 12, 60],
      [2, '4', null, '数据库审计', 'security.db_audit', 2, '1套/年', 1, 'set', 'year', 12, 2],
      [2, '5', null, '漏洞扫描', 'security.vuln_scan', 4, '次', 1, 'item', 'use', null, 4],
      [2, '6', null, '日志审计', 'security.log_audit', 1, '1套', 1, 'set', 'month', 12, 1],
    ]);
    expect(items.map((i) => i.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6]);
  });

  it('two-row grouped header (数量 over 单位/数量) in a PDF, rows carrying their page', async () => {
    const { document, tables, items } = await run(SHENYANG);
    expect(document.format).toBe('pdf');
    expect(tables.map((t) => t.header)).toEqual([
      ['序号', '资源名称', '配置要求', '数量/单位', '数量', '租用期限（月）'],
      ['序号', '资源名称', '配置要求', '数量/单位', '数量', '租用期限（月）'],
    ]);
    expect(items.map(row)).toEqual([
      [1, '1', null, '高性能物理服务器', 'compute.bare_metal', 6, '台', 1, 'machine', null, 12, 6],
      [1, '2', null, '通用物理服务器', 'compute.bare_metal', 10, '台', 1, 'machine', null, 12, 10],
      [1, '3', null, 'GPU服务器', 'compute.gpu', 2, '台', 1, 'machine', null, 12, 2],
      [1, '4', null, '物理服务器内存扩容', 'compute.bare_metal.memory', 16, '条', 1, 'module', null, 12, 16],
      [2, '1', null, '分布式关系型数据库', 'software.database', 2, '套', 1, 'set', null, 12, 2],
      [2, '2', null, '政务外网专线', 'network.dedicated_line', 2, '条', 1, 'item', null, 12, 2],
      [2, '3', null, '互联网带宽', 'network.bandwidth', 200, 'Mbps', 1, 'Mbps', null, 12, 200],
      [2, '4', null, '云堡垒机', 'network.remote_access', 1, '套', 1, 'set', null, 12, 1],
      [2, '5', null, '数据库审计', 'security.db_audit', 1, '套', 1, 'set', null, 12, 1],
    ]);
    expect(items.every((i) => typeof i.page === 'number' && i.page >= 1)).toBe(true);
  });
});

describe('1b. a notice in the national format (品目号/品目名称/采购标的/数量（单位）/品目预算) over detailed lists', () => {
  it('reads rowspan/colspan grouped headers and the 8C16G of a spec column; the 1(项) rows that sum up each 合同包 are not items again', async () => {
    const { document, tables, items } = await run(FUZHOU);
    expect(tables.map((t) => [t.kind, t.lot, t.header])).toEqual([
      ['items', 1, ['品目号', '品目名称', '采购标的', '数量（单位）', '技术规格、参数及要求', '品目预算(元)', '最高限价(元)']],
      ['items', 2, ['品目号', '品目名称', '采购标的', '数量（单位）', '技术规格、参数及要求', '品目预算(元)', '最高限价(元)']],
      ['items', 1, ['序号', '资源名称', '配置要求', '计费方式/计价单位', '计费方式/报价单位', '数量', '租用期限']],
      ['items', 2, ['序号', '服务名称', '服务要求', '单位', '数量', '服务期限']],
    ]);
    expect(document.warnings).toContain('table 1: sums up lots that other tables detail (1 项 with its budget); its rows are not counted as items');
    expect(items.map(row)).toEqual([
      [1, '1', null, '云主机', 'compute.vcpu', 36, '台', 1, 'machine', 'month', 12, 36],
      [1, '2', null, 'GPU云主机', 'compute.gpu', 2, '台', 1, 'machine', 'month', 12, 2],
      [1, '3', null, '高性能云硬盘', 'storage.performance', 40, 'TB', 1024, 'GB', 'month', 12, 40960],
      [1, '4', null, '对象存储', 'storage.object', 200, 'TB', 1024, 'GB', 'month', 12, 204800],
      [1, '5', null, '异地备份', 'storage.offsite_backup', 50, 'TB', 1024, 'GB', 'month', 12, 51200],
      [2, '1', null, '云防火墙', 'other', 1, '套', 1, 'set', null, 12, 1],
      [2, '2', null, 'Web应用防火墙', 'security.waf', 10, '个站点', 1, 'site', null, 12, 10],
      [2, '3', null, '堡垒机', 'network.remote_access', 1, '套', 1, 'set', null, 12, 1],
      [2, '4', null, '日志审计', 'security.log_audit', 1, '套', 1, 'set', null, 12, 1],
      [2, '5', null, '等保测评', 'other', 1, '次', 1, 'item', null, null, 1],
    ]);
    expect(specs(items[0])).toEqual([{ key: 'cpu_cores', value: 8 }, { key: 'memory_gb', value: 16 }, { key: 'cpu_ghz', op: '>=', value: 2.5 }]);
    expect(specs(items[5])).toEqual([{ key: 'bandwidth_mbps', op: '>=', value: 1000 }]);
  });

  it('names each 合同包 from the brackets after its number and gives it its 合同包预算金额', async () => {
    const { document } = await run(FUZHOU);
    expect(document).toMatchObject({
      project: '福州市鼓楼区城市管理局智慧城管平台政务云租赁服务项目',
      agency: '福州市鼓楼区城市管理局',
      budget_cny: 2286000,
      lots: [{ lot: 1, name: '政务云计算及存储资源', budget_cny: 1860000 }, { lot: 2, name: '政务云安全服务', budget_cny: 426000 }],
    });
  });
});

describe('2. a separate spec column', () => {
  it('takes the item from the name cell and the specs from the name and the spec column', async () => {
    const { items } = await run(HANGZHOU);
    expect(items[0].item).toBe('通用型云主机');
    expect(specs(items[0])).toEqual([
      { key: 'cpu_cores', value: 8 }, { key: 'memory_gb', value: 16 }, { key: 'cpu_ghz', op: '>=', value: 2.6 },
    ]);
    expect(specs(items[2])).toEqual([{ key: 'iops', op: '>=', value: 20000 }]);
    expect(specs(items[5])).toEqual([{ key: 'bandwidth_mbps', op: '>=', value: 100 }]);
    expect(specs(items[9])).toEqual([{ key: 'cpu_cores', value: 8 }, { key: 'memory_gb', value: 32 }, { key: 'concurrent_users', op: '>=', value: 200 }]);
    // The tokens are the item's, not the spec column's.
    expect(items[0].tokens.join('')).toBe('通用型云主机');
  });

  it('reads a 配置要求 column under a grouped header', async () => {
    const { items } = await run(SHENYANG);
    expect(specs(items[0])).toEqual([
      { key: 'cpu_cores', op: '>=', value: 32 }, { key: 'cpu_ghz', op: '>=', value: 2.6 }, { key: 'memory_gb', op: '>=', value: 512 },
      { key: 'disk_count', op: '>=', value: 10 }, { key: 'disk_tb', value: 3.84 },
    ]);
    expect(specs(items[1])).toEqual([
      { key: 'cpu_sockets', value: 2 }, { key: 'cpu_cores', value: 12 }, { key: 'cpu_ghz', op: '>=', value: 2.2 },
      { key: 'memory_gb', op: '>=', value: 256 }, { key: 'disk_count', value: 4 }, { key: 'disk_tb', value: 1.2 },
    ]);
    expect(specs(items[3])).toEqual([{ key: 'memory_gb', value: 64 }]);
    expect(specs(items[4])).toEqual([{ key: 'cpu_cores', value: 8 }, { key: 'memory_gb', value: 32 }, { key: 'concurrent_users', op: '>=', value: 200 }]);
    expect(specs(items[5])).toEqual([{ key: 'bandwidth_mbps', op: '>=', value: 100 }]);
  });
});

describe('3. quantities that carry their unit, periods and units as written', () => {
  it('20台, 5000GB, 20TB, 300Mbps, 5个站点 with the unit column empty; 12个月, 十二个月, 1年, 一次性, /', async () => {
    const { items } = await run(CHENGDU);
    expect(items.map((i) => [i.quantity, i.billing_unit, i.months, i.total, i.unit_months])).toEqual([
      [20, { raw: '台', size: 1, unit: 'machine' }, 12, 20, 240],
      [4, { raw: '台', size: 1, unit: 'machine' }, 12, 4, 48],
      [5000, { raw: 'GB', size: 1, unit: 'GB' }, 12, 5000, 60000],
      [20, { raw: 'TB', size: 1024, unit: 'GB' }, 12, 20480, 245760],
      [10, { raw: 'TB', size: 1024, unit: 'GB' }, 12, 10240, 122880],
      [300, { raw: 'Mbps', size: 1, unit: 'Mbps' }, 12, 300, 3600],
      [2, { raw: '条', size: 1, unit: 'item' }, 12, 2, 24],
      [5, { raw: '个站点', size: 1, unit: 'site' }, 12, 5, 60],
      [2, { raw: '个', size: 1, unit: 'item' }, 12, 2, 24],
      [1, { raw: '次', size: 1, unit: 'item' }, null, 1, null],
      [1, { raw: '项', size: 1, unit: 'item' }, null, 1, null],
    ]);
    expect(items.map((i) => i.service)).toEqual([
      'compute.vcpu', 'compute.vcpu', 'storage.performance', 'storage.object', 'storage.offsite_backup', 'network.bandwidth',
      'network.dedicated_line', 'security.web_tamper', 'security.db_audit', 'ops.migration', 'other',
    ]);
  });

  it('units 核, 10Mbps, 500GB, 1套/年, 1个, 次, 项 in the unit column', async () => {
    const { document, items } = await run(KUNMING);
    expect(document.format).toBe('html');
    expect(items.map(row)).toEqual([
      [null, '1', null, '云主机vCPU', 'compute.vcpu', 128, '核', 1, 'vCPU', null, 12, 128],
      [null, '2', null, '云主机内存', 'compute.memory', 512, 'GB', 1, 'GB', null, 12, 512],
      [null, '3', null, '云硬盘', 'storage.standard', 16, '500GB', 500, 'GB', null, 12, 8000],
      [null, '4', null, '互联网带宽', 'network.bandwidth', 5, '10Mbps', 10, 'Mbps', null, 12, 50],
      [null, '5', null, '主机防病毒', 'security.antivirus', 1, '1套/年', 1, 'set', 'year', 12, 1],
      [null, '6', null, 'SSL VPN', 'network.vpn', 1, '1个', 1, 'item', null, 12, 1],
      [null, '7', null, '渗透测试', 'other', 2, '次', 1, 'item', null, null, 2],
      [null, '8', null, '系统迁移', 'ops.migration', 1, '项', 1, 'item', null, null, 1],
    ]);
    expect(specs(items[5])).toEqual([{ key: 'concurrent_users', op: '>=', value: 50 }]);
  });

  it('0.5 under a header in years is six months', async () => {
    const { items } = await run(HANGZHOU);
    expect(items.find((i) => i.item === '数据迁移服务')).toMatchObject({ months: 6, unit_months: 6 });
  });
});

describe('4. rows that are not items', () => {
  it('skips 合计 and 备注 rows merged across the columns, and a blank 报价一览表 gives no items', async () => {
    const { tables, items } = await run(CHENGDU);
    expect(tables.map((t) => [t.kind, t.section])).toEqual([['items', '资源需求清单'], ['items', '报价一览表']]);
    expect(tables[0].rows.slice(-2).map((r) => r[0])).toEqual(['合计', expect.stringMatching(/^备注：以上数量为预估数量/)]);
    expect(items.filter((i) => i.table === 2)).toEqual([]);
    expect(items.some((i) => /合计|备注/.test(i.item))).toBe(false);
  });

  it('skips 小计, 合计 and the repeated header of a DOCX table', async () => {
    const { tables, items } = await run(GUANGZHOU);
    expect(tables[0].rows.map((r) => r[0])).toContain('小计');
    expect(tables[1].rows.map((r) => r[0])).toContain('合计');
    expect(items).toHaveLength(15);
  });

  it('a blank 分项报价表 with names but no quantities gives no items, in a PDF', async () => {
    const { tables, items } = await run(NANJING);
    expect(tables.map((t) => [t.kind, t.section, t.rows.length])).toEqual([
      ['items', '服务范围', 7], ['staffing', '人员配置要求', 4], ['items', '投标文件格式', 8],
    ]);
    expect(tables[2].rows.map((r) => r[1])).toEqual(['门诊楼日常保洁', '住院楼日常保洁', '医技楼及手术部保洁', '室外公共区域保洁', '外墙及玻璃幕墙清洗', '医疗废物院内转运', '保洁耗材及设备', '']);
    expect(items.every((i) => i.table === 1)).toBe(true);
    expect(items).toHaveLength(7);
  });

  it('a price form that prints the items again, quantities filled in, does not count them twice', async () => {
    const { document, tables, items } = await run(HANGZHOU);
    expect(tables.map((t) => [t.kind, t.section])).toEqual([['items', '采购清单'], ['staffing', '驻场服务人员要求'], ['items', '投标文件格式']]);
    expect(tables[2].rows).toHaveLength(12);
    expect(items.every((i) => i.table === 1)).toBe(true);
    expect(document.warnings).toContain('table 3: a price form that repeats the items of the purchase list; its rows are not counted again');
  });

  it('a 合计 row in a goods list is not an item', async () => {
    const { items } = await run(XIANYANG);
    expect(items.filter((i) => i.lot === 1).map((i) => i.item)).toEqual(['台式计算机（教师办公用）', '便携式计算机', '交互式智能平板（86英寸）', '激光打印机（A4黑白）']);
  });
});

describe('5. specs as tenders write them', () => {
  it('reads SSD IOPS, bandwidth floors, frequency, 8核16G, physical cores, memory floors, disk counts and concurrent users from item rows', async () => {
    const [h, s, c] = await Promise.all([run(HANGZHOU), run(SHENYANG), run(CHENGDU)]);
    // A PDF cell's line break may leave a space in the text a spec was read from (内存≥ 512GB).
    const all = [...h.items, ...s.items, ...c.items].flatMap((i) => i.specs.map((x) => x.raw.replace(/\s+/g, '')));
    for (const raw of ['IOPS≥20000', '≥2.6GHz', '8核16G', '物理核心数≥32核', '内存≥512GB', '≥10块3.84TB', '并发用户数不少于200']) {
      expect(all).toContain(raw);
    }
    expect(s.items[5].specs[0].raw).toBe('不低于100Mbps');
    expect(specs(c.items[2])).toEqual([{ key: 'iops', op: '>=', value: 20000 }]);
  });
});

describe('6. lots and money', () => {
  it('第一包/第二包 with a budget each and the total stated before them', async () => {
    const { document, items } = await run(GUANGZHOU);
    expect(document).toMatchObject({
      budget_cny: 3000000,
      lots: [{ lot: 1, name: '政务云基础资源服务', budget_cny: 2568000 }, { lot: 2, name: '政务云安全服务', budget_cny: 432000 }],
      service_start: '2026-04-01', service_end: '2027-03-31',
    });
    expect(items.map((i) => i.lot)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
  });

  it('包1/包2 budgets in brackets after the total; a lot heading is the section of its table', async () => {
    const { document, tables } = await run(SHENYANG);
    expect(document).toMatchObject({
      project: '沈阳市大数据管理局城市大脑算力资源租赁服务项目',
      agency: '沈阳市大数据管理局',
      budget_cny: 5600000,
      lots: [{ lot: 1, name: '物理服务器租赁服务', budget_cny: 4180000 }, { lot: 2, name: '数据库及网络服务', budget_cny: 1420000 }],
    });
    expect(tables.map((t) => [t.lot, t.section])).toEqual([[1, '包1：物理服务器租赁服务'], [2, '包2：数据库及网络服务']]);
  });

  it('标段一/标段二 budget lines before the lots are named', async () => {
    const { document, items } = await run(WUHAN);
    expect(document).toMatchObject({
      budget_cny: 5800000,
      lots: [
        { lot: 1, name: '区行政中心综合楼物业管理服务', budget_cny: 3600000 },
        { lot: 2, name: '区档案馆及政务服务中心物业管理服务', budget_cny: 2200000 },
      ],
    });
    expect(items.map((i) => i.lot)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2]);
  });

  it('a lot table (包号/包名称/数量/预算金额) gives the lots, not items; 3,860,000.00元 in total', async () => {
    const { document, items } = await run(XIANYANG);
    expect(document).toMatchObject({
      budget_cny: 3860000,
      lots: [{ lot: 1, name: '计算机及外设', budget_cny: 2600000 }, { lot: 2, name: '网络及机房设备', budget_cny: 1260000 }],
    });
    expect(items.some((i) => i.item === '计算机及外设')).toBe(false);
  });

  it('398.6000000 万元 and 人民币壹佰万元整', async () => {
    expect((await run(HANGZHOU)).document.budget_cny).toBe(3986000);
    expect((await run(NANJING)).document.budget_cny).toBe(1000000);
    expect((await run(KUNMING)).document.budget_cny).toBe(865000);
    expect((await run(CHENGDU)).document.budget_cny).toBe(1286400);
  });
});

describe('7. tenders that are not cloud leases', () => {
  it('cleaning: items are other, facts come out', async () => {
    const { document, items } = await run(NANJING);
    expect(document).toMatchObject({
      status: 'ok', format: 'pdf', project: '南京市栖霞区人民医院2026-2027年度保洁服务项目', agency: '南京市栖霞区人民医院', budget_cny: 1000000,
      lots: [], service_start: '2026-03-01', service_end: '2028-02-29', items: 7,
    });
    expect(items.map(row)).toEqual([
      [null, '1', null, '门诊楼日常保洁', 'other', 12600, '平方米', 1, 'item', null, 24, 12600],
      [null, '2', null, '住院楼日常保洁', 'other', 18400, '平方米', 1, 'item', null, 24, 18400],
      [null, '3', null, '医技楼及手术部保洁', 'other', 6200, '平方米', 1, 'item', null, 24, 6200],
      [null, '4', null, '室外公共区域保洁', 'other', 9800, '平方米', 1, 'item', null, 24, 9800],
      [null, '5', null, '外墙及玻璃幕墙清洗', 'other', 4, '次', 1, 'item', null, null, 4],
      [null, '6', null, '医疗废物院内转运', 'other', 1, '项', 1, 'item', null, 24, 1],
      [null, '7', null, '保洁耗材及设备', 'other', 1, '批', 1, 'item', null, null, 1],
    ]);
  });

  it('property management: 门岗值守 is not cloud monitoring, 8人 of staff are not users', async () => {
    const { document, items } = await run(WUHAN);
    expect(document).toMatchObject({
      format: 'docx', project: '武汉市江汉区机关事务服务中心2025年度机关办公区物业管理服务项目', service_start: '2026-01-01', service_end: '2028-12-31',
    });
    expect(items.map(row)).toEqual([
      [1, '1', null, '综合楼公共区域保洁', 'other', 42000, '平方米', 1, 'item', null, 36, 42000],
      [1, '2', null, '秩序维护及门岗值守', 'other', 6, '岗', 1, 'item', null, 36, 6],
      [1, '3', null, '会议服务', 'other', 1, '项', 1, 'item', null, 36, 1],
      [1, '4', null, '设施设备运行维护', 'other', 1, '项', 1, 'item', null, 36, 1],
      [1, '5', null, '绿化养护', 'other', 3500, '平方米', 1, 'item', null, 36, 3500],
      [2, '1', null, '档案馆保洁及安保', 'other', 12800, '平方米', 1, 'item', null, 36, 12800],
      [2, '2', null, '政务服务中心大厅保洁', 'other', 8600, '平方米', 1, 'item', null, 36, 8600],
      [2, '3', null, '政务服务中心导办服务', 'other', 8, '人', 1, 'item', null, 36, 8],
      [2, '4', null, '消防设施维护保养', 'other', 1, '项', 1, 'item', null, 36, 1],
    ]);
  });

  it('IT goods: items are other with their units, no periods, a purchased server bare metal', async () => {
    const { items } = await run(XIANYANG);
    expect(items.map(row)).toEqual([
      [1, null, null, '台式计算机（教师办公用）', 'other', 320, '台', 1, 'machine', null, null, 320],
      [1, null, null, '便携式计算机', 'other', 40, '台', 1, 'machine', null, null, 40],
      [1, null, null, '交互式智能平板（86英寸）', 'other', 45, '套', 1, 'set', null, null, 45],
      [1, null, null, '激光打印机（A4黑白）', 'other', 60, '台', 1, 'machine', null, null, 60],
      [2, null, null, '核心交换机', 'other', 2, '台', 1, 'machine', null, null, 2],
      [2, null, null, '接入交换机（48口千兆）', 'other', 36, '台', 1, 'machine', null, null, 36],
      // A server bought as goods is a physical server, not a leased cloud host.
      [2, null, null, '机架式服务器', 'compute.bare_metal', 4, '台', 1, 'machine', null, null, 4],
      [2, null, null, '不间断电源（UPS 20kVA）', 'other', 2, '套', 1, 'set', null, null, 2],
      [2, null, null, '网络机柜（42U）', 'other', 6, '个', 1, 'item', null, null, 6],
    ]);
    expect(items.every((i) => i.unit_months === null)).toBe(true);
  });
});

describe('8. the buyer, never the agent', () => {
  it.each([
    [HANGZHOU, '浙江钱塘大学', '浙江钱塘大学2026年校园云资源租赁服务项目'],
    [CHENGDU, '成都市锦江区第二人民医院', '成都市锦江区第二人民医院医疗业务系统云资源租用服务采购项目'],
    [XIANYANG, '泾阳县教育局', '咸阳市泾阳县教育局2025年中小学信息化设备采购项目'],
    [GUANGZHOU, '广州市番禺区政务服务数据管理局', '广州市番禺区政务服务数据管理局2026年政务云服务采购项目'],
    [WUHAN, '武汉市江汉区机关事务服务中心', '武汉市江汉区机关事务服务中心2025年度机关办公区物业管理服务项目'],
    [KUNMING, '宜良县卫生健康局', '宜良县卫生健康局全民健康信息平台云资源及安全服务采购项目'],
  ])('%s: %s', async (file, agency, project) => {
    const { document } = await run(file);
    expect(document.agency).toBe(agency);
    expect(document.project).toBe(project);
  });
});

describe('the whole corpus', () => {
  it('reads every document without failure, every format represented', async () => {
    const files = readdirSync('corpus').filter((f) => !f.startsWith('.'));
    const docs = await Promise.all(files.map(async (f) => (await run(f)).document));
    expect(docs.filter((d) => d.status !== 'ok').map((d) => [d.source, d.error])).toEqual([]);
    expect(new Set(docs.map((d) => d.format))).toEqual(new Set(['txt', 'docx', 'html', 'pdf']));
    // Every tender lists what it buys; an award notice may state only who won and for how much.
    expect(docs.filter((d) => d.items === 0).map((d) => [d.source, d.notice_type])).toEqual([['corpus/xian_xijing_univ_cloud_award_2026.pdf', 'award']]);
  });
});
