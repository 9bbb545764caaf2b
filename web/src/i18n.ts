/**
 * Language: Chinese by default, English by a switch, remembered in the browser. Layer, field
 * and value names come from the layer registry (registry.ts); this file holds only the words
 * of the interface itself.
 */
export type Lang = 'zh' | 'en';
export interface Label {
  zh: string;
  en: string;
}

const KEY = 'onemap.lang';
let current: Lang = readStored();
const listeners = new Set<() => void>();

function readStored(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  if (l === current) return;
  current = l;
  try {
    localStorage.setItem(KEY, l);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  for (const f of listeners) f();
}

/** Calls `f` now and after every language change; returns the unsubscribe. */
export function onLang(f: () => void): () => void {
  listeners.add(f);
  f();
  return () => listeners.delete(f);
}

export function label(l: Label | undefined | null): string {
  return l ? l[current] : '';
}

const UI = {
  appTitle: { zh: '信宜市应急一张图', en: 'Xinyi emergency one map' },
  skip: { zh: '跳到主要内容', en: 'Skip to content' },
  language: { zh: 'English', en: '中文' },
  languageSwitch: { zh: 'Switch to English', en: '切换到中文' },
  search: { zh: '搜索避难场所、村、镇', en: 'Search shelters, villages, towns' },
  searchLabel: { zh: '搜索地名', en: 'Search places' },
  searchNone: { zh: '没有找到“{q}”', en: 'Nothing found for “{q}”' },
  searchFailed: { zh: '搜索失败：{m}', en: 'Search failed: {m}' },
  signIn: { zh: '工作人员登录', en: 'Staff sign-in' },
  signOut: { zh: '退出', en: 'Sign out' },
  signedInAs: { zh: '{name}（{role}）', en: '{name} ({role})' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  cancel: { zh: '取消', en: 'Cancel' },
  close: { zh: '关闭', en: 'Close' },
  loginFailed: { zh: '登录失败：{m}', en: 'Sign-in failed: {m}' },
  loginUnavailable: { zh: '登录服务暂不可用', en: 'Sign-in is not available on this server yet' },
  role_admin: { zh: '管理员', en: 'administrator' },
  role_planner: { zh: '规划人员', en: 'planner' },
  role_geohazard: { zh: '地灾人员', en: 'geohazard team' },
  whereToGo: { zh: '我该去哪里避险？', en: 'Where do I go?' },
  whereHint: { zh: '点击地图上您的位置，或使用定位。', en: 'Tap your place on the map, or use your location.' },
  useLocation: { zh: '使用我的位置', en: 'Use my location' },
  locating: { zh: '正在定位…', en: 'Finding your location…' },
  locationDenied: { zh: '无法获取位置：{m}。请在地图上点击您的位置。', en: 'No location: {m}. Tap your place on the map instead.' },
  finding: { zh: '正在查找最近的安全避难场所…', en: 'Finding the nearest safe shelter…' },
  nearestFailed: { zh: '查找失败：{m}', en: 'Could not find a shelter: {m}' },
  noShelter: { zh: '附近没有可用的安全避难场所', en: 'No usable safe shelter found' },
  yourShelter: { zh: '最近的安全避难场所', en: 'Nearest safe shelter' },
  distance: { zh: '直线距离', en: 'Straight-line distance' },
  walking: { zh: '步行约 {n} 分钟', en: 'About {n} min on foot' },
  skippedUnsafe: { zh: '已跳过 {n} 处位于高风险区内的场所', en: '{n} nearer shelter(s) in high-risk zones skipped' },
  facilities: { zh: '设施', en: 'Facilities' },
  contact: { zh: '联系', en: 'Contact' },
  call: { zh: '拨打 {phone}', en: 'Call {phone}' },
  legend: { zh: '图例', en: 'Legend' },
  layers: { zh: '图层', en: 'Layers' },
  showLayer: { zh: '显示{name}', en: 'Show {name}' },
  shelterTypes: { zh: '避难场所类型', en: 'Shelter types' },
  shelterStatus: { zh: '状态', en: 'Status' },
  zoneGrades: { zh: '风险区等级', en: 'Hazard-zone grades' },
  siteGrades: { zh: '风险点等级', en: 'Risk-site grades' },
  you: { zh: '您的位置', en: 'Your place' },
  route: { zh: '到避难场所的直线', en: 'Straight line to the shelter' },
  basemapOffline: { zh: '底图不可用，仅显示本系统图层', en: 'Basemap unavailable: showing OneMap layers only' },
  mapLabel: { zh: '信宜市应急地图', en: 'Map of Xinyi' },
  loadFailed: { zh: '加载失败：{m}', en: 'Failed to load: {m}' },
  ungraded: { zh: '未分级', en: 'Not graded' },
  cluster: { zh: '风险点聚合（数字为点数，颜色为最高等级）', en: 'Group of sites (count; colour of the worst grade)' },
  openCard: { zh: '查看明白卡', en: 'Evacuation card' },
  km: { zh: '{n} 公里', en: '{n} km' },
  m: { zh: '{n} 米', en: '{n} m' },
  persons: { zh: '{n} 人', en: '{n} persons' },
  // evacuation card
  cardTitle: { zh: '地质灾害避险明白卡', en: 'Household evacuation card' },
  cardSite: { zh: '风险点', en: 'Risk site' },
  cardLocation: { zh: '位置', en: 'Location' },
  cardHazards: { zh: '所在风险区', en: 'Hazard zones here' },
  cardNoZones: { zh: '不在已划定的风险区内', en: 'Not inside a mapped hazard zone' },
  cardShelter: { zh: '指定避难场所', en: 'Designated shelter' },
  cardWay: { zh: '撤离路线示意（直线）', en: 'The way (straight line)' },
  cardMonitor: { zh: '监测责任人', en: 'Monitor to call' },
  cardMonitorPublic: { zh: '监测责任人电话见村委会张贴的明白卡', en: 'The monitor’s number is on the card posted by the village committee' },
  cardSignals: { zh: '预警信号与应对', en: 'Warning signals and what to do' },
  cardDangerSigns: { zh: '出现以下情况，立即撤离并报告', en: 'Leave at once and report if you see' },
  cardSource: { zh: '来源', en: 'Source' },
  cardPrint: { zh: '打印', en: 'Print' },
  cardPrintedBy: { zh: '打印人：{name}　生成时间：{time}', en: 'Printed by {name} · {time}' },
  cardGenerated: { zh: '生成时间：{time}', en: 'Generated {time}' },
  cardNotFound: { zh: '没有编号为“{code}”的风险点', en: 'No risk site with code “{code}”' },
  cardBack: { zh: '返回地图', en: 'Back to the map' },
  cardScore: { zh: '评分 {n}', en: 'score {n}' },
  // staff workspaces
  workspace: { zh: '工作台', en: 'Workspace' },
  planner: { zh: '规划', en: 'Planning' },
  geohazard: { zh: '地灾', en: 'Geohazards' },
  needRole: { zh: '此工作台需要{role}登录', en: 'This workspace needs a {role} sign-in' },
  coverage: { zh: '覆盖分析', en: 'Coverage' },
  runCoverage: { zh: '运行覆盖分析', en: 'Run coverage' },
  catchments: { zh: '服务范围', en: 'Catchments' },
  runCatchments: { zh: '计算服务范围', en: 'Compute catchments' },
  method: { zh: '方法', en: 'Method' },
  method_nearest: { zh: '最近场所', en: 'Nearest shelter' },
  method_capacity: { zh: '按容量分配', en: 'By capacity' },
  demand: { zh: '需求', en: 'Demand' },
  demand_risk_sites: { zh: '风险点居民', en: 'Risk-site residents' },
  demand_villages: { zh: '行政村人口', en: 'Village population' },
  siting: { zh: '选址建议', en: 'Siting suggestions' },
  runSiting: { zh: '生成选址建议', en: 'Suggest sites' },
  count: { zh: '数量', en: 'Count' },
  capacity: { zh: '容量', en: 'Capacity' },
  running: { zh: '计算中…', en: 'Computing…' },
  analysisFailed: { zh: '分析失败：{m}', en: 'Analysis failed: {m}' },
  routeMissing: { zh: '服务端尚未提供此分析（{route}）', en: 'The server does not offer this analysis yet ({route})' },
  uncovered: { zh: '未覆盖', en: 'Uncovered' },
  overloaded: { zh: '超容量场所', en: 'Overloaded shelters' },
  unsafeShelters: { zh: '位于高风险区的场所', en: 'Shelters in high-risk zones' },
  depotGaps: { zh: '储备库缺口', en: 'Depot gaps' },
  gapAreas: { zh: '覆盖空白区', en: 'Gap areas' },
  suggested: { zh: '建议选址', en: 'Suggested site' },
  town: { zh: '镇街', en: 'Town' },
  coveredPct: { zh: '覆盖率', en: 'Covered' },
  uncoveredResidents: { zh: '未覆盖人数', en: 'Uncovered residents' },
  placesPerResident: { zh: '人均容量', en: 'Places per resident' },
  cityTotal: { zh: '全市', en: 'City' },
  whatIf: { zh: '方案推演（草稿）', en: 'What-if (draft)' },
  draftEmpty: { zh: '草稿为空。新增、移动或停用场所后，覆盖结果会立即更新。', en: 'The draft is empty. Add, move or switch off a shelter and coverage updates at once.' },
  draftAdd: { zh: '新增场所', en: 'Add shelter' },
  draftMove: { zh: '移动场所', en: 'Move shelter' },
  draftSwitchOff: { zh: '停用场所', en: 'Switch off shelter' },
  draftClickMap: { zh: '在地图上点击新场所的位置', en: 'Click the map where the new shelter goes' },
  draftPickShelter: { zh: '点击地图上的场所', en: 'Click a shelter on the map' },
  draftDragShelter: { zh: '拖动场所到新位置', en: 'Drag the shelter to its new place' },
  draftAdded: { zh: '新增：{name}', en: 'Added: {name}' },
  draftMoved: { zh: '移动：{name}', en: 'Moved: {name}' },
  draftOff: { zh: '停用：{name}', en: 'Switched off: {name}' },
  draftUndo: { zh: '撤销', en: 'Undo' },
  draftSave: { zh: '保存草稿', en: 'Save the draft' },
  draftDiscard: { zh: '放弃草稿', en: 'Discard the draft' },
  draftSaved: { zh: '已保存 {n} 项修改', en: 'Saved {n} change(s)' },
  draftBefore: { zh: '草稿前', en: 'Before' },
  draftAfter: { zh: '草稿后', en: 'With the draft' },
  conflict: {
    zh: '保存冲突：{name} 已被 {who} 在 {when} 修改（版本 {version}）。请重新加载后再修改。',
    en: 'Conflict: {name} was changed by {who} at {when} (version {version}). Reload it and make your change again.',
  },
  reload: { zh: '重新加载', en: 'Reload' },
  edit: { zh: '编辑', en: 'Edit' },
  editLayer: { zh: '编辑图层', en: 'Layer to edit' },
  draw: { zh: '绘制新要素', en: 'Draw a new feature' },
  modify: { zh: '修改选中要素', en: 'Modify the selected feature' },
  selectToEdit: { zh: '点击地图上的要素进行编辑', en: 'Click a feature on the map to edit it' },
  save: { zh: '保存', en: 'Save' },
  delete: { zh: '删除', en: 'Delete' },
  saved: { zh: '已保存', en: 'Saved' },
  saveFailed: { zh: '保存失败：{m}', en: 'Save failed: {m}' },
  required: { zh: '必填', en: 'required' },
  sites: { zh: '风险点', en: 'Risk sites' },
  filterTown: { zh: '镇街', en: 'Town' },
  all: { zh: '全部', en: 'All' },
  rows: { zh: '共 {n} 处', en: '{n} sites' },
  prev: { zh: '上一页', en: 'Previous' },
  next: { zh: '下一页', en: 'Next' },
  regrade: { zh: '重新评级', en: 'Regrade' },
  note: { zh: '备注', en: 'Note' },
  factor: { zh: '因子', en: 'Factor' },
  input: { zh: '取值', en: 'Input' },
  points: { zh: '得分', en: 'Points' },
  history: { zh: '评级历史', en: 'Grading history' },
  noHistory: { zh: '尚无评级记录', en: 'No gradings yet' },
  gradedBy: { zh: '评级人', en: 'Graded by' },
  when: { zh: '时间', en: 'When' },
  rectification: { zh: '整治状态更新', en: 'Rectification update' },
  update: { zh: '更新', en: 'Update' },
  selectSite: { zh: '在表格或地图上选择一个风险点', en: 'Pick a risk site in the table or on the map' },
};

export type UiKey = keyof typeof UI;

/** An interface string in the current language, with {placeholders} filled in. */
export function t(key: UiKey, vars: Record<string, string | number> = {}): string {
  return UI[key][current].replace(/\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? `{${k}}`));
}

/** Metres as "850 m" or "1.2 km". */
export function distanceText(m: number): string {
  return m < 1000 ? t('m', { n: Math.round(m) }) : t('km', { n: (m / 1000).toFixed(1) });
}

/** An ISO time as a reader expects it (missing → "?"). */
export function timeText(iso: unknown): string {
  const d = typeof iso === 'string' ? new Date(iso) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toLocaleString(current === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '?';
}

export function numberText(n: number): string {
  return n.toLocaleString(current === 'zh' ? 'zh-CN' : 'en-GB');
}

/** Facility codes of shelters (a string list the registry leaves unlabelled). */
const FACILITIES: Record<string, Label> = {
  water_supply: { zh: '供水', en: 'Water' },
  toilets: { zh: '厕所', en: 'Toilets' },
  lighting: { zh: '照明', en: 'Lighting' },
  broadcast: { zh: '广播', en: 'Public address' },
  power_supply: { zh: '供电', en: 'Power' },
  medical_point: { zh: '医疗点', en: 'First aid' },
  fire_fighting: { zh: '消防', en: 'Fire fighting' },
  kitchen: { zh: '厨房', en: 'Kitchen' },
  bedding: { zh: '床铺', en: 'Bedding' },
  showers: { zh: '淋浴', en: 'Showers' },
  supply_storage: { zh: '物资储存', en: 'Supply store' },
  waste_disposal: { zh: '垃圾处理', en: 'Waste disposal' },
};

export function facilityText(code: string): string {
  return FACILITIES[code]?.[current] ?? code;
}
