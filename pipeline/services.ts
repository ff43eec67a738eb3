// The service taxonomy as data: every key of the contract's `service` vocabulary and the words
// that name it. A new service is one row in RULES (in order of precedence: the first rule whose
// word a text spells is that text's vote); the schema's vocabulary (schemas/records.ts), the
// JSON Schema and the README's reference table all derive from these tables.

interface Rule { service: string; words: readonly string[] }

/** Most specific first: the first rule that matches a text is that text's vote. */
export const RULES = [
  { service: 'other.sms', words: ['短信', '短消息'] },
  { service: 'security.anti_ddos', words: ['抗ddos', 'ddos', '流量清洗', '抗d'] },
  { service: 'security.waf', words: ['waf', 'web应用防火墙', '应用防火墙', 'web防火墙'] },
  { service: 'security.web_tamper', words: ['防篡改', '网页防篡改'] },
  { service: 'security.apt', words: ['apt'] },
  { service: 'security.db_audit', words: ['数据库审计'] },
  { service: 'security.log_audit', words: ['日志审计'] },
  { service: 'security.vuln_scan', words: ['漏洞扫描', '漏扫', '脆弱性扫描'] },
  { service: 'security.antivirus', words: ['杀毒', '防病毒', '病毒查杀'] },
  { service: 'security.host_protection', words: ['主机防护', '主机安全', '主机加固', 'hids', '终端安全'] },
  { service: 'network.remote_access', words: ['远程接入', '堡垒机', '运维审计'] },
  { service: 'network.vpn', words: ['vpn'] },
  { service: 'network.load_balancer', words: ['负载均衡', 'slb'] },
  { service: 'network.dedicated_line', words: ['专线', '政务外网', '~电路'] },
  { service: 'network.public_ip', words: ['ip地址', '公网ip', '弹性ip', 'eip', '互联网ip'] },
  { service: 'network.bandwidth', words: ['带宽', '互联网链路', 'bandwidth', '~链路'] },
  { service: 'storage.offsite_backup', words: ['异地备份', '同城备份', '异地容灾', '容灾备份'] },
  { service: 'storage.backup', words: ['本地备份', '~备份'] },
  { service: 'storage.centralized', words: ['集中式存储', 'san存储'] },
  { service: 'storage.object', words: ['对象存储', '静态存储'] },
  { service: 'storage.file', words: ['文件存储', 'nas'] },
  { service: 'storage.performance', words: ['高性能存储', '高性能块存储', '高性能云硬盘', '高性能云盘', 'ssd云盘', 'ssd云硬盘', 'ssd块存储', '高效云盘'] },
  { service: 'storage.standard', words: ['普通存储', '普通性能存储', '~普通性能', '块存储', '云硬盘', '~存储', '~storage'] },
  { service: 'ops.migration', words: ['~迁移'] },
  { service: 'ops.monitoring', words: ['深度监控', '~监控', '~监测', '运维保障'] },
  { service: 'compute.gpu', words: ['gpu', '显卡', 'gpu云主机'] },
  { service: 'compute.bare_metal', words: ['物理服务器', '物理机', '裸金属'] },
  // A whole cloud host (8核16G, per 台) is bought for its compute; generic, so that 云主机备份 or
  // 云主机防病毒 stay with what is done to the host.
  { service: 'compute.vcpu', words: ['vcpu', '~cpu', '虚拟cpu', '~计算资源', '~云主机', '~云服务器', '~虚拟机'] },
  { service: 'compute.memory', words: ['内存', 'memory', 'ram'] },
  { service: 'software.database', words: ['数据库'] },
  { service: 'software.os', words: ['操作系统', 'windows', 'linux', '麒麟', '统信'] },
  { service: 'software.middleware', words: ['中间件'] },
] as const satisfies readonly Rule[];

/** In a list of goods (货物, 设备), what a bought thing is; anything the rules miss is goods (`other`). */
export const GOODS_RULES = [
  // The head of a Chinese compound is its last word: 服务器操作系统 is an operating system.
  { service: 'software.os', words: ['操作系统'] },
  { service: 'software.database', words: ['数据库'] },
  { service: 'software.middleware', words: ['中间件'] },
  { service: 'storage.centralized', words: ['磁盘阵列', '存储阵列', '集中式存储', 'san存储', '存储设备', '存储系统', '全闪存储'] },
  { service: 'compute.bare_metal', words: ['服务器', '物理服务器', '物理机', '刀片服务器', '机架式服务器', '塔式服务器', '一体机'] },
] as const satisfies readonly Rule[];

/** A server's own parts bought as goods (服务器内存扩容, 服务器硬盘): the bare-metal keys for them. */
export const SERVER_PARTS = [
  ['compute.bare_metal.memory', ['内存']],
  ['compute.bare_metal.disk', ['硬盘', '磁盘', '固态硬盘', 'ssd']],
] as const;

/** The catch-all: what no rule names. */
const CATCH_ALL = 'other';

export type Service =
  | (typeof RULES)[number]['service'] | (typeof GOODS_RULES)[number]['service'] | (typeof SERVER_PARTS)[number][0] | typeof CATCH_ALL;

/** Families in the order the vocabulary lists them; keys within a family alphabetically, the catch-all last. */
const FAMILIES = ['compute', 'storage', 'network', 'security', 'software', 'ops', 'other'];

/** The family a service key belongs to: `compute` of `compute.vcpu`. */
export function familyOf(service: string): string {
  const dot = service.indexOf('.');
  return dot < 0 ? service : service.slice(0, dot);
}

/** The contract's `service` vocabulary. */
export const SERVICES = (() => {
  const keys = new Set<Service>([...RULES.map((r) => r.service), ...GOODS_RULES.map((r) => r.service), ...SERVER_PARTS.map(([s]) => s)]);
  const rank = (s: string) => FAMILIES.indexOf(familyOf(s));
  const sorted = [...keys].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return [...sorted, CATCH_ALL] as unknown as [Service, ...Service[]];
})();

/** Unit-months of these services are counted in a resource, whatever unit the row bills in. */
export const COUNTED_IN: Partial<Record<Service, string>> = {
  'compute.vcpu': 'vCPU (whole hosts by their cores)', 'compute.gpu': 'vCPU of the host, its GPUs as billed', 'compute.memory': 'GB (whole hosts by their memory)', 'network.bandwidth': 'Mbps',
  'storage.standard': 'GB', 'storage.performance': 'GB', 'storage.object': 'GB', 'storage.file': 'GB', 'storage.backup': 'GB',
  'storage.offsite_backup': 'GB', 'storage.centralized': 'GB',
};
