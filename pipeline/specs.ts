// Technical figures in an item's text: IOPS ranges, CPU frequency, sockets and cores, memory,
// disks, bandwidth, throughput, concurrent users, availability, the vCPU over-commit ratio.
import type { Spec, SpecKey } from '../schemas/records.js';
import { analysed, group, halfWidth } from './text.js';
import { memo } from './memo.js';

const GE = '≥|>=|＞=|不低于|不小于|不少于|大于等于|大于或等于|至少|最低|不得低于|不应低于|应不低于';
const LE = '≤|<=|不高于|不大于|不超过|小于等于|小于或等于|最高|最多';
const OP = `(${GE}|${LE}|=|:|：|为)?`;
const NUM = '(\\d+(?:\\.\\d+)?)';
const RANGE_SEP = '\\s*(?:-|~|～|至|—|–|到)\\s*';

const IS_GE = new RegExp(`^(${GE})$`);
const IS_LE = new RegExp(`^(${LE})$`);

function opOf(word: string | undefined): Spec['op'] | undefined {
  if (!word) return undefined;
  if (IS_GE.test(word)) return '>=';
  if (IS_LE.test(word)) return '<=';
  return undefined;
}

type Found = Omit<Spec, 'raw'> & { raw: string; at: number };

const ARCH = /(ARM|x86|X86|C86|海光|鲲鹏|飞腾|兆芯|龙芯|申威|Intel|AMD|国产)[^，,；;。]*?(?=主频|CPU|$)/;

/** Which architecture a frequency applies to: `ARM架构主频不低于2.4GHz` → `ARM架构`. */
function qualifierBefore(text: string, at: number): string | undefined {
  const clauseStart = Math.max(text.lastIndexOf('，', at), text.lastIndexOf(',', at), text.lastIndexOf('；', at), text.lastIndexOf('(', at), text.lastIndexOf('（', at));
  const clause = text.slice(clauseStart + 1, at).replace(/^\s*v?CPU\s*/i, '');
  const m = ARCH.exec(clause);
  if (!m) return undefined;
  const q = m[0].replace(/(的)?(CPU)?\s*$/i, '').trim();
  return q || undefined;
}

// Item texts repeat across rows, tables and tenders of one template: read each once.
// Every spec has a figure: a text without a digit has none.
const parsed = memo((input: string) => (/\d/.test(input) ? parseUncached(input) : []));

export function parseSpecs(whole: string): Spec[] {
  return parsed(analysed(whole)).map((s) => ({ ...s }));
}

