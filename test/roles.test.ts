// Column roles on small tables: header words and cell content weighed together, assigned for
// the whole table at once.
import { describe, expect, it } from 'vitest';
import { cellType, contentEvidence, headerEvidence } from '../pipeline/roles.js';
import { analyseTable } from '../pipeline/tables.js';
import { grid, itemsOf, roles } from './grid.js';

describe('header words', () => {
  it('reads compound and unseen headers by the words they contain', () => {
    expect(roles(grid([
      ['序号', '资源名称及规格', '计量单位', '需求数量', '租用时长（月）', '综合单价（元/月）', '合价（元）', '品牌型号'],
      ['1', '云服务器（4核8G）', '台', '20', '12', '', '', ''],
    ]))).toEqual(['seq', 'item', 'billing_unit', 'quantity', 'months', 'unit_price', 'total_price', 'other']);
  });

  it('does not let a word inside a longer word vote: 报价单位 is not 单位, 服务期 is not 服务', () => {
    const e = headerEvidence(['报价单位']);
    expect(e.words.map((w) => [w.word, w.role])).toEqual([['报价单位', 'price_unit']]);
    expect(headerEvidence(['服务期（月）']).words.map((w) => w.role)).toEqual(['months']);
    // The head of the header (its last word) decides: 单位名称 names organisations.
    expect(headerEvidence(['单位名称']).words[0]).toMatchObject({ word: '单位名称', role: 'item' });
  });

  it('reads a header wrapped over two lines inside its cell, and fragments wrapped into the next row', () => {
    expect(roles(grid([
      ['服务\n子类', '服务项', '计价\n单位', '数量', '期限（月）'],
      ['云主机服务', 'vCPU', '1CPU', '20', '12'],
    ]))).toEqual(['subcategory', 'item', 'billing_unit', 'quantity', 'months']);
    const wrapped = grid([
      ['服务子', '服务项', '计价单', '数量', '服务期'],
      ['类', '', '位', '', '（月）'],
      ['云主机服务', 'vCPU', '1CPU', '20', '12'],
      ['^', '内存', '1GB', '40', '12'],
    ]);
    const a = analyseTable(wrapped);
    expect(a.header).toEqual(['服务子类', '服务项', '计价单位', '数量', '服务期（月）']);
    expect(a.headerRows).toEqual([0, 1]);
    expect(itemsOf(wrapped).map((i) => [i.subcategory, i.item, i.billing_unit.unit, i.quantity, i.months])).toEqual([
      ['云主机服务', 'vCPU', 'vCPU', 20, 12], ['云主机服务', '内存', 'GB', 40, 12],
    ]);
  });

  it('reads a two-row grouped header by its lower labels', () => {
    const t = grid([
      ['序号', '业务系统', '资源配置', '<', '<', '需求数量（台）', '使用期限（年）'],
      ['^', '^', 'CPU（核）', '内存（GB）', '数据盘（GB）', '^', '^'],
      ['1', '不动产登记系统', '8', '32', '500', '4', '3'],
      ['2', '热线系统', '16', '64', '1000', '2', '3'],
    ]);
    expect(roles(t)).toEqual(['seq', 'item', 'spec', 'spec', 'spec', 'quantity', 'months']);
    // Each row is a host of that configuration: its resources are the spec times the hosts.
    expect(itemsOf(t).map((i) => [i.item, i.service, i.quantity, i.months, i.resources])).toEqual([
      ['不动产登记系统', 'compute.vcpu', 4, 36, { vcpu: 32, memory_gb: 128, storage_gb: 2000, bandwidth_mbps: null }],
      ['热线系统', 'compute.vcpu', 2, 36, { vcpu: 32, memory_gb: 128, storage_gb: 2000, bandwidth_mbps: null }],
    ]);
  });
});

