import { describe, expect, it } from 'vitest';
import { roleOf } from '../pipeline/headers.js';
import { chineseMoney, chineseNumber, parseNumber, scaleDecimal } from '../pipeline/numbers.js';
import { parseSpecs } from '../pipeline/specs.js';
import { cleanText } from '../pipeline/text.js';
import { parseBillingUnit, parseMonths, parsePriceUnit, parseQuantity, periodUnitOfHeader, quantityUnitOfHeader } from '../pipeline/units.js';

describe('numbers', () => {
  it.each([
    ['1,097', 1097], ['53,760', 53760], ['15,878.8', 15878.8], ['0.3', 0.3], ['１２', 12], ['４，０００', 4000], ['111431.86', 111431.86],
  ])('%s → %s', (s, n) => expect(parseNumber(s)).toBe(n));
  it('rejects text that is not a number', () => expect(parseNumber('按需')).toBeNull());
  it('reads Chinese numerals and capital money', () => {
    expect(chineseNumber('十二')).toBe(12);
    expect(chineseNumber('三百零五')).toBe(305);
    expect(chineseMoney('人民币壹佰万元整')).toBe(1_000_000);
    expect(chineseMoney('叁拾捌万陆仟元伍角')).toBe(386_000.5);
  });
  it('scales decimals exactly', () => {
    expect(scaleDecimal('162.747796', 4)).toBe(1627477.96);
    expect(scaleDecimal('398.6000000', 4)).toBe(3986000);
  });
});

describe('billing units', () => {
  it.each([
    ['100GB', '', 100, 'GB'],
    ['1 TB', '', 1024, 'GB'],
    ['1TB', '', 1024, 'GB'],
    ['1 CPU', '', 1, 'vCPU'],
    ['1CPU', '', 1, 'vCPU'],
    ['1 GB', '内存', 1, 'GB'],
    ['1Mb', '互联网链路带宽', 1, 'Mbps'],
    ['1内网IP', '', 1, 'IP'],
    ['1 IP（内网）', '', 1, 'IP'],
    ['1 IP（互联网）', '', 1, 'IP'],
    ['1账号', '', 1, 'account'],
    ['1套', '', 1, 'set'],
    ['套', '', 1, 'set'],
    ['1 台', '', 1, 'machine'],
    ['1个云主机', '', 1, 'host'],
    ['1主机', '', 1, 'host'],
    ['1站点', '', 1, 'site'],
    ['1监控点', '', 1, 'point'],
    ['1条', '内存-32GB', 1, 'module'],
    ['1条', '提供短信服务', 1, 'message'],
    ['1快', '硬盘配置3-4TB', 1, 'disk'],
    ['元/流量清洗能力10G/月', '云端抗DDOS服务', 10000, 'Mbps'],
    ['元/套/月', '', 1, 'set'],
    ['元/台/月', '', 1, 'machine'],
    ['核', '', 1, 'vCPU'],
    ['10Mbps', '', 10, 'Mbps'],
    ['500GB', '', 500, 'GB'],
    ['1套/年', '', 1, 'set'],
    ['1个', '', 1, 'item'],
    ['次', '', 1, 'item'],
    ['项', '', 1, 'item'],
    ['人', '政务服务中心导办服务', 1, 'item'],
    ['人', '协同办公系统用户授权', 1, 'user'],
    ['平方米', '门诊楼日常保洁', 1, 'item'],
    ['1个实例', '负载均衡', 1, 'host'],
  ])('%s (%s) → %s %s', (raw, context, size, unit) => {
    expect(parseBillingUnit(raw, context)).toEqual({ raw, size, unit });
  });
  it('has no unit for an empty or dash cell', () => {
    expect(parseBillingUnit('')).toBeNull();
    expect(parseBillingUnit('/')).toBeNull();
  });
});

describe('price units', () => {
  it.each([
    ['元/月', 'month'], ['元/年', 'year'], ['元/次', 'use'], ['元/套', null], ['IP/元/月', 'month'], ['条/月', 'month'], ['块/月', 'month'],
  ])('%s → %s', (raw, per) => expect(parsePriceUnit(raw)).toEqual({ raw, currency: 'CNY', per }));
});

describe('quantities', () => {
  it.each([
    ['1,097', 1097, ''], ['0.3', 0.3, ''], ['20台', 20, '台'], ['5000GB', 5000, 'GB'], ['20TB', 20, 'TB'], ['300Mbps', 300, 'Mbps'], ['5个站点', 5, '个站点'],
    ['1（套）', 1, '套'], ['10万条', 100000, '条'], ['约200', 200, ''], ['20 台', 20, '台'], ['2台（含安装）', 2, '台'],
  ])('%s → %s %s', (raw, value, unit) => expect(parseQuantity(raw)).toEqual({ value, unit }));
  it('is not a quantity when empty or prose', () => {
    expect(parseQuantity('')).toBeNull();
    expect(parseQuantity('按实际需求，不少于两人')).toBeNull();
  });
});