/** The patterns of parseUncached, in its order, compiled once (global, for matchAll). */
const P = {
  iopsRange: new RegExp(`IOPS\\s*${OP}\\s*${NUM}${RANGE_SEP}${NUM}`, 'ig'),
  iopsValue: new RegExp(`IOPS\\s*${OP}\\s*${NUM}(?!\\s*(?:-|~|～|至|—|–|到)\\s*\\d)`, 'ig'),
  valueIops: new RegExp(`${NUM}\\s*IOPS`, 'ig'),
  ghz: new RegExp(`(${GE}|${LE})?\\s*${NUM}\\s*GHz`, 'ig'),
  socketsCores: /(\d+)\s*路\s*(\d+)\s*核/g,
  coresMemory: /(?<![路\d.])(\d+)\s*(?:核|C(?![a-z])|vCPU)\s*[/、,，]?\s*(\d+)\s*G(?:B)?(?![a-z])/ig,
  coresLabel: new RegExp(`(?:核心数|核数|物理核|内核数|CPU核)\\S{0,2}?\\s*(${GE}|${LE})?\\s*(\\d+)\\s*核?`, 'ig'),
  cores: /(?<![路\d.])(\d+)\s*核(?![心数])/g,
  memoryLabel: new RegExp(`内存(?:容量|大小|配置)?\\s*(?:-|—)?\\s*${OP}\\s*${NUM}\\s*(GB|G|TB|T)(?![a-z])`, 'ig'),
  memoryModule: /(\d+(?:\.\d+)?)\s*(GB|G)\s*DDR\d(?!\s*(?:ECC\s*)?内存)/ig,
  memoryBefore: /(\d+(?:\.\d+)?)\s*(GB|G|TB|T)\s*(?:DDR\d\s*)?(?:ECC\s*)?内存/ig,
  disksCounted: new RegExp(`(${GE})?\\s*(\\d+)\\s*块\\s*${NUM}\\s*(TB|T|GB|G)(?![a-z])`, 'ig'),
  diskRange: new RegExp(`(?:硬盘|磁盘|盘)(?:配置|容量)?\\s*${OP}\\s*${NUM}${RANGE_SEP}${NUM}\\s*(TB|T|GB|G)(?![a-z])`, 'ig'),
  diskLabel: new RegExp(`(系统盘|数据盘|硬盘|磁盘|云盘|云硬盘)(?:容量|大小)?\\s*(?:-|—)?\\s*${OP}\\s*${NUM}\\s*(TB|T|GB|G)(?![a-z/])`, 'ig'),
  diskBefore: /(?<![\d.块])(\d+(?:\.\d+)?)\s*(TB|T|GB|G)\s*(?:SSD|SAS|SATA|HDD)?\s*(系统盘|数据盘|硬盘|云盘)/ig,
  bandwidth: new RegExp(`(${GE}|${LE})?\\s*${NUM}\\s*(Mbps|Mb/s|Mbit/s|Gbps|Gb/s|Gbit/s|Mb|Gb|兆)(?![a-zA-Z/])`, 'g'),
  bandwidthLabel: new RegExp(`带宽\\S{0,4}?\\s*(${GE}|${LE})?\\s*${NUM}\\s*(M|G)(?![a-zA-Z/])`, 'g'),
  throughput: new RegExp(`(${GE}|${LE})?\\s*${NUM}\\s*(MB/s|MBps|GB/s|GBps)`, 'g'),
  concurrent: /(\d+)\s*个?\s*并发/g,
  concurrentLabel: new RegExp(`并发(?:用户|连接)?数?\\s*(${GE}|${LE})?\\s*(\\d+)`, 'g'),
  availability: new RegExp(`可用性\\S{0,3}?\\s*(${GE}|${LE})?\\s*${NUM}\\s*%`, 'g'),
  overcommit: new RegExp(`物理\\s*CPU\\s*/\\s*虚拟\\s*CPU\\s*(${GE}|${LE})?\\s*(\\d+)\\s*[/:：]\\s*(\\d+)`, 'ig'),
};

// The comparison words (OP, GE, LE) are optional groups, read as m[i]; the figures and units are not.
const figure = (m: RegExpMatchArray, i: number): number => Number(group(m, i));

