// The layouts published Chinese government tenders use, on small complete tenders written for
// them (corpus/: a province, cities, county bureaus, a hospital, a court, a university, a school;
// TXT as Word's text export writes it, HTML in UTF-8 and GBK, DOCX with real merges, PDF printed
// from Word). The DOCX and PDF are built by scripts/make-layout-corpus.ts; the gold the scorer
// reads for the same documents is test/expected/layouts.*.jsonl. Each document is run through the
// whole pipeline, as `tender extract` runs it. What is expected is what the output contract
// (../shared/CONTRACT.md) says, whatever the pipeline does today.
import { describe, expect, it } from 'vitest';
import type { Item, Resources, TableRecord } from '../schemas/records.js';
import type { Records } from '../pipeline/document.js';
import { processFile } from '../runtime/run.js';

const cache = new Map<string, Promise<Records>>();
const run = (file: string): Promise<Records> => {
  const path = `corpus/${file}`;
  if (!cache.has(path)) cache.set(path, processFile(path));
  return cache.get(path)!;
};

/** An item as [lot, seq, category, subcategory, item, service, quantity, billing raw, size, unit, price per, months, total]. */
const row = (i: Item) => [
  i.lot, i.seq, i.category, i.subcategory, i.item, i.service, i.quantity, i.billing_unit.raw, i.billing_unit.size, i.billing_unit.unit,
  i.price_unit.per, i.months, i.total,
];
const res = (vcpu: number | null, memory_gb: number | null, storage_gb: number | null, bandwidth_mbps: number | null): Resources =>
  ({ vcpu, memory_gb, storage_gb, bandwidth_mbps });
const NONE = res(null, null, null, null);
const of = (items: Item[], table: number) => items.filter((i) => i.table === table);
/** Tables that are not purchase lists: requirements (scores, service levels, payment, qualification) or other. */
const NOT_PURCHASE = ['requirements', 'other'];
const kindOf = (tables: TableRecord[], table: number) => tables.find((t) => t.table === table)?.kind;

const NANCHANG = 'nanchang_province_hrss_cloud_lease_2026.txt';
const XIJING = 'xian_xijing_univ_cloud_resource_2026.txt';
const LUOYANG = 'luoyang_city_edu_cloud_desktop_2026.html';
const YONGCHUN = 'yongchun_county_health_imaging_cloud_2025.html';
const TAIYUAN = 'taiyuan_xiaodian_school_pc_goods_2025.html';
const LUJIANG = 'lujiang_county_data_bureau_cloud_migration_2025.docx';
const QINGDAO = 'qingdao_city_bigdata_server_storage_goods_2026.docx';
const HENGYANG = 'hengyang_no6_hospital_cloud_rent_2026.pdf';
const KEQIAO = 'shaoxing_keqiao_court_cloud_lease_2026.pdf';
const JIAXING = 'jiaxing_nanhu_maternity_hospital_cloud_2026.html';