describe('months', () => {
  it.each([
    ['12', null, 12], ['12', 'month', 12], ['1', 'year', 12], ['0.5', 'year', 6], ['12个月', null, 12], ['1年', null, 12], ['3年', 'month', 36],
    ['十二个月', null, 12], ['/', null, null], ['一次性', null, null], ['', null, null],
    ['三年', null, 36], ['1年（12个月）', null, 12], ['自合同签订之日起12个月', null, 12], ['合同签订后1年', null, 12],
    ['2026年1月1日至2026年12月31日', null, 12], ['2026.03.26-2027.03.26', null, 12], ['2026-04-01至2026-09-30', 'year', 6],
    ['2026年3月1日起', null, null],
  ] as const)('%s under %s → %s', (raw, unit, months) => expect(parseMonths(raw, unit)).toBe(months));
  it('reads the unit a header states', () => {
    expect(periodUnitOfHeader('期限（月）')).toBe('month');
    expect(periodUnitOfHeader('服务期限（年）')).toBe('year');
    expect(periodUnitOfHeader('期限')).toBeNull();
    expect(periodUnitOfHeader('服务年限')).toBe('year');
  });
  it('reads the unit a quantity header states', () => {
    expect(quantityUnitOfHeader('数量（台）')).toBe('台');
    expect(quantityUnitOfHeader('采购数量(套)')).toBe('套');
    expect(quantityUnitOfHeader('数量（单位）')).toBeNull();
    expect(quantityUnitOfHeader('数量')).toBeNull();
  });
});

describe('specs', () => {
  const s = (text: string) => parseSpecs(text).map(({ raw: _raw, ...rest }) => rest);
  it('reads IOPS ranges and bounds', () => {
    expect(s('普通存储（单盘技术指标: 单盘IOPS 2000-5000）')).toEqual([{ key: 'iops', min: 2000, max: 5000 }]);
    expect(s('高性能存储（单盘技术指标：单盘IOPS3000-20000 ）')).toEqual([{ key: 'iops', min: 3000, max: 20000 }]);
    expect(s('SSD，单盘IOPS≥20000')).toEqual([{ key: 'iops', op: '>=', value: 20000 }]);
  });
  it('reads CPU frequency with its architecture', () => {
    expect(s('vCPU（vCPU ARM架构主频不低于2.4GHz，C86和x86主频不低于2.2GHz，平均虚拟化率，即物理CPU/虚拟CPU≥1/4）')).toEqual([
      { key: 'cpu_ghz', op: '>=', value: 2.4, qualifier: 'ARM架构' },
      { key: 'cpu_ghz', op: '>=', value: 2.2, qualifier: 'C86和x86' },
      { key: 'vcpu_ratio', op: '>=', value: 0.25 },
    ]);
    expect(s('主频≥2.6GHz')).toEqual([{ key: 'cpu_ghz', op: '>=', value: 2.6 }]);
  });
  it('reads a physical server configuration', () => {
    expect(s('x86 物理服务器配置1:2 路12 核（主频≥2.0Ghz），64G内存，2块600G SAS 硬盘')).toEqual([
      { key: 'cpu_sockets', value: 2 }, { key: 'cpu_cores', value: 12 }, { key: 'cpu_ghz', op: '>=', value: 2 },
      { key: 'memory_gb', value: 64 }, { key: 'disk_count', value: 2 }, { key: 'disk_gb', value: 600 },
    ]);
    expect(s('8核16G')).toEqual([{ key: 'cpu_cores', value: 8 }, { key: 'memory_gb', value: 16 }]);
    for (const text of ['8C16G', '8核/16GB', '8vCPU 16GB', '8c16g']) expect(s(text), text).toEqual([{ key: 'cpu_cores', value: 8 }, { key: 'memory_gb', value: 16 }]);
    expect(s('物理核心数≥32核，内存≥512GB')).toEqual([{ key: 'cpu_cores', op: '>=', value: 32 }, { key: 'memory_gb', op: '>=', value: 512 }]);
    expect(s('≥10块3.84TB SSD')).toEqual([{ key: 'disk_count', op: '>=', value: 10 }, { key: 'disk_tb', value: 3.84 }]);
    expect(s('内存-32GB')).toEqual([{ key: 'memory_gb', value: 32 }]);
    expect(s('硬盘配置3-4TB')).toEqual([{ key: 'disk_tb', min: 3, max: 4 }]);
  });
  it('reads bandwidth, throughput, users and availability', () => {
    expect(s('Web威胁防护 （200Mbps）')).toEqual([{ key: 'bandwidth_mbps', value: 200 }]);
    expect(s('带宽不低于100Mbps')).toEqual([{ key: 'bandwidth_mbps', op: '>=', value: 100 }]);
    expect(s('云内骨干线路带宽不低于10Gb/s')).toEqual([{ key: 'bandwidth_mbps', op: '>=', value: 10000 }]);
    expect(s('读写带宽应不低于1000MB/s')).toEqual([{ key: 'throughput_mbs', op: '>=', value: 1000 }]);
    expect(s('每套10个并发用户')).toEqual([{ key: 'concurrent_users', value: 10 }]);
    expect(s('并发用户数不少于200')).toEqual([{ key: 'concurrent_users', op: '>=', value: 200 }]);
    expect(s('可用性不低于99.99%')).toEqual([{ key: 'availability_pct', op: '>=', value: 99.99 }]);
  });
  it('keeps the text each spec was read from', () => {
    expect(parseSpecs('单盘IOPS 10000-25000')[0].raw).toBe('IOPS 10000-25000');
  });
});

