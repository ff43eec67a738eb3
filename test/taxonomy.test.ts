import { describe, expect, it } from 'vitest';
import { classify } from '../pipeline/taxonomy.js';
import { segment } from '../pipeline/segment.js';
import { familyOf } from '../pipeline/services.js';

// Every distinct row of the two seed tenders: [category, subcategory, item, service].
const SEED_ROWS: [string | null, string | null, string, string][] = [
    [null,"平台云主机服务（包含X86、ARM、C86）","vCPU（vCPU ARM架构主频不低于2.4GHz，C86和x86主频不低于2.2GHz，平均虚拟化率，即物理CPU/虚拟CPU≥1/4，虚拟CPU利用率不低于物理CPU的25%）","compute.vcpu"],
    [null,"平台云主机服务（包含X86、ARM、C86）","内存","compute.memory"],
    [null,"普通性能存储","普通存储（单盘技术指标:单盘IOPS 2000-5000）","storage.standard"],
    [null,"高性能存储","高性能存储（单盘技术指标：单盘IOPS 10000-25000）","storage.performance"],
    [null,"本地备份服务","本地备份服务","storage.backup"],
    [null,"互联网链路服务","互联网链路带宽","network.bandwidth"],
    [null,"互联网链路服务","互联网IP地址租用服务、并提供备案服务","network.public_ip"],
    [null,"主机负载均衡服务","主机负载均衡服务","network.load_balancer"],
    [null,"远程接入服务","远程接入服务","network.remote_access"],
    [null,"VPN服务","SSL VPN接入","network.vpn"],
    [null,"Web应用防火墙（WAF）","针对网站及Web应用系统提供应用层安全防护，支持各类SQL注入、XSS攻击、网页木马、WEBSHELL等Web威胁防护（200Mbps）","security.waf"],
    ["计算服务","x86平台云主机服务","vCPU（主频不低于2.4GHz）","compute.vcpu"],
    ["计算服务","x86平台云主机服务","内存","compute.memory"],
    ["计算服务","x86物理服务器租用服务","x86物理服务器配置1:2路12核（主频≥2.0Ghz），64G内存，2块600G SAS硬盘,2个HBA卡，2个万兆端口）","compute.bare_metal"],
    ["存储服务","普通性能存储","普通存储（单盘技术指标:单盘IOPS1000-3000）","storage.standard"],
    ["存储服务","高性能存储","高性能存储（单盘技术指标：单盘IOPS3000-20000）","storage.performance"],
    ["存储服务","静态存储","大容量、高可靠的数据存储服务，具备PB级线性扩展能力，提供静态数据存储","storage.object"],
    ["存储服务","本地备份服务","通过备份策略实现文件、操作系统、数据库的本地备份（不包含备份存储空间费用）","storage.backup"],
    ["网络服务","互联网链路服务","互联网链路带宽","network.bandwidth"],
    ["网络服务","互联网IP地址租用服务","互联网IP地址租用服务并提供备案服务","network.public_ip"],
    ["网络服务","主机负载均衡服务","主机负载均衡服务","network.load_balancer"],
    ["网络服务","远程接入服务","每个账号结合身份验通过VPN远程接入堡垒机进行维护（免费提供1个账号）","network.remote_access"],
    ["网络服务","WAF防护","在网站前端架设WAF防护服务保证用户网站对已知安全隐患进行防护实时升级漏洞补丁，配置防护策略可起到前端防护作用","security.waf"],
    ["基础软件支撑服务","商用操作系统套餐","Windows Server套餐：Windows Server租用、安装及维护","software.os"],
    ["基础软件支撑服务","商用操作系统套餐","国产Linux套餐：国产Linux操作系统服务租用安装及维护","software.os"],
    ["安全服务","主机杀毒服务","对云主机进行定期的病毒查杀杀毒软件集中控制，对网络性能无影响","security.antivirus"],
    ["安全服务","网页防篡改服务","提供网页防篡改服务通过防篡改软件对用户页面进行实时防护减少用户页面被恶意篡改的可能性","security.web_tamper"],
    ["安全服务","云端抗DDOS服务","云端抗DDOS服务","security.anti_ddos"],
    ["安全服务","云端APT防护服务","对未知攻击威胁进行检测和防护，发现隐蔽威胁、木马后门等异常威胁。","security.apt"],
    ["安全服务","主机防护","主机防护：提供符合等保三级要求的主机权限管理及安全防护。","security.host_protection"],
    ["安全服务","数据库审计服务","支持Oracle、SQL-Server、DB2、MySQL等数据库审计。（1套为1个数据库实例）。","security.db_audit"],
    ["其他服务","短信服务","提供短信服务","other.sms"],
    ["存储服务","高性能存储","高性能存储（单盘技术指标：单盘IOPS 3000-20000）","storage.performance"],
    ["网络服务","VPN服务","SSL VPN接入，用户通过SSL VPN访问业务系统。每套10个并发用户。所需带宽参照“互联网链路带宽”购买","network.vpn"],
    ["计算服务","X86云计算服务","vCPU（主频不低于2.4GHz）","compute.vcpu"],
    ["计算服务","X86云计算服务","内存","compute.memory"],
    ["计算服务","x86物理服务器租用服务","x86物理服务器配置：2路10核2.0Ghz，128G内存，2块600G SAS硬盘,2个HBA卡，2个万兆端口","compute.bare_metal"],
    ["计算服务","x86物理服务器租用服务","内存-32GB","compute.bare_metal.memory"],
    ["计算服务","x86物理服务器租用服务","硬盘配置3-4TB","compute.bare_metal.disk"],
    ["存储服务","普通存储","普通存储（单盘技术指标:单盘IOPS 1000-3000）","storage.standard"],
    ["存储服务","静态存储","大容量、高可靠的数据存储服务具备PB级线性扩展能力提供静态数据存储","storage.object"],
    ["网络服务","互联网","互联网链路带宽","network.bandwidth"],
    ["网络服务","链路服务","互联网IP地址租用服务并提供备案服务","network.public_ip"],
    ["网络服务","远程接入服务","远程接入运维，每个账号结合身份验证通过VPN远程接入堡垒机进行维护","network.remote_access"],
    ["网络服务","负载均衡服务","提供主机应用集群负载均衡服务","network.load_balancer"],
    ["特定云主机深度监控及运维保障服务（7×24小时值守）","特定云主机深度监控及运维保障服务（7×24小时值守）","7×24小时深度监测云主机资源、硬件设备监控、云平台层应急处置等内容","ops.monitoring"],
    ["其它服务","集中式存储租用","提供集中式存储用于支持Oracle RAC","storage.centralized"],
    ["其它服务","商用操作系统套餐","国产Linux套餐：国产Linux操作系统服务租用、安装及维护","software.os"],
    ["其它服务","商用数据库套餐","国产商用数据库租用","software.database"],
    ["安全服务","主机杀毒服务","对云主机进行定期的病毒查杀杀毒软件集中控制对网络性能无影响","security.antivirus"],
];

