// The words tenders use, as data. Column roles are read from a header's words and from its
// cells' content; the weights below say how strongly each word or kind of cell speaks for a
// role. A new header word, unit word or kind word is one line here; the code that weighs
// them (pipeline/roles.ts, pipeline/tables.ts) holds no words of its own.

/** What a column of an item table holds. */
export type Role =
  | 'seq' | 'lot' | 'category' | 'subcategory' | 'item' | 'spec' | 'billing_unit' | 'price_unit'
  | 'quantity' | 'months' | 'unit_price' | 'total_price' | 'budget' | 'note' | 'other';

export const ROLES: readonly Role[] = [
  'seq', 'lot', 'category', 'subcategory', 'item', 'spec', 'billing_unit', 'price_unit',
  'quantity', 'months', 'unit_price', 'total_price', 'budget', 'note', 'other',
];

/** The roles that name what is bought, broad to specific; which column gets which is decided
 * by their content (the most specific one is the item), the header only leans. */
export const DESCRIPTIVE = ['category', 'subcategory', 'item'] as const satisfies readonly Role[];
export type DescriptiveRole = (typeof DESCRIPTIVE)[number];

/** Roles a table may give to several columns. */
export const REPEATABLE: readonly Role[] = ['spec', 'note', 'other', 'category', 'subcategory', 'item'];

/**
 * Header words: [role, weight, words]. A header is segmented (jieba) and every word found in it
 * votes for its role; a word inside a longer word found there does not vote (报价单位 is not 单位),
 * and the word that ends the header (its head: 单位名称 → 名称) weighs more.
 */
export const HEADER_WORDS: readonly [Role, number, readonly string[]][] = [
  ['seq', 3, ['序号', '编号', '项次', '顺序号', '行号', '品目号', '品目编号', 'no', 'no.', '序', '项号']],
  ['lot', 2.5, ['包']],
  ['lot', 3, ['包号', '包组', '包组号', '标段', '标段号', '分包', '分包号', '采购包', '采购包号', '合同包', '合同包号', '标包', '标项', '标项号', '包件']],
  ['category', 2, ['类别', '类型', '分类', '大类', '一级', '资源池', '服务板块', '板块', '品目', '品目名称', '采购品目', '门类', '专业']],
  ['subcategory', 2.5, ['子类', '小类', '子项', '二级', '细类', '服务子类']],
  ['item', 2, ['名称', '服务项', '服务内容', '品名', '项目', '内容', '资源', '服务目录', '标的', '采购标的', '产品', '设备', '货物', '服务', '服务项目', '采购内容', '采购项目', '资源名称', '产品名称', '货物名称', '设备名称', '服务名称', '标的名称', '云资源', '子项目', '模块', '功能', '系统', '科目', '岗位', '职位', '工种', '服务岗位']],
  // Whose the quantities are: a column of using units is what the row is about.
  ['item', 2.5, ['使用单位', '需求单位', '用户单位', '部门', '单位名称', '科室', '学校', '医院', '应用系统', '业务系统', '系统名称']],
  ['spec', 2, ['规格', '技术要求', '配置要求', '参数', '配置', '技术指标', '性能要求', '指标要求', '服务要求', '服务标准', '要求', '描述', '技术参数', '规格型号', '规格参数', '指标', '技术规格', '详细配置', '说明', '性能', '特征', '服务范围', '范围']],
  // What one host has, a column each (资源配置 over CPU（核） | 内存（GB） | 数据盘（GB））: specs of the row's host.
  ['spec', 2, ['cpu', 'vcpu', '核数', 'cpu核数', '内存', '内存容量', '数据盘', '系统盘', '硬盘', '磁盘', '存储', '存储容量', '带宽', '云盘', 'gpu', '显存']],
  ['billing_unit', 2, ['单位', '结算单位', '数量单位']],
  ['billing_unit', 3, ['计价单位', '计费单位', '计量单位']],
  ['price_unit', 3, ['报价单位', '报价方式']],
  ['price_unit', 2, ['计价方式', '计费方式', '收费方式', '计费模式']],
  ['quantity', 3, ['数量', '采购量', '需求量', '租用量', '规模', '采购数量', '需求数量', '预估数量', '租用数量', '个数', '台数', '套数', '人数', '用量', '工作量', '总量', '岗位数', '配置人数', '开通量']],
  ['months', 3, ['期限', '服务期', '租期', '时长', '服务周期', '租用时间', '服务时间', '租赁期', '使用期', '月数', '年限', '服务期限', '租用期限', '租用时长', '使用期限', '合同期', '周期', '服务月份', '月份', '年数']],
  ['unit_price', 3, ['单价', '综合单价', '含税单价', '月单价', '年单价', '报价单价', '单价报价', '费用标准', '收费标准', '价格标准']],
  ['total_price', 2.5, ['总价', '合价', '金额', '小计', '合计', '总金额', '报价', '价格', '费用', '总报价', '投标报价', '合计金额', '总费用', '分项报价', '报价金额', '价款']],
  ['budget', 3, ['预算', '预算金额', '预算价', '采购预算', '品目预算', '项目预算', '最高限价', '限价', '控制价', '最高单价', '单价限价', '预算单价', '预算总价', '控制单价']],
  ['note', 3, ['备注', '附注']],
  // Bilingual headers (Item / Qty), as some notices print them.
  ['item', 2, ['item', 'name', 'description', 'service', 'product']],
  ['quantity', 3, ['qty', 'quantity', 'amount']],
  ['billing_unit', 2, ['unit', 'uom']],
  ['months', 3, ['months', 'period', 'duration', 'term']],
  ['unit_price', 3, ['unitprice', 'price']],
  ['total_price', 2.5, ['total', 'subtotal']],
  ['spec', 2, ['spec', 'specification', 'requirement', 'configuration']],
  ['note', 3, ['remark', 'remarks', 'note', 'notes']],
  // Columns a bidder fills in or that describe the maker: neither name nor quantity.
  ['other', 2.5, ['品牌', '型号', '产地', '制造商', '生产厂家', '厂家', '生产商', '品牌型号', '供应商', '质保期', '交货期', '交货地点', '是否进口', '偏离', '响应', '区域', '地点', '地址', '服务地点', '联系人', '电话']],
];