describe('cell content', () => {
  it('tells cells apart by what they hold', () => {
    expect(['655', '1,097', '65.24', '¥1,200.00', '1CPU', '100GB', '1 IP（内网）', '20台', '套', '元/月', '按月', '12个月', '三年', '2019年7月', '/', '北京市第一医院', '云主机服务', '提供不少于200Mbps的互联网带宽，支持弹性扩容']
      .map(cellType)).toEqual(['int', 'int', 'decimal', 'money', 'unit', 'qty_unit', 'unit', 'qty_unit', 'unit', 'price_unit', 'price_unit', 'period', 'period', 'date', 'dash', 'org', 'name', 'long']);
  });

  it('gives a column with no header word its role by its cells', () => {
    expect(roles(grid([
      ['', '名称', '', '数量'],
      ['1', '云主机', '台', '20'],
      ['2', '云硬盘', 'TB', '10'],
      ['3', '带宽', 'Mbps', '100'],
    ]))).toEqual(['seq', 'item', 'billing_unit', 'quantity']);
  });

  it('a 单位 column of hospital names is the using unit, not a billing unit', () => {
    const t = grid([
      ['序号', '单位', '数量', '服务期限（年）'],
      ['1', '永春县医院', '60', '3'],
      ['2', '永春县中医院', '35', '3'],
    ]);
    expect(roles(t)).toEqual(['seq', 'item', 'quantity', 'months']);
    expect(analyseTable(t).kind).toBe('items');
    expect(itemsOf(t).map((i) => [i.item, i.quantity, i.months])).toEqual([['永春县医院', 60, 36], ['永春县中医院', 35, 36]]);
  });

  it('a 计费方式 column of 按月 and 包年 is the price unit', () => {
    const t = grid([
      ['序号', '资源名称', '计费单位', '计费方式', '数量'],
      ['1', '云主机vCPU', '1CPU', '按月', '292'],
      ['2', '对象存储', '1TB', '包年', '80'],
    ]);
    expect(roles(t)).toEqual(['seq', 'item', 'billing_unit', 'price_unit', 'quantity']);
    expect(itemsOf(t).map((i) => i.price_unit.per)).toEqual(['month', 'year']);
  });
});

describe('joint assignment', () => {
  it('makes the most specific descriptive column the item, whatever the headers call them', () => {
    const t = grid([
      ['序号', '服务名称', '服务内容', '单位', '数量'],
      ['1', '云主机服务', 'vCPU（主频不低于2.4GHz）', '核', '64'],
      ['2', '^', '内存', 'GB', '256'],
      ['3', '存储服务', '对象存储', 'TB', '150'],
      ['4', '^', '异地备份', 'TB', '150'],
    ]);
    expect(roles(t)).toEqual(['seq', 'subcategory', 'item', 'billing_unit', 'quantity']);
    expect(itemsOf(t).map((i) => [i.subcategory, i.item, i.service])).toEqual([
      ['云主机服务', 'vCPU（主频不低于2.4GHz）', 'compute.vcpu'], ['云主机服务', '内存', 'compute.memory'],
      ['存储服务', '对象存储', 'storage.object'], ['存储服务', '异地备份', 'storage.offsite_backup'],
    ]);
  });

  it('the same with blanks for merged cells, as text exports write them, and three descriptive columns', () => {
    const t = grid([
      ['序号', '服务类别', '服务名称', '服务内容', '计量单位', '数量'],
      ['1', '计算服务', '云主机服务', 'vCPU', '1核', '480'],
      ['2', '', '', '内存', '1GB', '1920'],
      ['3', '存储服务', '块存储服务', '高性能存储', '100GB', '80'],
      ['4', '', '', '普通存储', '100GB', '300'],
    ]);
    expect(roles(t)).toEqual(['seq', 'category', 'subcategory', 'item', 'billing_unit', 'quantity']);
    expect(itemsOf(t).map((i) => [i.category, i.subcategory, i.item])).toEqual([
      ['计算服务', '云主机服务', 'vCPU'], ['计算服务', '云主机服务', '内存'], ['存储服务', '块存储服务', '高性能存储'], ['存储服务', '块存储服务', '普通存储'],
    ]);
  });

  it('keeps the named item when a second name column is as distinct: that one describes it', () => {
    expect(roles(grid([
      ['序号', '名称', '内容', '数量'],
      ['1', '云主机', '8核16G', '10'],
      ['2', '云硬盘', '500GB', '4'],
    ]))).toEqual(['seq', 'item', 'spec', 'quantity']);
  });

  it('gives a role once: the stronger claim wins, the other column is something else', () => {
    expect(roles(grid([
      ['序号', '服务项', '数量', '数量（备用）'],
      ['1', 'vCPU', '10', '2'],
    ]))).toEqual(['seq', 'item', 'quantity', 'other']);
  });
});

