// Column roles from header labels, through a synonym list.
import { labelKey } from './text.js';

export type Role =
  | 'lot' | 'seq' | 'category' | 'subcategory' | 'item' | 'spec' | 'billing_unit' | 'price_unit'
  | 'quantity' | 'months' | 'price' | 'note' | 'staff';

/** Ordered: the first pattern that matches a label gives its role. Labels are compared
 * without whitespace and with bracketed hints removed (期限（月） → 期限). */
const SYNONYMS: [Role, RegExp][] = [
  ['lot', /^(包号|包|包组|包组号|标段|标段号|分包|分包号|采购包|采购包号|合同包|合同包号|标包|标项|标项号)$/],
  ['seq', /^(序号|编号|序|no\.?|项次|顺序号|行号|品目号|品目编号)$/],
  ['price_unit', /^报价单位$|^报价方式$|^计价方式$/],
  ['billing_unit', /^(计价|计费|计量|结算)?单位$|^单位名称$/],
  ['quantity', /数量|^采购量$|^需求量$|^租用量$|^规模$/],
  ['months', /期限|服务期|租期|时长|服务周期|租用时间|服务时间|租赁期|使用期|月数|年限/],
  ['subcategory', /子类|小类|子项|二级/],
  ['staff', /^(岗位|职位|人员|职务|工种|学历|工作经验|从业经验|职称)/],
  // 品目 is the procurement catalogue's class (云计算服务, 信息安全服务), not the thing bought.
  ['category', /类别|类型|分类|大类|一级|^资源池$|^服务板块$|^(采购)?品目(名称)?$/],
  ['price', /单价|总价|金额|合价|预算|限价|^报价|价格|小计|费用|^合计/],
  ['note', /^(备注|说明|附注)$/],
  ['spec', /规格|技术要求|配置要求|参数|^配置|技术指标|性能要求|指标要求|服务要求|服务标准|要求$|描述/],
  ['item', /名称|服务项|服务内容|品名|项目|内容|资源|服务目录|标的|产品|设备|货物|服务$|^品目/],
];

/** The label without whitespace and bracketed hints, for matching. */
export function headerKey(label: string): string {
  return labelKey(label).replace(/[(（\[【][^)）\]】]*[)）\]】]/g, '').replace(/[:：*＊]/g, '');
}

export function roleOf(label: string): Role | null {
  const key = headerKey(label);
  if (!key || key.length > 16) return null;
  // A label that names the thing and its requirements together is the item's name cell.
  if (/名称/.test(key) && /要求|配置|规格|参数/.test(key)) return 'item';
  for (const [role, re] of SYNONYMS) if (re.test(key)) return role;
  return null;
}