describe('header synonyms', () => {
  it.each([
    ['服务类别', 'category'], ['类别', 'category'], ['资源类别', 'category'], ['服务子类', 'subcategory'], ['子类', 'subcategory'],
    ['服务项', 'item'], ['服务内容', 'item'], ['服务名称', 'item'], ['名称', 'item'], ['资源名称及配置要求', 'item'],
    ['计价单位', 'billing_unit'], ['单位', 'billing_unit'], ['计费单位', 'billing_unit'], ['报价单位', 'price_unit'],
    [' 数量 ', 'quantity'], ['期限（月）', 'months'], ['服务期（月）', 'months'], ['期限', 'months'], ['服务期限', 'months'],
    ['租用期限（月）', 'months'], ['服务期限（年）', 'months'], ['序号', 'seq'], ['规格及技术要求', 'spec'], ['配置要求', 'spec'],
    ['岗位', 'item'], ['单价（元）', 'unit_price'], ['合价（元）', 'total_price'], ['预算金额（万元）', 'budget'], ['备注', 'note'],
    ['包号', 'lot'], ['标段', 'lot'], ['采购包', 'lot'], ['包名称', 'item'], ['资源名称', 'item'], ['服务内容', 'item'], ['服务范围及要求', 'spec'],
    ['服务期（月）', 'months'], ['计费方式', 'price_unit'], ['服务区域', 'other'], ['使用单位', 'item'], ['单位名称', 'item'],
    ['品目号', 'seq'], ['品目名称', 'category'], ['采购标的', 'item'], ['数量（单位）', 'quantity'], ['技术规格、参数及要求', 'spec'], ['品目预算(元)', 'budget'],
    ['最高限价（元）', 'budget'], ['需求数量', 'quantity'], ['计量单位', 'billing_unit'], ['租用时长（月）', 'months'], ['资源名称及规格', 'item'],
    ['品牌型号', 'other'], ['数量/单位', 'quantity'],
  ])('%s → %s', (label, role) => expect(roleOf(label)).toBe(role));
});

describe('text cleanup', () => {
  it('joins cell lines without inventing spaces between Chinese characters', () => {
    expect(cleanText('大容量、高可靠的数据存储服务\n具备PB级线性扩展能力')).toBe('大容量、高可靠的数据存储服务具备PB级线性扩展能力');
    expect(cleanText('X86      云计算服务')).toBe('X86云计算服务');
    expect(cleanText('2026 年 3 月')).toBe('2026年3月');
    expect(cleanText('SSL\nVPN')).toBe('SSL VPN');
    expect(cleanText('（www.creditchina\n.gov.cn）')).toBe('（www.creditchina.gov.cn）');
    expect(cleanText('0755-\n36994788')).toBe('0755-36994788');
  });
});

describe('the rules and the schema agree', () => {
  it('every unit the unit rules give is in the contract, and every unit of the contract is given by a rule', async () => {
    const { RULE_UNITS } = await import('../pipeline/units.js');
    const { UNITS } = await import('../schemas/records.js');
    expect([...RULE_UNITS].sort()).toEqual([...UNITS].sort());
  });

  it('every service the taxonomy names is in the contract, and every key but other has a rule', async () => {
    const { taxonomyTable } = await import('../pipeline/taxonomy.js');
    const { SERVICES } = await import('../schemas/records.js');
    const table = taxonomyTable(SERVICES);
    const withoutRule = SERVICES.filter((s) => table.includes(`| \`${s}\` | (by the rules of its group)`));
    expect(withoutRule).toEqual([]);
  });
});