describe('service taxonomy on every seed item', () => {
  it.each(SEED_ROWS)('%s / %s / %s → %s', (category, subcategory, item, service) => {
    expect(classify({ category, subcategory, item })).toEqual({ service, matched: true });
  });
});

describe('taxonomy beyond the seeds', () => {
  it.each([
    [null, null, 'GPU云主机（NVIDIA T4）', 'compute.gpu'],
    [null, '异地备份服务', '同城异地数据备份', 'storage.offsite_backup'],
    [null, null, '对象存储', 'storage.object'],
    [null, null, '漏洞扫描服务', 'security.vuln_scan'],
    [null, null, '日志审计服务', 'security.log_audit'],
    [null, null, '政务外网专线接入', 'network.dedicated_line'],
    [null, null, '中间件套餐（东方通）', 'software.middleware'],
    [null, null, '业务系统上云迁移服务', 'ops.migration'],
    // Whole cloud hosts sold per 台 are compute, whatever adjective leads them.
    [null, null, '通用型云主机', 'compute.vcpu'],
    [null, null, '高性能云主机', 'compute.vcpu'],
    ['计算资源', null, '云服务器（4核8G，主频≥2.4GHz）', 'compute.vcpu'],
    [null, null, '云主机内存', 'compute.memory'],
    [null, null, '云主机备份服务', 'storage.backup'],
    [null, null, '云主机防病毒', 'security.antivirus'],
    [null, null, '高性能云硬盘', 'storage.performance'],
    [null, null, '高性能块存储（SSD，单盘IOPS≥20000）', 'storage.performance'],
    [null, null, '普通云硬盘', 'storage.standard'],
    [null, null, '物理服务器内存扩容', 'compute.bare_metal.memory'],
  ])('%s / %s / %s → %s', (category, subcategory, item, service) => {
    expect(classify({ category, subcategory, item }).service).toBe(service);
  });

  it('says when nothing fits', () => {
    expect(classify({ category: null, subcategory: null, item: '办公桌椅' })).toEqual({ service: 'other', matched: false });
  });

  it('leaves the services of property and cleaning tenders alone', () => {
    for (const item of ['秩序维护及门岗值守', '门诊楼日常保洁', '消防设施维护保养', '台式计算机（教师办公用）']) {
      expect(classify({ category: null, subcategory: null, item }).service, item).toBe('other');
    }
  });

  it('does not read IP inside APT', () => {
    expect(classify({ category: null, subcategory: null, item: 'APT攻击检测' }).service).toBe('security.apt');
  });
});

describe('segmentation with the domain dictionary', () => {
  it('keeps domain terms whole', () => {
    expect(segment('高性能存储（单盘IOPS 10000-25000）')).toEqual(expect.arrayContaining(['高性能存储', '单盘IOPS']));
    expect(segment('政务云租赁服务')).toContain('政务云');
    expect(segment('主机负载均衡服务')).toContain('主机负载均衡');
  });
});

describe('the taxonomy reference in the README', () => {
  it('lists every service key with the words that give it, as the rules have them now', async () => {
    const { readFileSync } = await import('node:fs');
    const { withTaxonomy } = await import('../scripts/readme-taxonomy.js');
    const { SERVICES } = await import('../schemas/records.js');
    const readme = readFileSync('README.md', 'utf8');
    // Stale: run `node dist/scripts/readme-taxonomy.js` after a build.
    expect(withTaxonomy(readme)).toBe(readme);
    for (const s of SERVICES) expect(readme).toContain(`| \`${s}\` |`);
    expect(readme).toContain('| `security.waf` | waf、web应用防火墙、应用防火墙、web防火墙 |');
  });
});

describe('service families', () => {
  it('are the key before the first dot, the whole key where there is none', () => {
    expect(['compute.bare_metal.disk', 'storage.object', 'other'].map(familyOf)).toEqual(['compute', 'storage', 'other']);
  });
});