/** A header that names the thing and its requirements together is the name column. */
export const NAME_WITH_SPEC = { name: /名称|项目|内容/, spec: /要求|配置|规格|参数/ } as const;

/** Splits a compound header into its parts (资源名称及配置要求, 数量/单位, 规格、型号). */
export const HEADER_JOINERS = /[及和与/、&＆]|或者|以及/;

/** Weight of a later part of a compound header against its first part. */
export const LATER_PART_WEIGHT = 0.6;
/** Weight of a group label (the upper row of a two-row header) against the label below it. */
export const GROUP_LABEL_WEIGHT = 0.5;
/** Extra weight of the word that ends a header part. */
export const HEAD_WORD_BONUS = 1.3;

// ---------- cell content ----------

/** The kinds of cell the content evidence tells apart. */
export type CellType =
  | 'dash' | 'int' | 'decimal' | 'money' | 'percent' | 'date' | 'period' | 'price_unit' | 'qty_unit'
  | 'unit' | 'long' | 'org' | 'name' | 'seq_like' | 'check';

/** Unit words that are also names of what is bought: a unit only after a count (1CPU, 2个云主机). */
export const NAME_UNITS: readonly string[] = ['cpu', 'vcpu', 'ip', '云主机', '主机', '虚拟机', '服务器', '物理机', '内网ip', '公网ip', '虚拟cpu', '用户', '许可', '授权', 'license', '库', '网站', '域名', '端口', '实例', '节点'];

/** Unit words as they stand in 计价单位 cells and after quantities (20台, 100GB, 1IP（内网）). */
export const UNIT_WORDS: readonly string[] = [
  '个', '台', '套', '项', '次', '批', '件', '只', '把', '张', '本', '份', '册', '组', '块', '条', '根', '米', '卷', '箱', '盒', '支', '对', '副', '辆', '间', '座', '处', '节点', '实例',
  'gb', 'tb', 'mb', 'pb', 'g', 't', 'm', '核', 'cpu', 'vcpu', '颗', 'c', 'ip', 'mbps', 'gbps', 'm/s', 'mb/s', 'gb/s', '兆',
  '站点', '个站点', '网站', '域名', '监控点', '点', '点位', '路', '端口', '账号', '帐号', '用户', '人', '名', '岗', '人次',
  '台次', '年', '月', '天', '日', '小时', '平方米', '㎡', 'm2', '平米', '亩', '公里', 'km', '吨', 'kg', '升',
  '许可', '授权', 'license', '云主机', '主机', '虚拟机', '服务器', '物理机', '内网ip', '公网ip', '虚拟cpu', 'vcore', '库', '张卡', '万条', '条短信',
];