function parseUncached(input: string): Spec[] {
  const text = halfWidth(input);
  const found: Found[] = [];
  const add = (key: SpecKey, at: number, raw: string, v: Partial<Spec>) => {
    const clean = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as Partial<Spec>;
    found.push({ key, ...clean, raw: raw.trim(), at } as Found);
  };
  // matchAll reads a copy of the pattern: the shared patterns keep no state between texts.
  const each = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    for (const m of text.matchAll(re)) fn(m as RegExpExecArray);
  };

  // IOPS: 单盘IOPS 10000-25000, IOPS≥20000, 20000 IOPS
  const iopsSpans: [number, number][] = [];
  each(P.iopsRange, (m) => {
    add('iops', m.index, m[0], { min: figure(m, 2), max: figure(m, 3) });
    iopsSpans.push([m.index, m.index + m[0].length]);
  });
  each(P.iopsValue, (m) => {
    if (iopsSpans.some(([a, b]) => m.index >= a && m.index < b)) return;
    add('iops', m.index, m[0], { op: opOf(m[1]), value: figure(m, 2) });
  });
  each(P.valueIops, (m) => {
    if (/IOPS\s*\S*\s*$/i.test(text.slice(Math.max(0, m.index - 12), m.index))) return;
    add('iops', m.index, m[0], { value: figure(m, 1) });
  });

  // CPU frequency: 主频不低于2.4GHz, ≥2.0Ghz, 2.0GHz
  each(P.ghz, (m) => {
    add('cpu_ghz', m.index, m[0], { op: opOf(m[1]), value: figure(m, 2), qualifier: qualifierBefore(text, m.index) });
  });

  // Sockets and cores: 2路12核, 2 路12 核; cores and memory: 8核16G; 物理核心数≥32核
  let coresSeen = false;
  each(P.socketsCores, (m) => {
    add('cpu_sockets', m.index, m[0], { value: figure(m, 1) });
    add('cpu_cores', m.index, m[0], { value: figure(m, 2) });
    coresSeen = true;
  });
  // 8核16G, 8核/16GB, 8C16G, 8vCPU 16GB: a host's cores and memory written together.
  each(P.coresMemory, (m) => {
    if (!coresSeen) add('cpu_cores', m.index, m[0], { value: figure(m, 1) });
    add('memory_gb', m.index, m[0], { value: figure(m, 2) });
    coresSeen = true;
  });
  each(P.coresLabel, (m) => {
    if (coresSeen) return;
    add('cpu_cores', m.index, m[0], { op: opOf(m[1]), value: figure(m, 2) });
    coresSeen = true;
  });
  if (!coresSeen) {
    each(P.cores, (m) => {
      if (coresSeen) return;
      add('cpu_cores', m.index, m[0], { value: figure(m, 1) });
      coresSeen = true;
    });
  }

  // Memory: 内存≥512GB, 内存-32GB, 64G内存, 128GB DDR4内存
  const memUnit = (u: string) => (/^t/i.test(u) ? 1024 : 1);
  each(P.memoryLabel, (m) => {
    add('memory_gb', m.index, m[0], { op: opOf(m[1]), value: figure(m, 2) * memUnit(group(m, 3)) });
  });
  // A memory module: 64GB DDR4 RDIMM.
  each(P.memoryModule, (m) => {
    add('memory_gb', m.index, m[0], { value: figure(m, 1) });
  });
  each(P.memoryBefore, (m) => {
    add('memory_gb', m.index, m[0], { value: figure(m, 1) * memUnit(group(m, 2)) });
  });

  // Disks: 2块600G SAS硬盘, ≥10块3.84TB SSD, 硬盘配置3-4TB
  each(P.disksCounted, (m) => {
    add('disk_count', m.index, m[0], { op: opOf(m[1]), value: figure(m, 2) });
    add(/^t/i.test(group(m, 4)) ? 'disk_tb' : 'disk_gb', m.index, m[0], { value: figure(m, 3) });
  });
  each(P.diskRange, (m) => {
    add(/^t/i.test(group(m, 4)) ? 'disk_tb' : 'disk_gb', m.index, m[0], { min: figure(m, 2), max: figure(m, 3) });
  });

  // A host's disks: 系统盘：100GB, 数据盘≥500G, 100G系统盘, 硬盘 200G (the 块 pattern above counts disks).
  const diskKey = (u: string): SpecKey => (/^t/i.test(u) ? 'disk_tb' : 'disk_gb');
  each(P.diskLabel, (m) => {
    add(diskKey(group(m, 4)), m.index, m[0], { op: opOf(m[2]), value: figure(m, 3), qualifier: group(m, 1) });
  });
  each(P.diskBefore, (m) => {
    add(diskKey(group(m, 2)), m.index, m[0], { value: figure(m, 1), qualifier: group(m, 3) });
  });

  // Bandwidth (bits) and throughput (bytes): （200Mbps）, 带宽不低于100Mbps, 10Gb/s, 1000MB/s
  each(P.bandwidth, (m) => {
    add('bandwidth_mbps', m.index, m[0], { op: opOf(m[1]), value: figure(m, 2) * (/^G/.test(group(m, 3)) ? 1000 : 1) });
  });
  each(P.bandwidthLabel, (m) => {
    add('bandwidth_mbps', m.index, m[0], { op: opOf(m[1]), value: figure(m, 2) * (m[3] === 'G' ? 1000 : 1) });
  });
  each(P.throughput, (m) => {
    add('throughput_mbs', m.index, m[0], { op: opOf(m[1]), value: figure(m, 2) * (/^G/.test(group(m, 3)) ? 1024 : 1) });
  });

  // Concurrent users: 每套10个并发用户, 并发用户数不少于200
  each(P.concurrent, (m) => add('concurrent_users', m.index, m[0], { value: figure(m, 1) }));
  each(P.concurrentLabel, (m) => {
    add('concurrent_users', m.index, m[0], { op: opOf(m[1]), value: figure(m, 2) });
  });

  // Availability: 可用性不低于99.99%
  each(P.availability, (m) => {
    add('availability_pct', m.index, m[0], { op: opOf(m[1]), value: figure(m, 2) });
  });

  // Over-commit: 物理CPU/虚拟CPU≥1/4
  each(P.overcommit, (m) => {
    add('vcpu_ratio', m.index, m[0], { op: opOf(m[1]), value: figure(m, 2) / figure(m, 3) });
  });

  // One spec per key and figure: overlapping patterns (IOPS range vs value) must not double up.
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.at - b.at)
    .filter((s) => {
      const id = `${s.key}|${s.op ?? ''}|${s.value ?? ''}|${s.min ?? ''}|${s.max ?? ''}|${s.qualifier ?? ''}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .map(({ at: _at, ...s }) => s as Spec);
}
