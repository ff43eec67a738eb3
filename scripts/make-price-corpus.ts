// Writes corpus/synthetic_price_*.txt: tenders whose budgets are made from known unit prices
// (PRICES below) and quantities, plus noise, so that `tender prices` on the corpus can be
// checked against the prices that made the budgets. Committed; run again to change them:
//   npx tsc -p tsconfig.build.json && node dist/scripts/make-price-corpus.js [--out DIR]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng } from './fuzz.js';
import { repoRoot } from './make-fixtures.js';
import { outRoot } from './fixture-bytes.js';

/** Yuan per billing unit per month that the budgets are made of. */
export const PRICES = [
  { item: 'vCPU（主频不低于2.4GHz）', sub: '云主机服务', unit: '1核', size: 1, perUnitMonth: 32, range: [60, 900] },
  { item: '内存', sub: '云主机服务', unit: '1GB', size: 1, perUnitMonth: 11, range: [200, 3600] },
  { item: '普通存储（单盘IOPS 2000-5000）', sub: '云存储服务', unit: '100GB', size: 100, perUnitMonth: 0.45, range: [50, 900] },
  { item: '高性能存储（SSD，单盘IOPS≥20000）', sub: '云存储服务', unit: '100GB', size: 100, perUnitMonth: 1.6, range: [10, 300] },
  { item: '互联网带宽', sub: '网络服务', unit: '1Mbps', size: 1, perUnitMonth: 18, range: [20, 600] },
] as const;

const CITIES = [['浙江省', '杭州市'], ['江苏省', '南京市'], ['广东省', '广州市'], ['四川省', '成都市'], ['湖北省', '武汉市'], ['山东省', '济南市'], ['福建省', '福州市'], ['河南省', '郑州市']];
const BUREAUS = ['数据资源管理局', '卫生健康委员会', '教育局', '市场监督管理局', '人力资源和社会保障局', '自然资源和规划局'];

export function priceTender(i: number, rand: () => number): { name: string; text: string } {
  const [province, city] = CITIES[i % CITIES.length];
  const agency = `${city}${BUREAUS[i % BUREAUS.length]}`;
  const months = [12, 24, 36][i % 3];
  const rows = PRICES.map((p) => ({ ...p, qty: Math.round(p.range[0] + rand() * (p.range[1] - p.range[0])) }));
  const spend = rows.reduce((s, r) => s + r.qty * r.perUnitMonth * months * (r.size === 100 ? 1 : 1), 0);
  // Budgets err as real ones do: a few percent either way, rounded to the 元.
  const noise = 1 + 0.04 * (rand() + rand() + rand() - 1.5);
  const budget = Math.round(spend * noise);
  const year = 2025 + (i % 2);
  const code = `SYN-${year}-${String(i + 1).padStart(3, '0')}`;
  const cell = (t: string | number) => `\t${t}`;
  const table = [
    ['序号', '服务子类', '服务项', '计价单位', '报价单位', '数量', '服务期（月）'].map(cell).join('\n'),
    ...rows.map((r, k) => [k + 1, r.sub, r.item, r.unit, '元/月', r.qty, months].map(cell).join('\n')),
  ].join('\n\n');
  const text = [
    `${agency}${year}年政务云租赁服务项目采购需求`,
    '一、项目基本情况',
    `项目编号：${code}`,
    `项目名称：${agency}${year}年政务云租赁服务项目`,
    `采购人：${agency}`,
    `采购人地址：${province}${city}人民路${i + 10}号`,
    `预算金额：${budget}元`,
    `服务期：${months}个月`,
    '二、服务清单',
    table,
    '',
    '三、其他要求',
    '1.云平台须通过网络安全等级保护第三级测评。',
  ].join('\n');
  return { name: `synthetic_price_${String(i + 1).padStart(2, '0')}_${year}.txt`, text };
}

function main(): void {
  const root = outRoot(process.argv.slice(2), repoRoot());
  mkdirSync(join(root, 'corpus'), { recursive: true });
  const rand = prng(2026);
  for (let i = 0; i < 24; i++) {
    const { name, text } = priceTender(i, rand);
    writeFileSync(join(root, 'corpus', name), `${text}\n`);
  }
  console.log(`wrote 24 tenders to ${join(root, 'corpus')} (prices: ${PRICES.map((p) => `${p.item.replace(/（.*$/, '')} ${p.perUnitMonth}/${p.unit}/月`).join(', ')})`);
}

if (process.argv[1]?.endsWith('make-price-corpus.js')) main();