/** Organisation words that end the name of a using unit (a row of 某某医院 is about that hospital). */
export const ORG_WORDS: readonly string[] = [
  '局', '委员会', '委', '办公室', '办', '中心', '医院', '卫生院', '学校', '大学', '学院', '中学', '小学', '幼儿园', '公司', '集团',
  '厅', '署', '院', '所', '馆', '站', '队', '处', '部', '科', '室', '街道', '镇', '乡', '社区', '村', '政府', '法院', '检察院', '协会', '联合会', '团', '监狱',
];

/**
 * How strongly each kind of cell speaks for each role, and which roles it is compatible with
 * (a header word for a role its cells contradict counts for less: a 单位 column of hospital
 * names is not a billing unit). A role missing from a cell type's row is incompatible with it.
 */
export const CONTENT_ROLES: Record<CellType, Partial<Record<Role, number>>> = {
  dash: {},
  int: { quantity: 0.8, months: 0.4, seq: 0.3, unit_price: 0.4, total_price: 0.4, budget: 0.4, lot: 0.2, note: 0, other: 0, spec: 0 },
  decimal: { quantity: 0.5, unit_price: 0.7, total_price: 0.7, budget: 0.7, months: 0.2, seq: 0.1, note: 0, other: 0, spec: 0 },
  money: { unit_price: 0.8, total_price: 0.8, budget: 0.8, note: 0, other: 0, spec: 0 },
  percent: { other: 0.5, note: 0, spec: 0.2 },
  date: { months: 0.3, other: 0.5, note: 0, spec: 0 },
  period: { months: 1.2, note: 0, spec: 0.2, other: 0 },
  price_unit: { price_unit: 1.2, billing_unit: 0.3, note: 0, other: 0, spec: 0 },
  qty_unit: { quantity: 0.8, billing_unit: 0.6, spec: 0.3, note: 0, other: 0, months: 0 },
  // 1台, 1项 in a 数量 column are quantities that name their unit.
  unit: { billing_unit: 1.1, quantity: 0.2, price_unit: 0.2, note: 0, other: 0, spec: 0 },
  long: { spec: 1, item: 0.5, subcategory: 0.3, category: 0.2, note: 0.3, other: 0 },
  org: { item: 1.5, subcategory: 0.5, category: 0.4, note: 0, other: 0, spec: 0 },
  name: { item: 1, subcategory: 0.8, category: 0.7, spec: 0.4, note: 0.2, other: 0, lot: 0 },
  seq_like: { seq: 0.8, lot: 0.3, note: 0, other: 0, category: 0.1, subcategory: 0.1 },
  check: { other: 0.5, note: 0 },
};

/** A column of consecutive numbers 1, 2, 3 … is a 序号, whatever its header says. */
export const SEQUENCE_BONUS = 1.5;
/** How much a header's word counts when the cells below all contradict it (0) … all agree (1). */
export const COMPAT_FLOOR = 0.3;
/** Weight of content evidence beside header evidence. */
export const CONTENT_WEIGHT = 0.8;
/** A role needs at least this score to be given. */
export const MIN_ROLE_SCORE = 0.6;
/** A cell this long, or shorter with sentence punctuation, is a description. */
export const LONG_TEXT = { chars: 26, withPunctuation: 14 } as const;

// ---------- rows ----------

/** A row that sums up others (合计, 小计) or a note row (备注：…) is no item. */
export const TOTAL_ROW = /^(合计|总计|小计|共计|总价|合价|价格合计|总金额|总额|汇总|合\s*计|大写|人民币大写|报价合计|投标总价|总报价)/;
export const NOTE_ROW = /^(备注|注[:：]|说明[:：]|注释|注\d|注：|※)/;

// ---------- table kinds ----------

