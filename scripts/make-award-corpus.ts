// The award notices of the corpus written as Word and PDF (the HTML one, a ccgp-style page, is
// written by hand): the results of two corpus tenders, in the layouts published result notices
// use — a 中标信息 table with a 下浮率 (PDF, printed by LibreOffice), and a two-lot 中标（成交）结果公告
// with a unit-price table per lot and no 项目编号, linked to its tender by buyer and project (DOCX).
//
//   npx tsc -p tsconfig.build.json && node dist/scripts/make-award-corpus.js [--out DIR]
import { fileURLToPath } from 'node:url';
import type { Document } from 'docx';
import { document, h2, p, table, title, writeCorpus } from './make-layout-corpus.js';

/** 西京科技大学: a 中标结果公告 whose award is a sum and a 下浮率 off the cap. */
function xijing(): Document {
  const name = '西京科技大学2026年智慧校园云资源服务采购项目';
  return document(`${name}中标结果公告`, [
    title(`${name}中标结果公告`),
    p('一、项目编号：SXQZ-2026-GK-0086'),
    p(`二、项目名称：${name}`),
    p('三、中标信息'),
    table([
      ['序号', '中标供应商名称', '中标供应商地址', '中标金额（元）', '下浮率'],
      ['1', '陕西云启数据科技有限公司', '西安市雁塔区科技路48号', '2,954,700.00', '6.2%'],
    ], [1, 4, 4, 3, 2]),
    p('四、主要标的信息'),
    table([
      ['名称', '服务范围', '服务要求', '服务时间', '服务标准'],
      ['智慧校园云资源服务', '云主机、云存储、互联网带宽及云安全服务', '按招标文件要求', '合同签订之日起一年', '符合国家及行业相关标准'],
    ]),
    p('五、评审专家名单：陈明、李华、王强、赵静、刘洋'),
    p('六、代理服务收费标准及金额：参照原国家计委计价格〔2002〕1980号文件标准收取，金额：3.12万元'),
    p('七、公告期限：自本公告发布之日起1个工作日。'),
    p('八、凡对本次公告内容提出询问，请按以下方式联系。'),
    p('1.采购人信息'),
    p('名称：西京科技大学'),
    p('地址：西安市长安区西京路1号'),
    p('联系方式：029-85628000'),
    p('2.采购代理机构信息'),
    p('名称：陕西秦正项目管理咨询有限公司'),
    p('地址：西安市高新区锦业路12号'),
    p('联系方式：029-88326611'),
    p('陕西秦正项目管理咨询有限公司'),
    p('2026年4月8日'),
  ]);
}

/** 番禺区政务服务数据管理局: two lots won by two suppliers, lot 1 with its unit prices; no 项目编号. */
function panyu(): Document {
  const name = '广州市番禺区政务服务数据管理局2026年政务云服务采购项目';
  return document(`${name}中标（成交）结果公告`, [
    title(`${name}中标（成交）结果公告`),
    p(`一、项目名称：${name}`),
    p('二、采购人：广州市番禺区政务服务数据管理局'),
    p('三、采购方式：公开招标'),
    h2('四、中标（成交）信息'),
    p('第1包：政务云基础资源服务'),
    p('中标供应商：广东粤数云计算有限公司'),
    p('供应商地址：广州市天河区黄埔大道西100号'),
    p('中标金额：224.64万元'),
    p('第2包：政务云安全服务'),
    p('中标供应商：广州安盾信息安全技术有限公司'),
    p('供应商地址：广州市番禺区市桥街清河东路8号'),
    p('中标金额：人民币肆拾壹万零肆佰元整（¥410,400.00）'),
    h2('五、主要标的信息（第1包）'),
    table([
      ['序号', '服务项', '计价单位', '数量', '服务期（月）', '单价（元/月）', '合价（元）'],
      ['1', 'vCPU', '1核', '860', '12', '60.00', '619,200.00'],
      ['2', '内存', '1GB', '1720', '12', '25.00', '516,000.00'],
      ['3', '高性能存储', '100GB', '120', '12', '150.00', '216,000.00'],
      ['4', '普通存储', '100GB', '480', '12', '60.00', '345,600.00'],
      ['5', '本地备份', '1TB', '40', '12', '200.00', '96,000.00'],
      ['6', '互联网带宽', '10Mbps', '20', '12', '1,200.00', '288,000.00'],
      ['7', '互联网IP地址', '1个', '12', '12', '50.00', '7,200.00'],
      ['8', '负载均衡', '1个实例', '4', '12', '800.00', '38,400.00'],
      ['9', '政务外网接入', '1条', '2', '12', '5,000.00', '120,000.00'],
    ], [1, 3, 2, 2, 2, 2, 3]),
    p('六、公告期限：自本公告发布之日起1个工作日。'),
    p('公告日期：2026年4月15日'),
    p('七、凡对本次公告内容提出询问，请按以下方式联系。'),
    p('采购人名称：广州市番禺区政务服务数据管理局'),
    p('地址：广州市番禺区市桥街繁华路2号'),
  ]);
}

export const AWARD_DOCX: [string, () => Document][] = [['guangzhou_district_cloud_award_2026.docx', panyu]];
export const AWARD_PDF: [string, () => Document][] = [['xian_xijing_univ_cloud_award_2026.pdf', xijing]];

const main = () => writeCorpus(AWARD_DOCX, AWARD_PDF);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