describe('tables that are not purchases', () => {
  it.each([
    [[['评分项', '评分标准', '分值'], ['技术方案', '方案完整', '20'], ['服务承诺', '响应及时', '10']], 'requirements'],
    [[['故障等级', '故障描述', '响应时间', '恢复时限'], ['一级', '业务中断', '15分钟', '2小时']], 'requirements'],
    [[['付款节点', '付款比例'], ['合同签订后', '30%'], ['验收合格后', '70%']], 'requirements'],
    [[['岗位', '人数', '任职要求'], ['项目经理', '1', '本科及以上']], 'staffing'],
    [[['序号', '设备名称', '品牌型号', '数量', '购买年份'], ['1', '机架式服务器', '浪潮NF5280M5', '12', '2019']], 'inventory'],
  ])('%j → %s', (rows, kind) => {
    expect(analyseTable(grid(rows as string[][])).kind).toBe(kind);
  });

  it('an equipment list under a heading of the buyer\'s existing equipment is an inventory', () => {
    const t = grid([['序号', '设备名称', '数量'], ['1', '核心交换机', '2']]);
    expect(analyseTable(t, { before: ['维保设备清单'] }).kind).toBe('inventory');
    expect(analyseTable(t).kind).toBe('items');
  });

  it('knows a price form by its title or the chapter of bidder forms it stands in', () => {
    const t = grid([['序号', '服务名称', '数量', '单价（元）', '总价（元）'], ['1', '云主机', '10', '', '']]);
    expect(analyseTable(t, { before: ['附件3 分项报价表'] }).priceForm).toBe(true);
    expect(analyseTable(t, { section: '第六章 投标文件格式' }).priceForm).toBe(true);
    expect(analyseTable(t, { section: '采购需求' }).priceForm).toBe(false);
  });
});

describe('a table cut in two', () => {
  it('reads the part after a page break (续表) under the header of the part before', async () => {
    const { documentRecords } = await import('../pipeline/document.js');
    const head = grid([['序号', '服务项', '计价单位', '数量', '服务期（月）'], ['1', 'vCPU', '1核', '64', '12'], ['2', '内存', '1GB', '256', '12']]);
    const rest = grid([['3', '对象存储', '1TB', '50', '12'], ['4', '互联网带宽', '1Mbps', '100', '12']]);
    const doc = { warnings: [], blocks: [{ type: 'paragraph' as const, text: '一、云资源清单' }, head, { type: 'paragraph' as const, text: '续表' }, rest] };
    const { items, tables } = documentRecords(doc, { doc_id: '0123456789abcdef', source: 't.docx', format: 'docx' });
    expect(items.map((i) => [i.table, i.row, i.item, i.service, i.quantity, i.billing_unit.unit, i.months])).toEqual([
      [1, 1, 'vCPU', 'compute.vcpu', 64, 'vCPU', 12], [1, 2, '内存', 'compute.memory', 256, 'GB', 12],
      [2, 1, '对象存储', 'storage.object', 50, 'GB', 12], [2, 2, '互联网带宽', 'network.bandwidth', 100, 'Mbps', 12],
    ]);
    expect(tables[1]).toMatchObject({ kind: 'items', header: ['序号', '服务项', '计价单位', '数量', '服务期（月）'], rows: [['3', '对象存储', '1TB', '50', '12'], ['4', '互联网带宽', '1Mbps', '100', '12']] });
    // A table of another width after a paragraph of its own is a table of its own.
    const other = grid([['甲', '乙'], ['丙', '丁']]);
    const apart = documentRecords({ warnings: [], blocks: [head, { type: 'paragraph' as const, text: '二、其他要求如下，供应商须逐条响应并提供证明材料。' }, other] }, { doc_id: '0123456789abcdef', source: 't.docx', format: 'docx' });
    expect(apart.tables[1].kind).toBe('other');
  });
});

describe('more layouts', () => {
  it('reads bilingual headers (No. | Item | Qty | Unit) and 1项 under 数量及单位', () => {
    expect(itemsOf(grid([['No.', 'Item', 'Qty', 'Unit'], ['1', 'vCPU', '64', 'core'], ['2', 'Memory', '256', 'GB']]))
      .map((i) => [i.item, i.service, i.quantity, i.billing_unit.unit, i.resources.vcpu, i.resources.memory_gb])).toEqual([
      ['vCPU', 'compute.vcpu', 64, 'vCPU', 64, null], ['Memory', 'compute.memory', 256, 'GB', null, 256],
    ]);
    expect(itemsOf(grid([['序号', '需求内容', '数量及单位', '服务期限'], ['1', '政务云资源租用', '1项', '1年']]))
      .map((i) => [i.item, i.quantity, i.billing_unit.raw, i.months])).toEqual([['政务云资源租用', 1, '项', 12]]);
  });
});

describe('a numbered column', () => {
  it('is a sequence when its numbers go up by one or start again at 1 (numbered per lot), not when they skip', () => {
    expect(contentEvidence(['1', '2', '3', '1', '2'], ['1', '2', '3', '1', '2']).sequence).toBe(true);
    expect(contentEvidence(['1', '3', '5', '7'], ['1', '3', '5', '7']).sequence).toBe(false);
    expect(contentEvidence(['3', '4', '5'], ['3', '4', '5']).sequence).toBe(false);
  });
});