/** Words of a header, or of the title or heading a table stands under, that tell its kind. */
export const KIND_WORDS = {
  /** People to provide: 岗位 | 人数 | 要求. */
  staffing: /岗位|职位|人员|职务|工种|学历|工作经验|从业经验|职称|姓名|年龄|性别/,
  /** Equipment the buyer already has: the list a maintenance tender services, not a purchase. */
  inventoryHeader: /购买年份|购置年份|购置时间|购买时间|购置日期|启用时间|启用日期|投入使用|使用年限|已使用|出厂日期|出厂时间|资产编号|固定资产|序列号|现有数量|现有|原有|已有|在用|安装位置|存放地点|保修截止|维保到期|过保/,
  inventoryTitle: /现有(设备|资产|系统|硬件|服务器|网络)|维保(设备|对象|范围)?清单|维护(设备|对象)清单|运维(设备|对象)清单|设备清单[（(]现有|既有设备|已建|资产清单|原有设备|在用设备|设备台账/,
  /** A bidder's price form, which restates the purchase list. */
  priceForm: /报价明细|分项报价|开标一览表|报价一览表|投标报价表|报价表|报价单|价格明细|报价清单|价格构成|投标报价明细|明细报价|报价汇总|投标一览表|价格表|响应报价/,
  /** Chapters of bidder forms and templates. */
  formChapter: /投标文件格式|响应文件格式|投标文件组成|响应文件组成|文件格式|格式附件|附件格式|投标格式|报价文件|磋商响应文件|投标文件/,
  /** Requirements, scores, service levels, payment, qualification: not purchases. */
  requirementsHeader: /要求|指标|参数|条款|评分|分值|得分|评审|审查|考核|偏离|响应时间|到场时间|到达时间|故障|处理时限|恢复时间|级别|等级|付款|支付|比例|节点|资格|资质|证明材料|权重|标准分|评分标准|扣分/,
  /** Header words that make a table a list of requirements, scores, service levels or payments, whatever else it has. */
  notPurchase: /评分|分值|得分|评审|审查|考核|偏离|响应时间|到场时间|到达时间|故障|处理时限|付款|支付|资格|资质|权重|扣分|证明材料/,
  /** A header of requirement-only tables' first column (指标项 | 招标要求). */
  requirementsLead: /要求|指标|参数|条款|评分/,
  /** One row per lot (包号 | 包名称 | 预算金额): the lots of the tender, read by the facts. */
  lotName: /^(包|标段|分包|采购包|合同包|标包|标项)(名称|内容)/,
  lotBudget: /预算/,
} as const;

/** Goods (货物) and services (服务/租用) in a table's words and the document's: a goods list
 * buys machines and parts, a cloud lease buys resources by the month. */
export const GOODS_CONTEXT = /货物|设备|硬件采购|购置|品牌|型号|产地|制造商|生产厂家|质保|交货|保修|整机|配件|耗材|产品名称/;
export const SERVICE_CONTEXT = /租用|租赁|云服务|政务云|云资源|云平台|服务期|按月|元\/月|月租|订阅|服务费|云计算|期限|时长/;
/** The document's own words about delivery: goods are delivered and guaranteed, services run for a period. */
export const GOODS_DOCUMENT = /交货期|交货地点|供货|到货|质保期|保修期|安装调试|安装、调试|原厂/g;
export const SERVICE_DOCUMENT = /服务期|租用|租赁|服务期限|按月|云服务|驻场|运维服务/g;

// ---------- prices on items ----------

export const PRICE_WORDS = {
  /** Words before a ceiling stated in a cell or clause (单价控制价12.55元/条, 最高限价230元/人/月). */
  capClause: ['单价控制价', '单价最高限价', '最高单价', '单价上限', '最高限价', '控制价', '限价'],
  /** A price column whose header makes its figures ceilings, not quotes or budgets. */
  capHeader: /限价|控制价|最高|上限/,
} as const;

// ---------- document facts: labels, values, organisations, money, lots ----------
// The words document facts are read by, as data. A label tenders use for a fact, a role word,
// an organisation word or a way of pointing elsewhere is one line here; the readers
// (pipeline/facts/) hold no words of their own.

/** What a label names. `boundary` labels name nothing we keep: they only end the value before them. */
export type LabelKind =
  | 'project' | 'lot_name' | 'agency' | 'party' | 'supplier' | 'name' | 'budget' | 'funds' | 'cap' | 'award' | 'rate'
  | 'code' | 'published' | 'address' | 'boundary';

/**
 * Labels by what they name. A label is matched whole (longest first) before `：`/`:`, with an
 * optional bracketed note between (预算金额（元）：, 采购人（甲方）：, 最高限价（如有）：).
 */
export const LABELS: Record<LabelKind, readonly string[]> = {
  project: [
    '项目名称', '采购项目名称', '招标项目名称', '磋商项目名称', '谈判项目名称', '询价项目名称', '比选项目名称',
    '工程名称', '工程项目名称', '项目全称', '采购项目', '招标项目', '项目名',
  ],
  lot_name: [
    '标段名称', '包名称', '采购包名称', '分包名称', '标包名称', '合同包名称', '标项名称', '包件名称', '子包名称', '标段（包）名称',
  ],
  // The buyer: whoever the notice buys for (甲方 of a contract template counts for less: WEAK_AGENCY_LABELS).
  agency: [
    '采购人', '采购人名称', '采购单位', '采购单位名称', '招标人', '招标人名称', '招标单位', '招标单位名称', '采购方',
    '采购方名称', '甲方', '甲方名称', '建设单位', '项目业主', '业主单位', '采购人全称', '招标人全称', '比选人', '采购人单位名称',
  ],
  // Other parties a notice names: never the buyer, but their names must not be taken for it.
  party: [
    '采购代理机构', '采购代理机构名称', '代理机构', '代理机构名称', '招标代理机构', '招标代理机构名称', '招标代理', '采购代理',
    '集中采购机构', '集中采购机构名称', '采购代理单位', '代理单位', '平台运营方', '招标服务平台', '交易平台', '监督部门',
    '监管部门', '供应商', '投标人', '乙方', '乙方名称', '招标代理单位', '采购组织机构',
  ],
  // Who won: an award notice's supplier, per lot where it has lots.
  supplier: [
    '中标供应商', '成交供应商', '中标人', '成交人', '中标单位', '成交单位', '中标供应商名称', '成交供应商名称', '中标人名称',
    '中标（成交）供应商', '中标（成交）供应商名称', '中标(成交)供应商', '中标(成交)供应商名称', '中选供应商', '中选单位', '中选人',
    '中标候选人', '第一中标候选人', '第一成交候选人', '成交候选人', '供应商名称',
  ],
  // The name under a party heading (1.采购人信息 / 名称：…) or inside its cell (名称：…⏎地址：…).
  name: ['名称', '单位名称', '全称', '机构名称'],
  budget: [
    '预算金额', '采购预算', '项目预算', '预算总额', '预算资金', '预算价', '采购预算金额', '项目预算金额', '预算总金额',
    '项目总预算', '总预算', '采购预算价', '预算总价', '资金预算', '项目预算总额', '采购金额', '预算',
  ],
  // A sum of funds stated for the project (项目资金来源为自筹资金36.5万元): its budget when no budget label gives one.
  funds: ['自筹资金', '财政资金', '财政性资金', '项目资金', '建设资金', '专项资金'],
  cap: [
    '最高限价', '最高投标限价', '控制价', '招标控制价', '拦标价', '最高限额', '投标最高限价', '采购最高限价', '项目最高限价',
    '最高报价限价', '上限价', '限价', '最高响应限价', '磋商最高限价', '谈判最高限价', '采购控制价', '最高控制价',
  ],
  // What an award notice says the buyer will pay: per lot, in 元 or 万元.
  award: [
    '中标金额', '成交金额', '中标价', '成交价', '中标价格', '成交价格', '中标总价', '成交总价', '中标（成交）金额', '中标(成交)金额',
    '中标总金额', '成交总金额', '中选金额', '中标报价', '成交报价', '合同金额', '中标（成交）价', '投标报价', '最终报价', '评审价',
  ],
  // A price written as a discount off a list or a cap: 下浮率 8% → 0.08.
  rate: ['下浮率', '中标下浮率', '成交下浮率', '优惠率', '折扣率', '让利率', '下浮比例', '费率'],
  // The notice's own number (项目编号：ZB2025-001), as written.
  code: ['项目编号', '采购项目编号', '招标项目编号', '采购编号', '招标编号', '项目代码', '政府采购项目编号', '采购计划编号', '招标文件编号', '采购文件编号', '项目号'],
  published: ['发布日期', '发布时间', '公告日期', '公告时间', '公告发布时间', '公示日期', '公示时间', '发文日期', '信息发布时间'],
  address: ['地址', '采购人地址', '单位地址', '联系地址', '通讯地址', '详细地址', '项目地点', '服务地点', '采购单位地址', '招标人地址'],
  // Labels that only end the value before them (项目名称：X 项目编号：Y).
  boundary: [
    '编号', '文件编号', '内部项目编号', '包号', '标段编号', '供应商地址', '代理机构地址',
    '采购方式', '招标方式', '资金来源', '地点', '联系人', '联系方式', '联系电话', '电话', '传真', '邮编',
    '邮箱', '电子邮箱', '电子邮件', '采购内容', '采购需求', '招标内容', '招标范围', '数量', '简要规则描述', '简要规格描述',
    '合同履行期限', '服务期限', '服务期', '项目概况', '项目规模', '开标时间', '开标地点', '投标截止时间', '日期',
    '项目负责人', '项目联系人', '品目', '采购品目', '标的名称', '交货期', '工期', '质量要求', '评审专家名单', '评审小组成员',
    '保证金', '投标保证金', '磋商保证金', '履约保证金', '代理服务费', '服务费', '开户行', '账号', '户名', '资格要求',
  ],
};

/** Words a table's label cell may put before a label without changing what it names (项目最高投标限价, 本项目预算金额). */
export const LABEL_PREFIXES: readonly string[] = ['本项目', '项目', '采购项目', '本次采购', '本次', '采购', '招标', '总'];

/** Buyer labels of contract templates, read only where the notice's own labels give no buyer. */
export const WEAK_AGENCY_LABELS: readonly string[] = ['甲方', '甲方名称'];

/** A bracketed note after a label that gives the unit of its amount: 预算金额（万元）. */
export const UNIT_NOTES: Record<string, 'yuan' | 'wan'> = { 元: 'yuan', 万元: 'wan', 人民币元: 'yuan', 人民币万元: 'wan', 单位元: 'yuan', 单位万元: 'wan' };

/** A line that heads a party's contact block: `1.采购人信息`, `采购代理机构联系方式：`. Its label is one of LABELS.agency or LABELS.party. */
export const BLOCK_HEAD_SUFFIXES: readonly string[] = ['信息', '联系方式', '基本情况', '情况', ''];

/** How far (in lines) a contact block reaches after its heading. */
export const BLOCK_REACH = 4;

// ---------- values ----------

/** What cleaning strips from either end of a value. */
export const VALUE_TRIM = /^[\s：:，,。；;、“"「『]+|[\s：:，,。；;、”"」』]+$/g;

/** A bracketed note after a name that says whose it is or that it is to be sealed, not part of it. */
export const ROLE_NOTES: readonly string[] = [
  '采购人', '招标人', '甲方', '乙方', '盖章', '公章', '签章', '单位公章', '单位盖章', '签字', '签字盖章', '盖单位章', '全称', '名称',
  '采购单位', '招标单位', '业主', '买方', '需方', '委托方', '章',
];
/** A bracketed note that starts this way is a definition of the party, not its name: （以下简称“采购人”）. */
export const ROLE_NOTE_LEADS: readonly string[] = ['以下简称', '下称', '以下称', '简称'];

/** A value that points elsewhere instead of stating the fact: 详见…, 见招标公告, 见第一章, 见投标人须知前附表. */
export const REFERENCE_LEADS: readonly string[] = ['详见', '见', '参见', '参照', '具体见', '具体详见', '详情见', '按照', '同上', '另行', '以招标文件', '以采购文件'];
/** Words that make a value a reference wherever they stand in it. */
export const REFERENCE_WORDS: readonly string[] = ['前附表', '须知表', '详见', '另行通知'];

/** A value that defines the word instead of naming the party: 采购人：是指依法进行政府采购的…. */
export const DEFINITION_LEADS: readonly string[] = [
  '是指', '系指', '意指', '即指', '指的是', '指依法', '指在', '指本', '指向', '指参加', '指接受', '指提供', '指组织', '指从', '为依法', '是依法', '依法',
];

/** Characters that stand for a blanked-out part of a name (***市场监督管理局, ××局, ____); two or more in a row mask. */
export const MASK_CHARS = '*＊×✱_＿■□●○?？';
/** Latin letters that mask when they stand doubled and alone (XX局), not inside a Latin word (CASHL). */
export const MASK_LETTERS = 'xXＸｘ';
/** A short value ending with these is a form's column header or blank field (委托单位名称, 项目内容), not a value. */
export const FORM_WORDS = { ends: ['名称', '内容', '编号', '日期', '时间', '数量', '金额', '备注', '说明', '价格', '报价', '总价', '单价', '地址', '电话', '姓名'], chars: 8 } as const;

/** A table row with more distinct cells than this is a header or a form, not label | value pairs. */
export const KV_CELLS = 4;

/** A value made only of mask characters, or a placeholder word. */
export const PLACEHOLDERS: readonly string[] = ['XXX', 'xxx', '某某', '待定', '无', '/', '—', '-', '暂无', '另定'];

// ---------- organisations ----------

/** Words an organisation's name ends with. The buyer's name must end with one (after a bracketed alias). */
export const ORG_SUFFIXES: readonly string[] = [
  '局', '委员会', '委', '办公室', '办', '办公厅', '中心', '医院', '卫生院', '卫生服务中心', '学校', '大学', '学院', '中学', '小学',
  '幼儿园', '公司', '集团', '厅', '署', '院', '所', '馆', '站', '队', '处', '部', '科', '室', '街道', '街道办事处', '镇', '乡',
  '社区', '村', '村委会', '居委会', '政府', '人民政府', '法院', '检察院', '协会', '联合会', '学会', '团', '监狱', '场', '社',
  '会', '台', '行', '厂', '园', '基地', '总局', '分局', '支队', '大队', '中队', '管委会', '研究所', '研究院', '实验室', '图书馆',
];

/** Words that make a name an agent's or a platform's, never the buyer's. */
export const AGENT_WORDS: readonly string[] = [
  '代理', '招标有限公司', '招标咨询', '招标服务', '咨询有限公司', '集中采购机构', '公共资源交易', '交易中心', '采购中心',
  '平台运营', '招标中心', '招投标中心', '建设咨询', '项目管理有限公司', '造价咨询',
];

/** Words that make a buyer's value a description of the role, not a name (招标人或招标人依法成立的项目公司). */
export const ROLE_WORDS_IN_NAME: readonly string[] = ['采购人', '招标人', '投标人', '供应商', '中标人', '成交人', '代理机构', '或'];

/** Words that say a text is about a project (a purchase, service or work), not an organisation alone. */
export const PROJECT_WORDS: readonly string[] = [
  '项目', '服务', '采购', '工程', '建设', '系统', '平台', '租赁', '租用', '改造', '维护', '维修', '运维', '设备', '购置',
  '经费', '外包', '派遣', '保障', '管理', '制作', '安装', '供应', '配送', '印刷', '咨询', '监理', '设计', '检测', '用工',
];

/** Administrative divisions a blanked name's full form may begin with (江南省临江市云溪区…). */
export const DIVISION_WORDS: readonly string[] = ['省', '自治区', '特别行政区', '市', '自治州', '州', '地区', '盟', '区', '县', '自治县', '旗', '镇', '乡', '街道'];

/** `受X委托`: an agent's opening sentence names the buyer it acts for. */
export const ENTRUSTED_BY = { lead: '受', end: '委托' } as const;

// ---------- the cover ----------

/** A cover's document-type line (招标文件, 竞争性磋商文件, 采购需求书, 询价采购文件（货物类）) is built from these. */
export const DOC_TYPE = {
  qualifiers: ['服务类', '货物类', '工程类', '政府采购', '公开招标', '邀请招标', '竞争性磋商', '竞争性谈判', '询价', '单一来源', '比选', '遴选', '询比价', '谈判', '磋商', '电子'],
  verbs: ['采购', '招标', '磋商', '谈判', '询价', '比选', '遴选', '征集'],
  nouns: ['文件', '公告', '需求书', '需求', '邀请书', '邀请函', '书', '公示'],
} as const;

/** Document-type words that end a project's name as a title states it (…项目招标文件), not part of the name. */
export const DOC_TYPE_SUFFIXES: readonly string[] = [
  '招标文件', '采购文件', '采购需求', '招标公告', '采购公告', '磋商文件', '谈判文件', '询价文件', '比选文件', '需求书', '技术要求',
  '采购项目需求', '公告', '竞争性磋商公告', '竞争性谈判公告', '询价公告', '公开招标公告', '采购需求书', '招标书', '征集文件', '遴选文件',
  '单一来源采购公示', '公示', '更正公告', '邀请书', '中标公告', '成交公告', '中标结果公告', '成交结果公告', '结果公告',
  '中标（成交）结果公告', '中标(成交)结果公告', '中标（成交）公告', '中标候选人公示', '中标结果公示', '成交结果公示', '采购结果公告',
  '中选结果公告', '中标公示', '成交公示', '磋商公告', '谈判公告', '比选公告', '遴选公告',
];

// ---------- the notice ----------

/**
 * What a title says the document is, the longest word first wherever they overlap (中标结果公告
 * before 公告). A document is of the type its title (or, failing one, its first heading) names.
 */
export const NOTICE_TYPE_WORDS: readonly (readonly [NoticeTypeWord, readonly string[]])[] = [
  ['award', [
    '中标公告', '成交公告', '中标结果', '成交结果', '中标（成交）结果', '中标(成交)结果', '中标（成交）公告', '中标(成交)公告',
    '中标候选人公示', '中标公示', '成交公示', '中选结果', '采购结果公告', '结果公告', '中标结果公示', '成交结果公示', '中标通知',
  ]],
  ['notice', [
    '招标公告', '采购公告', '磋商公告', '谈判公告', '询价公告', '比选公告', '遴选公告', '资格预审公告', '更正公告', '变更公告',
    '采购意向', '意向公开', '邀请书', '邀请函', '采购信息公告', '竞价公告', '单一来源采购公示', '公开招标公告',
  ]],
  ['tender', [
    '招标文件', '磋商文件', '谈判文件', '询价文件', '采购文件', '比选文件', '遴选文件', '征集文件', '竞争性磋商文件', '竞争性谈判文件',
    '招标书', '询比价文件',
  ]],
  ['requirement', ['采购需求', '需求书', '用户需求', '技术需求', '服务需求', '采购需求书', '技术要求', '需求说明', '项目需求', '采购清单']],
];
type NoticeTypeWord = 'requirement' | 'tender' | 'notice' | 'award';
/** How far into a document its title may stand (blocks), and how long a title line may be (characters). */
export const TITLE_REACH = { blocks: 12, chars: 80 } as const;

/** A platform line (来源：浙江政府采购网, 北京市公共资源交易平台) names the notice's region. */
export const PLATFORM_WORDS: readonly string[] = ['政府采购网', '公共资源交易', '采购网', '交易平台', '交易中心', '采购中心', '政府网', '招标网'];

/** A short place name followed by these is part of a street's or a thing's name (杭州路, 南京东路), not the place. */
export const REGION_SHORT_AFTER: readonly string[] = ['路', '街', '大道', '大街', '巷', '弄', '东路', '西路', '南路', '北路', '中路', '号', '厅', '饭店', '宾馆'];
/** Words that begin with a short place name and are no place (中山大学 is in Guangzhou; 东方 is a word before it is a city). */
export const REGION_SHORT_NOT: readonly string[] = [
  '中山大学', '中山医', '中山公园', '中山纪念', '中山陵', '东方', '新星', '白杨', '双河', '兴安盟', '长春藤',
];

/** An award's rate is a percentage (下浮率：8%, 下浮8.5%), or the words that state one inline. */
export const RATE_INLINE: readonly string[] = ['下浮', '优惠', '让利'];
/** Procedure words that may stand before a document-type suffix in a title (…项目公开招标文件). */
export const PROCEDURE_WORDS: readonly string[] = ['公开招标', '邀请招标', '竞争性磋商', '竞争性谈判', '询价', '单一来源', '比选', '服务类', '货物类', '的'];

/** Cover lines that are no part of a title (正本, （副本）). */
export const COVER_NOISE: readonly string[] = ['正本', '副本', '电子版', '精简版', '示范文本', '征求意见稿', '定稿', '盖章版'];

/** Words an early line must hold to be taken for the title when no label and no cover names the project. */
export const TITLE_WORDS: readonly string[] = ['项目', '采购', '服务', '工程', '招标'];

/** How many cover lines a title runs over at most, and how long it may be. */
export const COVER = { lines: 4, chars: 80, within: 14 } as const;

// ---------- money ----------

/** What may stand between a money label and its amount: 预算金额为, 最高限价为人民币：, 预算价约. */
export const MONEY_CONNECTORS: readonly string[] = ['为', '是', '约为', '约', '共计', '合计', '总计', '计', '总额为', '金额为', '人民币'];
/** What after an amount makes it a threshold in a rule or part of another sum, not this tender's budget (100万元以上的, 100万元的2%). */
export const THRESHOLD_AFTER: readonly string[] = ['以上', '以下', '以内', '及以上', '及以下', '（含）以上', '(含)以上', '（含）以下', '(含)以下', '的'];
/** A per-period amount that is still the whole budget as written (120万元/年). */
export const BUDGET_PERIODS: readonly string[] = ['年', '每年'];

// ---------- lots ----------

/** Words a lot is numbered with: 包1, 标段二, 合同包3, 标项一, 第一包, 第3标段 (longest first is not needed: the readers sort). */
export const LOT_WORDS: readonly string[] = ['合同包', '采购包', '分包', '标包', '包组', '包件', '子包', '标项', '标段', '包'];

/** A budget line in a lot's part that states the whole project's budget, not the lot's. */
export const WHOLE_BUDGET_WORDS: readonly string[] = ['总预算', '项目总', '合计', '预算总'];

/** What a lot marker names when it titles a form or template (包1 合同模板, 第一包评分标准): no lot name. */
export const LOT_FORM_TITLE_WORDS: readonly string[] = [
  '采购需求', '技术要求', '招标', '报价', '评分', '合同模板', '合同文本', '合同条款', '模板', '格式', '投标文件', '响应文件',
];

/** A lot name that reads as a sentence of the notice is no name: these lead it or stand in it. */
export const LOT_NAME_SENTENCE = {
  leads: ['本包', '本项目', '本标段', '本次', '该包', '该项目', '为本', '由', '是', '即', '系指', '指的是', '投标人', '供应商', '的'],
  chars: 40,
} as const;

/** Units that make a cell under a lot header a count (标项 | 1项), not a lot's number. */
export const LOT_COUNT_UNITS: readonly string[] = ['项', '个', '批', '套', '宗', '份'];