describe('1. compound and unseen headers, read by their words', () => {
  it('TXT: 服务类别/服务名称/服务内容/计量单位/数量 and 租用时长（月） wrapped over two lines of its cell', async () => {
    const { document, tables, items } = await run(NANCHANG);
    expect(document.format).toBe('txt');
    const header = ['序号', '服务类别', '服务名称', '服务内容', '计量单位', '数量', '租用时长（月）'];
    expect(tables.slice(0, 2).map((t) => [t.kind, t.lot, t.header])).toEqual([['items', 1, header], ['items', 2, header]]);
    expect(items.map((i) => [i.billing_unit, i.months])).toEqual([
      [{ raw: '1核', size: 1, unit: 'vCPU' }, 12],
      [{ raw: '1GB', size: 1, unit: 'GB' }, 12],
      [{ raw: '100GB', size: 100, unit: 'GB' }, 12],
      [{ raw: '100GB', size: 100, unit: 'GB' }, 12],
      [{ raw: '1TB', size: 1024, unit: 'GB' }, 12],
      [{ raw: '1Mbps', size: 1, unit: 'Mbps' }, 12],
      [{ raw: '1个', size: 1, unit: 'item' }, 12],
      [{ raw: '1个', size: 1, unit: 'item' }, 12],
      [{ raw: '个站点', size: 1, unit: 'site' }, 12],
      [{ raw: '套', size: 1, unit: 'set' }, 12],
      [{ raw: '台', size: 1, unit: 'machine' }, 12],
      [{ raw: '套', size: 1, unit: 'set' }, 12],
      [{ raw: '套', size: 1, unit: 'set' }, 12],
      [{ raw: '1主机', size: 1, unit: 'host' }, 12],
    ]);
  });

  it('TXT: 资源名称及规格 names the item; 计费 over 单位/方式 is a two-row header, 按月/包年 the price period', async () => {
    const { tables, items } = await run(XIJING);
    expect(tables[0]).toMatchObject({ kind: 'items', section: '云资源服务清单', header: ['序号', '资源名称及规格', '计费/单位', '计费/方式', '数量', '使用期限（年）'] });
    expect(items.map(row)).toEqual([
      [null, '1', null, null, '云主机vCPU（主频≥2.6GHz）', 'compute.vcpu', 292, '1CPU', 1, 'vCPU', 'month', 12, 292],
      [null, '2', null, null, '云主机内存', 'compute.memory', 500, '1GB', 1, 'GB', 'month', 12, 500],
      [null, '3', null, null, '高性能云硬盘（SSD，单盘IOPS≥20000）', 'storage.performance', 10240, '1GB', 1, 'GB', 'month', 12, 10240],
      [null, '4', null, null, '普通型云硬盘（SATA）', 'storage.standard', 40, '1TB', 1024, 'GB', 'month', 12, 40960],
      [null, '5', null, null, '对象存储（科研数据归档）', 'storage.object', 80, '1TB', 1024, 'GB', 'year', 12, 81920],
      [null, '6', null, null, '校园出口互联网带宽', 'network.bandwidth', 50, '10Mbps', 10, 'Mbps', 'month', 12, 500],
      [null, '7', null, null, '弹性公网IP', 'network.public_ip', 16, '1IP', 1, 'IP', 'month', 12, 16],
      // 0.5 under a header in years is six months.
      [null, '8', null, null, '实验教学云主机（8vCPU/16GB）', 'compute.vcpu', 30, '个', 1, 'item', 'month', 6, 30],
      [null, '9', null, null, '云数据库MySQL版（主备，4核16G）', 'software.database', 4, '1套', 1, 'set', 'year', 12, 4],
      [null, '10', null, null, '云堡垒机', 'network.remote_access', 1, '1套', 1, 'set', 'year', 12, 1],
    ]);
    expect(items[0].price_unit).toEqual({ raw: '按月', currency: 'CNY', per: 'month' });
    expect(items[4].price_unit).toEqual({ raw: '包年', currency: 'CNY', per: 'year' });
    expect(items.map((i) => i.unit_months)).toEqual([3504, 6000, 122880, 491520, 983040, 6000, 192, 180, 48, 12]);
  });

  it('DOCX: 资源配置 spread (gridSpan) over CPU（核）/内存（GB）/数据盘（GB）, the other labels merged down (vMerge); 需求数量（台）', async () => {
    const { document, tables, items } = await run(LUJIANG);
    expect(document.format).toBe('docx');
    expect(tables[2]).toMatchObject({
      kind: 'items', section: '业务系统专属云主机配置',
      header: ['序号', '业务系统', '资源配置/CPU（核）', '资源配置/内存（GB）', '资源配置/数据盘（GB）', '需求数量（台）', '使用期限（年）'],
    });
    expect(of(items, 3).map(row)).toEqual([
      [null, '1', null, null, '不动产登记系统', 'compute.vcpu', 4, '台', 1, 'machine', null, 36, 4],
      [null, '2', null, null, '12345政务服务热线系统', 'compute.vcpu', 3, '台', 1, 'machine', null, 36, 3],
      [null, '3', null, null, '基层社会治理平台', 'compute.vcpu', 2, '台', 1, 'machine', null, 36, 2],
    ]);
    // Rows count from the first data row, under both header rows.
    expect(of(items, 3).map((i) => i.row)).toEqual([1, 2, 3]);
  });

  it('DOCX: 资源名称/单位/需求数量/使用期限（年）, 3 years is 36 months and / is no period', async () => {
    const { tables, items } = await run(LUJIANG);
    expect(tables[1]).toMatchObject({ kind: 'items', section: '通用云资源需求', header: ['序号', '资源名称', '单位', '需求数量', '使用期限（年）'] });
    expect(of(items, 2).map(row)).toEqual([
      [null, '1', null, null, '云服务器（4核8G）', 'compute.vcpu', 20, '台', 1, 'machine', null, 36, 20],
      [null, '2', null, null, '云服务器（8核16G）', 'compute.vcpu', 8, '台', 1, 'machine', null, 36, 8],
      [null, '3', null, null, '云服务器（16核64G）', 'compute.vcpu', 2, '台', 1, 'machine', null, 36, 2],
      [null, '4', null, null, '普通云硬盘', 'storage.standard', 30, 'TB', 1024, 'GB', null, 36, 30720],
      [null, '5', null, null, '互联网带宽', 'network.bandwidth', 100, 'Mbps', 1, 'Mbps', null, 36, 100],
      [null, '6', null, null, '政务外网接入', 'network.dedicated_line', 1, '条', 1, 'item', null, 36, 1],
      [null, '7', null, null, '业务系统迁移上云服务', 'ops.migration', 1, '项', 1, 'item', null, null, 1],
    ]);
    expect(of(items, 2).map((i) => i.unit_months)).toEqual([720, 288, 72, 1105920, 3600, 36, null]);
  });

  it('PDF: 服务内容/规格 and 数量（单位）, the unit in brackets after each number', async () => {
    const { document, tables, items } = await run(HENGYANG);
    expect(document.format).toBe('pdf');
    expect(tables[0]).toMatchObject({ kind: 'items', section: '云资源租用清单', header: ['序号', '服务名称', '服务内容/规格', '数量（单位）', '服务期限'] });
    expect(items.map((i) => [i.quantity, i.billing_unit, i.months, i.total])).toEqual([
      [256, { raw: '核', size: 1, unit: 'vCPU' }, 12, 256],
      [1024, { raw: 'GB', size: 1, unit: 'GB' }, 12, 1024],
      [20, { raw: 'TB', size: 1024, unit: 'GB' }, 12, 20480],
      [100, { raw: 'TB', size: 1024, unit: 'GB' }, 12, 102400],
      [50, { raw: 'TB', size: 1024, unit: 'GB' }, 12, 51200],
      [200, { raw: 'Mbps', size: 1, unit: 'Mbps' }, 12, 200],
      [2, { raw: '条', size: 1, unit: 'item' }, 12, 2],
      [4, { raw: '个站点', size: 1, unit: 'site' }, 12, 4],
    ]);
    expect(items.every((i) => i.page === 1)).toBe(true);
    expect(items[0].specs).toEqual([expect.objectContaining({ key: 'cpu_ghz', op: '>=', value: 2.4 })]);
    expect(items[2].specs).toEqual([expect.objectContaining({ key: 'iops', op: '>=', value: 20000 })]);
  });

  it('HTML: a <br> inside a header cell, the unit in the quantity header (数量（套）)', async () => {
    const { tables } = await run(LUOYANG);
    expect(tables[0]).toMatchObject({ kind: 'items', lot: 1, header: ['序号', '单位名称', '数量（套）', '服务期限（月）', '备注'] });
  });

  it('PDF: 需求/数量 and 租用时长/（月） on two lines of their cells; the list runs onto page 2 under its repeated header', async () => {
    const { tables, items } = await run(KEQIAO);
    expect(tables[0]).toMatchObject({ kind: 'items', section: '云资源租赁清单', header: ['序号', '服务名称', '服务内容', '单位', '需求数量', '租用时长（月）'] });
    expect(tables[0].rows).toHaveLength(11);
    expect(items.map((i) => i.seq)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
    expect(items.map((i) => i.page)).toEqual([1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(items.map((i) => i.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
  it('HTML: 计价单位 and 报价单位 side by side (元/核/月, 元/套/年, 元/次), 配置数量, 租用时长 as 12个月, 1年 and 一次性', async () => {
    const { tables, items } = await run(JIAXING);
    const list = tables.find((t) => t.header.includes('配置数量'));
    expect(list).toMatchObject({ kind: 'items', header: ['标段号', '项目', '名称', '规格', '计价单位', '报价单位', '配置数量', '租用时长'] });
    expect(items.map((i) => [i.billing_unit, i.price_unit, i.quantity, i.months])).toEqual([
      [{ raw: '1核', size: 1, unit: 'vCPU' }, { raw: '元/核/月', currency: 'CNY', per: 'month' }, 96, 12],
      [{ raw: '1GB', size: 1, unit: 'GB' }, { raw: '元/GB/月', currency: 'CNY', per: 'month' }, 384, 12],
      [{ raw: '1TB', size: 1024, unit: 'GB' }, { raw: '元/TB/月', currency: 'CNY', per: 'month' }, 10, 12],
      [{ raw: '1TB', size: 1024, unit: 'GB' }, { raw: '元/TB/月', currency: 'CNY', per: 'month' }, 20, 12],
      [{ raw: '1Mbps', size: 1, unit: 'Mbps' }, { raw: '元/Mbps/月', currency: 'CNY', per: 'month' }, 100, 12],
      [{ raw: '1个', size: 1, unit: 'item' }, { raw: '元/个/月', currency: 'CNY', per: 'month' }, 4, 12],
      [{ raw: '1套', size: 1, unit: 'set' }, { raw: '元/套/年', currency: 'CNY', per: 'year' }, 1, 12],
      [{ raw: '1套', size: 1, unit: 'set' }, { raw: '元/套/年', currency: 'CNY', per: 'year' }, 1, 12],
      [{ raw: '1次', size: 1, unit: 'item' }, { raw: '元/次', currency: 'CNY', per: 'use' }, 1, null],
    ]);
  });
});

describe('2. broad names down the rows beside specific descriptions: the specific column is the item', () => {
  it('three descriptive columns (服务类别/服务名称/服务内容), merged down as empty cells in TXT: category, subcategory, item', async () => {
    const { items } = await run(NANCHANG);
    expect(items.map(row)).toEqual([
      [1, '1', '计算服务', '云主机服务', 'vCPU（x86架构，主频不低于2.5GHz）', 'compute.vcpu', 480, '1核', 1, 'vCPU', null, 12, 480],
      [1, '2', '计算服务', '云主机服务', '内存', 'compute.memory', 1920, '1GB', 1, 'GB', null, 12, 1920],
      [1, '3', '存储服务', '块存储服务', '高性能存储（单盘IOPS不低于10000）', 'storage.performance', 80, '100GB', 100, 'GB', null, 12, 8000],
      [1, '4', '存储服务', '块存储服务', '普通存储（单盘IOPS 2000-5000）', 'storage.standard', 300, '100GB', 100, 'GB', null, 12, 30000],
      [1, '5', '存储服务', '备份服务', '本地备份', 'storage.backup', 30, '1TB', 1024, 'GB', null, 12, 30720],
      [1, '6', '网络服务', '互联网接入服务', '互联网带宽', 'network.bandwidth', 200, '1Mbps', 1, 'Mbps', null, 12, 200],
      [1, '7', '网络服务', '互联网接入服务', '弹性公网IP', 'network.public_ip', 10, '1个', 1, 'item', null, 12, 10],
      [1, '8', '网络服务', '负载均衡服务', '负载均衡实例', 'network.load_balancer', 4, '1个', 1, 'item', null, 12, 4],
      [2, '1', '安全服务', '边界安全', 'Web应用防火墙', 'security.waf', 8, '个站点', 1, 'site', null, 12, 8],
      [2, '2', '安全服务', '边界安全', '抗DDoS攻击防护（防护能力不低于20Gbps）', 'security.anti_ddos', 1, '套', 1, 'set', null, 12, 1],
      [2, '3', '安全服务', '主机安全', '主机入侵检测与防护', 'security.host_protection', 60, '台', 1, 'machine', null, 12, 60],
      [2, '4', '安全服务', '数据安全', '数据库审计', 'security.db_audit', 2, '套', 1, 'set', null, 12, 2],
      [2, '5', '安全服务', '数据安全', '日志审计', 'security.log_audit', 1, '套', 1, 'set', null, 12, 1],
      [2, '6', '运维服务', '运维保障', '云主机深度监控（7×24小时）', 'ops.monitoring', 40, '1主机', 1, 'host', null, 12, 40],
    ]);
    expect(items[0].specs).toEqual([expect.objectContaining({ key: 'cpu_ghz', op: '>=', value: 2.5 })]);
    expect(items[3].specs).toEqual([expect.objectContaining({ key: 'iops', min: 2000, max: 5000 })]);
    // The broad names are not read as the item's words.
    expect(items[1].tokens.join('')).toBe('内存');
  });

  it('服务名称 merged down (vMerge) beside 服务内容/规格 in a PDF: subcategory and item, no category', async () => {
    const { items } = await run(HENGYANG);
    expect(items.map(row)).toEqual([
      [null, '1', null, '云主机服务', 'vCPU（主频不低于2.4GHz）', 'compute.vcpu', 256, '核', 1, 'vCPU', null, 12, 256],
      [null, '2', null, '云主机服务', '内存', 'compute.memory', 1024, 'GB', 1, 'GB', null, 12, 1024],
      [null, '3', null, '云存储服务', '高性能块存储（SSD，IOPS不低于20000）', 'storage.performance', 20, 'TB', 1024, 'GB', null, 12, 20480],
      [null, '4', null, '云存储服务', '对象存储（医学影像归档）', 'storage.object', 100, 'TB', 1024, 'GB', null, 12, 102400],
      [null, '5', null, '云存储服务', '异地容灾备份', 'storage.offsite_backup', 50, 'TB', 1024, 'GB', null, 12, 51200],
      [null, '6', null, '网络服务', '互联网带宽', 'network.bandwidth', 200, 'Mbps', 1, 'Mbps', null, 12, 200],
      [null, '7', null, '网络服务', '医保专线', 'network.dedicated_line', 2, '条', 1, 'item', null, 12, 2],
      [null, '8', null, '安全服务', 'Web应用防火墙', 'security.waf', 4, '个站点', 1, 'site', null, 12, 4],
    ]);
  });

  it('服务名称 by rowspan beside 服务内容 in HTML', async () => {
    const { items } = await run(YONGCHUN);
    expect(of(items, 4).map(row)).toEqual([
      [null, '1', null, '云主机', 'vCPU', 'compute.vcpu', 64, '核', 1, 'vCPU', null, 36, 64],
      [null, '2', null, '云主机', '内存', 'compute.memory', 256, 'GB', 1, 'GB', null, 36, 256],
      [null, '3', null, '云存储', '影像数据对象存储', 'storage.object', 150, 'TB', 1024, 'GB', null, 36, 153600],
      [null, '4', null, '云存储', '影像数据异地备份', 'storage.offsite_backup', 150, 'TB', 1024, 'GB', null, 36, 153600],
      [null, '5', null, '网络', '医共体专线（100Mbps）', 'network.dedicated_line', 22, '条', 1, 'item', null, 36, 22],
    ]);
    expect(of(items, 4)[4].specs).toEqual([expect.objectContaining({ key: 'bandwidth_mbps', value: 100 })]);
  });

  it('服务名称 written again on every row (no merge) beside 服务内容, in a PDF list over two pages; 标项一 is its lot', async () => {
    const { items } = await run(KEQIAO);
    expect(items.map(row)).toEqual([
      [1, '1', null, '弹性计算服务', '通用型云主机（8vCPU/32GB）', 'compute.vcpu', 12, '台', 1, 'machine', null, 12, 12],
      [1, '2', null, '弹性计算服务', '计算型云主机（16vCPU/32GB）', 'compute.vcpu', 6, '台', 1, 'machine', null, 12, 6],
      [1, '3', null, '弹性计算服务', 'GPU云主机（含1块推理显卡）', 'compute.gpu', 1, '台', 1, 'machine', null, 12, 1],
      [1, '4', null, '存储服务', '高性能云硬盘（SSD）', 'storage.performance', 30, 'TB', 1024, 'GB', null, 12, 30720],
      [1, '5', null, '存储服务', '文件存储（NAS）', 'storage.file', 20, 'TB', 1024, 'GB', null, 12, 20480],
      [1, '6', null, '存储服务', '庭审录像归档存储（对象存储）', 'storage.object', 300, 'TB', 1024, 'GB', null, 12, 307200],
      [1, '7', null, '网络服务', '法院专网接入专线', 'network.dedicated_line', 2, '条', 1, 'item', null, 12, 2],
      [1, '8', null, '网络服务', '互联网带宽（BGP）', 'network.bandwidth', 100, 'Mbps', 1, 'Mbps', null, 12, 100],
      [1, '9', null, '安全服务', '主机安全防护', 'security.host_protection', 19, '台', 1, 'machine', null, 12, 19],
      [1, '10', null, '安全服务', '数据库审计', 'security.db_audit', 1, '套', 1, 'set', null, 12, 1],
      [1, '11', null, '安全服务', '网页防篡改', 'security.web_tamper', 3, '个站点', 1, 'site', null, 12, 3],
    ]);
  });

  it('a broad column headed 资源类型 is the category, beside a name and a spec column (no subcategory)', async () => {
    const { items } = await run(LUOYANG);
    expect(of(items, 2).map(row)).toEqual([
      [2, '1', '计算资源', null, '云主机', 'compute.vcpu', 10, '个', 1, 'item', null, 36, 10],
      [2, '2', '计算资源', null, '云主机', 'compute.vcpu', 4, '个', 1, 'item', null, 36, 4],
      [2, '3', '存储资源', null, '高性能云硬盘', 'storage.performance', 20000, 'GB', 1, 'GB', null, 36, 20000],
      [2, '4', '存储资源', null, '对象存储', 'storage.object', 50, 'TB', 1024, 'GB', null, 36, 51200],
      [2, '5', '网络资源', null, '互联网带宽', 'network.bandwidth', 500, 'Mbps', 1, 'Mbps', null, 36, 500],
      [2, '6', '安全资源', null, '网页防篡改', 'security.web_tamper', 6, '个站点', 1, 'site', null, 36, 6],
      [2, '7', '安全资源', null, '漏洞扫描', 'security.vuln_scan', 4, '次', 1, 'item', null, null, 4],
    ]);
  });
  it('whatever the headers call them: 项目 (broad, rowspan) beside 名称 (specific) and 规格; the lot from a 标段号 column', async () => {
    const { items } = await run(JIAXING);
    expect(items.map(row)).toEqual([
      [1, null, null, '云计算服务', 'vCPU', 'compute.vcpu', 96, '1核', 1, 'vCPU', 'month', 12, 96],
      [1, null, null, '云计算服务', '内存', 'compute.memory', 384, '1GB', 1, 'GB', 'month', 12, 384],
      [1, null, null, '云存储服务', '高性能块存储', 'storage.performance', 10, '1TB', 1024, 'GB', 'month', 12, 10240],
      [1, null, null, '云存储服务', '备份存储', 'storage.backup', 20, '1TB', 1024, 'GB', 'month', 12, 20480],
      [1, null, null, '网络服务', '互联网带宽', 'network.bandwidth', 100, '1Mbps', 1, 'Mbps', 'month', 12, 100],
      [1, null, null, '网络服务', '弹性公网IP', 'network.public_ip', 4, '1个', 1, 'item', 'month', 12, 4],
      [2, null, null, '安全服务', 'Web应用防火墙', 'security.waf', 1, '1套', 1, 'set', 'year', 12, 1],
      [2, null, null, '安全服务', '数据库审计', 'security.db_audit', 1, '1套', 1, 'set', 'year', 12, 1],
      [2, null, null, '安全服务', '等保测评', 'other', 1, '1次', 1, 'item', 'use', null, 1],
    ]);
    expect(items[0].specs).toEqual([expect.objectContaining({ key: 'cpu_ghz', op: '>=', value: 2.5 })]);
    expect(items[2].specs).toEqual([expect.objectContaining({ key: 'iops', op: '>=', value: 10000 })]);
  });

  it('a page laid out in a table of its own: the list still stands under its heading (采购清单)', async () => {
    const { items } = await run(JIAXING);
    expect(items.map((i) => i.section)).toEqual(new Array(9).fill('采购清单'));
  });
});

describe('3. a name column of using units (单位名称, 使用单位) is still an item table', () => {
  it('schools under 单位名称 with 数量（套）; the 合计 row is not an item', async () => {
    const { tables, items } = await run(LUOYANG);
    expect(kindOf(tables, 1)).toBe('items');
    expect(of(items, 1).map(row)).toEqual([
      [1, '1', null, null, '洛阳市第一高级中学', 'other', 180, '套', 1, 'set', null, 36, 180],
      [1, '2', null, null, '洛阳市第二实验中学', 'other', 150, '套', 1, 'set', null, 36, 150],
      [1, '3', null, null, '洛阳市外国语学校', 'other', 120, '套', 1, 'set', null, 36, 120],
      [1, '4', null, null, '洛阳市实验小学', 'other', 96, '套', 1, 'set', null, 36, 96],
      [1, '5', null, null, '洛阳市特殊教育学校', 'other', 40, '套', 1, 'set', null, 36, 40],
    ]);
  });

  it('hospitals under 使用单位 with 数量/计量单位 in 人次; the 合计 row is not an item', async () => {
    const { tables, items } = await run(YONGCHUN);
    expect(tables[2]).toMatchObject({ kind: 'items', section: '影像云服务使用单位及数量', header: ['序号', '使用单位', '数量', '计量单位', '服务期限（年）'] });
    expect(of(items, 3).map(row)).toEqual([
      [null, '1', null, null, '永春县医院', 'other', 60000, '人次', 1, 'item', null, 36, 60000],
      [null, '2', null, null, '永春县中医院', 'other', 35000, '人次', 1, 'item', null, 36, 35000],
      [null, '3', null, null, '永春县妇幼保健院', 'other', 8000, '人次', 1, 'item', null, 36, 8000],
      [null, '4', null, null, '蓬壶镇中心卫生院', 'other', 6000, '人次', 1, 'item', null, 36, 6000],
      [null, '5', null, null, '五里街镇卫生院', 'other', 4000, '人次', 1, 'item', null, 36, 4000],
    ]);
    expect(items.some((i) => /合计/.test(i.item))).toBe(false);
  });
});

describe('4. resources: each item\'s total vCPU, memory, storage and bandwidth', () => {
  it('hosts sold whole, 云服务器（4核8G） × 20 台: 80 vCPU and 160 GB; storage and bandwidth from their units', async () => {
    const { items } = await run(LUJIANG);
    expect(of(items, 2).map((i) => i.resources)).toEqual([
      res(80, 160, null, null),
      res(64, 128, null, null),
      res(32, 128, null, null),
      res(null, null, 30720, null),
      res(null, null, null, 100),
      NONE,
      NONE,
    ]);
  });

  it('hosts whose CPU, memory and data disk stand in columns under 资源配置: per host × hosts', async () => {
    const { items } = await run(LUJIANG);
    expect(of(items, 3).map((i) => i.resources)).toEqual([res(32, 128, 2000, null), res(24, 48, 900, null), res(32, 128, 2000, null)]);
  });

  it('8vCPU/16GB per 个 in a spec column, 16vCPU/64GB × 4', async () => {
    const { items } = await run(LUOYANG);
    expect(of(items, 2).map((i) => i.resources)).toEqual([
      res(80, 160, null, null), res(64, 256, null, null), res(null, null, 20000, null), res(null, null, 51200, null), res(null, null, null, 500), NONE, NONE,
    ]);
    // Using units say nothing of any resource.
    expect(of(items, 1).every((i) => JSON.stringify(i.resources) === JSON.stringify(NONE))).toBe(true);
  });

  it('billing units: 1CPU × 292, 1GB of 内存 × 500, storage in GB and TB, 10Mbps × 50, a whole host in the name', async () => {
    const { items } = await run(XIJING);
    const byItem = Object.fromEntries(items.map((i) => [i.item, i.resources]));
    expect(byItem).toMatchObject({
      '云主机vCPU（主频≥2.6GHz）': res(292, null, null, null),
      '云主机内存': res(null, 500, null, null),
      '高性能云硬盘（SSD，单盘IOPS≥20000）': res(null, null, 10240, null),
      '普通型云硬盘（SATA）': res(null, null, 40960, null),
      '对象存储（科研数据归档）': res(null, null, 81920, null),
      '校园出口互联网带宽': res(null, null, null, 500),
      '弹性公网IP': NONE,
      '实验教学云主机（8vCPU/16GB）': res(240, 480, null, null),
      '云堡垒机': NONE,
    });
  });

  it('vCPU and memory billed per 核 and GB, storage per 100GB and TB, bandwidth per Mbps; security items hold none', async () => {
    const { items } = await run(NANCHANG);
    expect(items.map((i) => i.resources)).toEqual([
      res(480, null, null, null), res(null, 1920, null, null), res(null, null, 8000, null), res(null, null, 30000, null), res(null, null, 30720, null),
      res(null, null, null, 200), NONE, NONE,
      NONE, NONE, NONE, NONE, NONE, NONE,
    ]);
  });

  it('a quantity with its unit in brackets (256（核）, 20（TB）); a GPU host that states no vCPU holds none', async () => {
    const [h, k] = await Promise.all([run(HENGYANG), run(KEQIAO)]);
    expect(h.items.map((i) => i.resources)).toEqual([
      res(256, null, null, null), res(null, 1024, null, null), res(null, null, 20480, null), res(null, null, 102400, null), res(null, null, 51200, null),
      res(null, null, null, 200), NONE, NONE,
    ]);
    expect(k.items.slice(0, 6).map((i) => i.resources)).toEqual([
      res(96, 384, null, null), res(96, 192, null, null), NONE, res(null, null, 30720, null), res(null, null, 20480, null), res(null, null, 307200, null),
    ]);
  });
});

describe('5. tables that are not purchases', () => {
  it('service levels (故障等级/响应时间) and payment (付款节点/比例) give no items', async () => {
    const { tables, items } = await run(NANCHANG);
    expect(tables).toHaveLength(4);
    expect(NOT_PURCHASE).toContain(kindOf(tables, 3));
    expect(NOT_PURCHASE).toContain(kindOf(tables, 4));
    expect(items.every((i) => i.table <= 2)).toBe(true);
    expect(items).toHaveLength(14);
  });

  it('staffing (岗位/人数) is staffing; a 报价明细表 restating the list with shorter names and split subtotals is not counted again', async () => {
    const { tables, items } = await run(XIJING);
    expect(tables.map((t) => [t.table, t.section])).toEqual([[1, '云资源服务清单'], [2, '驻场人员要求'], [3, '报价明细表']]);
    expect(tables[1]).toMatchObject({ kind: 'staffing', header: ['岗位', '人数', '资格要求', '工作方式'] });
    expect(items.every((i) => i.table === 1)).toBe(true);
    expect(items).toHaveLength(10);
    expect(items.some((i) => /小计|合计/.test(i.item))).toBe(false);
  });

  it('a scoring table, a blank 开标一览表, and a 分项报价表 with shortened names and one row dropped give no items', async () => {
    const { tables, items } = await run(HENGYANG);
    expect(tables.map((t) => t.section)).toEqual(['云资源租用清单', '评分标准', '开标一览表', '分项报价表']);
    expect(NOT_PURCHASE).toContain(kindOf(tables, 2));
    expect(tables[3].rows.slice(0, 7).map((r) => r[1])).toEqual(['vCPU', '内存', '高性能块存储', '对象存储', '异地备份', '互联网带宽', '医保专线']);
    expect(items.every((i) => i.table === 1)).toBe(true);
    expect(items).toHaveLength(8);
  });

  it('a price form with a row added (其他费用（如有）) is not counted again, in a PDF', async () => {
    const { tables, items } = await run(KEQIAO);
    expect(tables.map((t) => t.section)).toEqual(['云资源租赁清单', '报价明细表']);
    expect(items.every((i) => i.table === 1)).toBe(true);
    expect(items.some((i) => /其他费用/.test(i.item))).toBe(false);
  });

  it('a qualification table and blank 开标一览表 / 分项报价表 in a goods tender give no items', async () => {
    const { tables, items } = await run(TAIYUAN);
    expect(tables.map((t) => t.section?.replace(/\s+/g, ''))).toEqual(['包1计算机教室整机设备', '包2教师办公电脑升级配件', '资格审查', '开标一览表', '分项报价表']);
    expect(NOT_PURCHASE).toContain(kindOf(tables, 3));
    expect(items.every((i) => i.table <= 2)).toBe(true);
    expect(items).toHaveLength(8);
  });

  it('the buyer\'s equipment is an inventory: 现有设备清单 with 购买年份, and a 维保设备清单 known by its heading alone', async () => {
    const { tables, items } = await run(QINGDAO);
    expect(tables.map((t) => [t.kind, t.section])).toEqual([
      ['inventory', '现有设备清单'], ['items', '包1：服务器及存储设备'], ['items', '包2：基础软件'], ['inventory', '维保设备清单'],
    ]);
    expect(tables[0].header).toEqual(['序号', '设备类型', '设备名称', '品牌型号', '数量', '购买年份', '备注']);
    // 序号 | 设备名称 | 品牌型号 | 数量 | 备注 reads like a purchase list; its heading says it is the equipment to maintain.
    expect(tables[3].header).toEqual(['序号', '设备名称', '品牌型号', '数量', '备注']);
    expect(items.every((i) => i.table === 2 || i.table === 3)).toBe(true);
    expect(items.filter((i) => i.item === '机架式服务器').map((i) => i.quantity)).toEqual([8]);
    expect(items.some((i) => /浪潮|华为|博科|磁盘阵列/.test(i.item))).toBe(false);
  });

  it('equipment the using units already have (使用单位 | 设备名称 | 品牌型号 | 数量 | 启用时间) is an inventory, beside a using-unit purchase list', async () => {
    const { tables, items } = await run(YONGCHUN);
    expect(tables.map((t) => t.kind)).toEqual([expect.any(String), 'inventory', 'items', 'items', expect.any(String)]);
    expect(tables[1].header).toEqual(['序号', '使用单位', '设备名称', '品牌型号', '数量', '启用时间']);
    expect(items.filter((i) => i.table === 2)).toEqual([]);
    expect(items.some((i) => /CT机|DR机/.test(i.item))).toBe(false);
  });

  it('a 前附表 of clauses, a scoring table and a 4-column key-value table are not purchases', async () => {
    const [l, y, c] = await Promise.all([run(LUJIANG), run(YONGCHUN), run(LUOYANG)]);
    expect(NOT_PURCHASE).toContain(kindOf(l.tables, 1));
    expect(NOT_PURCHASE).toContain(kindOf(l.tables, 4));
    expect(NOT_PURCHASE).toContain(kindOf(y.tables, 1));
    expect(NOT_PURCHASE).toContain(kindOf(y.tables, 5));
    expect(NOT_PURCHASE).toContain(kindOf(c.tables, 3));
    expect(l.items.every((i) => i.table === 2 || i.table === 3)).toBe(true);
    expect(y.items.every((i) => i.table === 3 || i.table === 4)).toBe(true);
    expect(c.items.every((i) => i.table <= 2)).toBe(true);
  });

  it('tables kept for audit carry their header row even when no column of it is a purchase column', async () => {
    const [n, h, t, l] = await Promise.all([run(NANCHANG), run(HENGYANG), run(TAIYUAN), run(LUJIANG)]);
    expect(n.tables[2].header).toEqual(['故障等级', '故障描述', '响应时间', '恢复时限']);
    expect(n.tables[3].header).toEqual(['付款节点', '付款比例', '付款条件']);
    expect(h.tables[1].header).toEqual(['评分项', '评分内容', '分值']);
    expect(t.tables[2].header).toEqual(['序号', '审查内容', '合格条件', '证明材料']);
    expect(l.tables[3].header).toEqual(['评分项', '评分标准', '分值']);
  });
});

describe('6. goods are not cloud services', () => {
  it('desktop machines and their parts (CPU+主板, 内存条, 显卡, 固态硬盘, 显示器) are other, with their units and no period', async () => {
    const { document, items } = await run(TAIYUAN);
    expect(document.format).toBe('html');
    expect(items.map(row)).toEqual([
      [1, '1', null, null, '学生用台式计算机', 'other', 110, '台', 1, 'machine', null, null, 110],
      [1, '2', null, null, '教师用台式计算机', 'other', 2, '台', 1, 'machine', null, null, 2],
      [1, '3', null, null, '多媒体教学管理软件', 'other', 2, '套', 1, 'set', null, null, 2],
      [2, '1', null, null, 'CPU+主板', 'other', 40, '套', 1, 'set', null, null, 40],
      [2, '2', null, null, '内存条', 'other', 80, '条', 1, 'module', null, null, 80],
      [2, '3', null, null, '独立显卡', 'other', 20, '张', 1, 'item', null, null, 20],
      [2, '4', null, null, '固态硬盘', 'other', 40, '块', 1, 'disk', null, null, 40],
      [2, '5', null, null, '液晶显示器', 'other', 40, '台', 1, 'machine', null, null, 40],
    ]);
    expect(items.every((i) => i.unit_months === null)).toBe(true);
  });

  it('a purchased physical server is bare metal, a storage array centralized storage, an OS licence software.os', async () => {
    const { items } = await run(QINGDAO);
    expect(items.map(row)).toEqual([
      [1, '1', null, null, '机架式服务器', 'compute.bare_metal', 8, '台', 1, 'machine', null, null, 8],
      [1, '2', null, null, '全闪存储阵列', 'storage.centralized', 1, '台', 1, 'machine', null, null, 1],
      [1, '3', null, null, '光纤交换机', 'other', 2, '台', 1, 'machine', null, null, 2],
      [1, '4', null, null, '服务器内存扩容', 'compute.bare_metal.memory', 32, '条', 1, 'module', null, null, 32],
      [2, '1', null, null, '服务器操作系统', 'software.os', 8, '套', 1, 'set', null, null, 8],
      [2, '2', null, null, '数据库管理系统', 'software.database', 2, '套', 1, 'set', null, null, 2],
    ]);
    expect(items[0].specs).toEqual(expect.arrayContaining([
      expect.objectContaining({ key: 'cpu_ghz', op: '>=', value: 2.8 }), expect.objectContaining({ key: 'memory_gb', op: '>=', value: 512 }),
    ]));
  });

  it('against a cloud lease, where 内存 billed per GB is compute.memory', async () => {
    const [x, h, y] = await Promise.all([run(XIJING), run(HENGYANG), run(YONGCHUN)]);
    for (const items of [x.items, h.items, y.items]) {
      expect(items.filter((i) => /内存/.test(i.item)).map((i) => [i.service, i.billing_unit.unit])).toEqual([['compute.memory', 'GB']]);
    }
  });
});

describe('7. facts from labelled fields', () => {
  it('label：value lines: the buyer beside its agent, the budget beside a deposit and a 最高限价, lots with their budgets', async () => {
    const { document, items } = await run(NANCHANG);
    expect(document).toMatchObject({
      status: 'ok',
      project: '江西省人力资源和社会保障厅2026年社保信息系统政务云租赁服务项目',
      agency: '江西省人力资源和社会保障厅',
      budget_cny: 2368000,
      price_cap_cny: 2300000,
      lots: [{ lot: 1, name: '政务云计算及存储资源', budget_cny: 1984000 }, { lot: 2, name: '政务云安全服务', budget_cny: 384000 }],
      service_start: '2026-04-01',
      service_end: '2027-03-31',
      items: 14,
    });
    expect(items.map((i) => i.lot)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
  });

  it('a 前附表 (序号/条款名称/编列内容): the buyer without its （采购人） note, the budget in capitals, the cap apart from it', async () => {
    const { document } = await run(LUJIANG);
    expect(document).toMatchObject({
      status: 'ok',
      project: '庐江县2025年政务信息系统迁移上云及云资源租赁服务项目',
      agency: '庐江县数据资源局',
      budget_cny: 2150000,
      price_cap_cny: 2100000,
      lots: [],
      items: 10,
    });
  });

  it('a key-value table of two pairs a row (项目编号 | … | 项目名称 | …): buyer, budget and cap in yuan from their labels', async () => {
    const { document } = await run(YONGCHUN);
    expect(document).toMatchObject({
      project: '永春县县域医共体影像云及云资源服务采购项目',
      agency: '永春县卫生健康局',
      budget_cny: 1350000,
      price_cap_cny: 1320000,
      lots: [],
      items: 10,
    });
  });

  it('a budget, a 最高限价 and a 投标保证金 on consecutive lines in a PDF', async () => {
    const { document } = await run(HENGYANG);
    expect(document).toMatchObject({
      project: '衡阳市第六人民医院智慧医院云资源租用服务项目', agency: '衡阳市第六人民医院', budget_cny: 1680000, price_cap_cny: 1650000, lots: [],
    });
  });

  it('spaced labels (采  购  人, 预 算 金 额) and a single numbered lot (标项一) that is listed', async () => {
    const { document } = await run(KEQIAO);
    expect(document).toMatchObject({
      project: '绍兴市柯桥区人民法院智慧法院云资源租赁服务项目',
      agency: '绍兴市柯桥区人民法院',
      budget_cny: 1860000,
      price_cap_cny: 1800000,
      lots: [{ lot: 1, name: '智慧法院云资源租赁', budget_cny: 1860000 }],
      service_start: '2026-07-01',
      service_end: '2027-06-30',
    });
  });

  it('人民币叁佰贰拾万元整（¥3,200,000.00） and a cap written ¥3,150,000.00; 本项目不划分采购包', async () => {
    const { document } = await run(XIJING);
    expect(document).toMatchObject({
      project: '西京科技大学2026年智慧校园云资源服务采购项目', agency: '西京科技大学', budget_cny: 3200000, price_cap_cny: 3150000, lots: [],
    });
  });

  it('lots named as written, with budgets; a cap equal to the budget; no cap where none is stated', async () => {
    const [c, t, q] = await Promise.all([run(LUOYANG), run(TAIYUAN), run(QINGDAO)]);
    expect(c.document).toMatchObject({
      project: '洛阳市教育局2026年市直学校智慧教育云服务项目', agency: '洛阳市教育局', budget_cny: 4280000, price_cap_cny: 4280000,
      lots: [{ lot: 1, name: '市直学校云桌面服务', budget_cny: 2960000 }, { lot: 2, name: '教育云平台资源租赁', budget_cny: 1320000 }],
    });
    expect(t.document).toMatchObject({
      project: '太原市小店区第三中学校2025年计算机教室及教师电脑更新采购项目', agency: '太原市小店区第三中学校', budget_cny: 886000, price_cap_cny: null,
      lots: [{ lot: 1, name: '计算机教室整机设备', budget_cny: 620000 }, { lot: 2, name: '教师办公电脑升级配件', budget_cny: 266000 }],
    });
    expect(q.document).toMatchObject({
      project: '青岛市大数据发展管理局2026年政务数据中心服务器及存储扩容采购项目', agency: '青岛市大数据发展管理局', budget_cny: 3650000, price_cap_cny: null,
      lots: [{ lot: 1, name: '服务器及存储设备', budget_cny: 2980000 }, { lot: 2, name: '基础软件', budget_cny: 670000 }],
    });
  });

  it('采购单位 for the buyer; a 标段 table (标段号/标段名称/预算金额（万元）/最高限价（万元）) gives the lots, not items', async () => {
    const { document, tables, items } = await run(JIAXING);
    expect(document).toMatchObject({
      project: '嘉兴市南湖区妇幼保健院互联网医院云资源租赁及安全服务项目',
      agency: '嘉兴市南湖区妇幼保健院',
      budget_cny: 1560000,
      price_cap_cny: 1500000,
      lots: [{ lot: 1, name: '云资源租赁', budget_cny: 1200000 }, { lot: 2, name: '云安全服务', budget_cny: 360000 }],
      items: 9,
    });
    const lotTable = tables.find((t) => t.header[1] === '标段名称');
    expect(lotTable?.kind).not.toBe('items');
    expect(items.some((i) => /云资源租赁|云安全服务/.test(i.item))).toBe(false);
  });

  it('every layout document reads without failure, in all four formats (and GBK HTML)', async () => {
    const files = [NANCHANG, XIJING, LUOYANG, YONGCHUN, TAIYUAN, LUJIANG, QINGDAO, HENGYANG, KEQIAO, JIAXING];
    const docs = await Promise.all(files.map(async (f) => (await run(f)).document));
    expect(docs.filter((d) => d.status !== 'ok').map((d) => [d.source, d.error])).toEqual([]);
    expect(new Set(docs.map((d) => d.format))).toEqual(new Set(['txt', 'docx', 'html', 'pdf']));
    expect(docs.map((d) => d.items)).toEqual([14, 10, 12, 10, 8, 10, 6, 8, 11, 9]);
  });
});
