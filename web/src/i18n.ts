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
  role_duty: { zh: '值班员', en: 'duty officer' },
  role_cadre: { zh: '村干部', en: 'village cadre' },
  role_shelter: { zh: '避难场所工作人员', en: 'shelter staff' },
  whereToGo: { zh: '我该去哪里避险？', en: 'Where do I go?' },
  whereHint: { zh: '点击地图上您的位置，或使用定位。', en: 'Tap your place on the map, or use your location.' },
  useLocation: { zh: '使用我的位置', en: 'Use my location' },
  locating: { zh: '正在定位…', en: 'Finding your location…' },
  locationDenied: { zh: '无法获取位置：{m}。请在地图上点击您的位置。', en: 'No location: {m}. Tap your place on the map instead.' },
  finding: { zh: '正在查找最近的安全避难场所…', en: 'Finding the nearest safe shelter…' },
  nearestFailed: { zh: '查找失败：{m}', en: 'Could not find a shelter: {m}' },
  noShelter: { zh: '附近没有可用的安全避难场所', en: 'No usable safe shelter found' },
  offlineEstimate: { zh: '离线估算：没有网络，按直线距离给出最近的避难场所（未计道路和风险区）。', en: 'Offline estimate: no signal, so this is the nearest shelter in a straight line (roads and hazard zones not counted).' },
  offlineDataAge: { zh: '避难场所数据更新于{ago}。', en: 'Shelter data from {ago}.' },
  offlineNoData: { zh: '没有网络，本机也没有保存的避难场所数据。', en: 'No signal, and no shelters saved on this phone.' },
  yourShelter: { zh: '最近的安全避难场所', en: 'Nearest safe shelter' },
  distance: { zh: '直线距离', en: 'Straight-line distance' },
  wayDistance: { zh: '沿路距离', en: 'Distance along the way' },
  offroad: { zh: '其中约 {d} 不在道路上', en: 'about {d} of it off the roads' },
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
  shelterGroup: { zh: '避难场所聚合（数字为场所数，放大后逐个显示）', en: 'Group of shelters (count; zoom in to see each)' },
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
  gradeTrend: { zh: '评分变化', en: 'Score over time' },
  gradeTrendText: { zh: '{n} 次评级，评分由 {from} 到 {to}', en: '{n} gradings, score {from} to {to}' },
  // during a warning: the public map, the duty officer's workspace, shelter check-in
  duringWarning: { zh: '预警与避难场所', en: 'Warnings and shelters' },
  levelWarning: { zh: '{level}预警', en: '{level} warning' },
  until: { zh: '至 {time}', en: 'until {time}' },
  expired: { zh: '已失效', en: 'expired' },
  sheltersInUse: { zh: '在用避难场所余位（{n} 处）', en: 'Shelters in use: places left ({n})' },
  placesLeft: { zh: '余 {n} 位 / 共 {capacity}', en: '{n} of {capacity} places left' },
  placesLeftShort: { zh: '余{n}', en: '{n} left' },
  shelterFull: { zh: '已满', en: 'Full' },
  operations: { zh: '应急转移', en: 'Evacuation' },
  operationsHeading: { zh: '应急转移指挥', en: 'Evacuation operations' },
  activeWarnings: { zh: '生效中的预警', en: 'Warnings in force' },
  noWarnings: { zh: '当前没有生效中的预警', en: 'No warning in force' },
  startOperation: { zh: '启动转移', en: 'Start an operation' },
  starting: { zh: '正在生成转移任务…', en: 'Building the tasks…' },
  operationStarted: { zh: '已启动：{name}', en: 'Started: {name}' },
  operationOpen: { zh: '已有进行中的转移', en: 'An operation is running' },
  operationList: { zh: '转移行动', en: 'Operations' },
  noOperations: { zh: '尚无转移行动', en: 'No operations yet' },
  opStatus_active: { zh: '进行中', en: 'running' },
  opStatus_closed: { zh: '已结束', en: 'closed' },
  openOperation: { zh: '查看“{name}”', en: 'Open “{name}”' },
  backToList: { zh: '返回列表', en: 'Back to the list' },
  startedBy: { zh: '{name} 于 {time} 启动', en: 'Started by {name}, {time}' },
  closedBy: { zh: '{name} 于 {time} 结束', en: 'Closed by {name}, {time}' },
  households: { zh: '户数', en: 'Households' },
  people: { zh: '人数', en: 'People' },
  status: { zh: '状态', en: 'Status' },
  total: { zh: '合计', en: 'Total' },
  householdsN: { zh: '{n} 户', en: '{n} households' },
  taskStatus_to_notify: { zh: '待通知', en: 'To notify' },
  taskStatus_notified: { zh: '已通知', en: 'Notified' },
  taskStatus_moving: { zh: '转移中', en: 'On the way' },
  taskStatus_arrived: { zh: '已到达', en: 'Arrived' },
  taskStatus_stayed: { zh: '就地避险', en: 'Stayed' },
  taskStatus_refused: { zh: '拒绝转移', en: 'Refused' },
  taskStatus_unreachable: { zh: '联系不上', en: 'Unreachable' },
  stillToMoveAll: { zh: '全部未到达', en: 'All not yet arrived' },
  byTown: { zh: '各镇街转移进度', en: 'Progress by town' },
  arrivedShare: { zh: '到达比例', en: 'Arrived' },
  share_0: { zh: '到达 < 25%', en: 'Arrived < 25%' },
  share_1: { zh: '到达 25–50%', en: 'Arrived 25–50%' },
  share_2: { zh: '到达 50–75%', en: 'Arrived 50–75%' },
  share_3: { zh: '到达 ≥ 75%', en: 'Arrived ≥ 75%' },
  stillToMove: { zh: '待转移住户', en: 'Households still to move' },
  moreNotListed: { zh: '另有 {n} 户未列出，请按镇街筛选', en: '{n} more not listed: filter by town' },
  siteCode: { zh: '编号', en: 'Site' },
  taskHistory: { zh: '记录', en: 'History' },
  taskHistoryOf: { zh: '{site} 的变更记录', en: 'History of {site}' },
  noTaskChanges: { zh: '尚无变更', en: 'No changes yet' },
  shelter: { zh: '避难场所', en: 'Shelter' },
  specialNeeds: { zh: '未到达的特殊人群', en: 'Special needs not yet arrived' },
  noSpecialNeeds: { zh: '无', en: 'None' },
  helpers: { zh: '帮扶人', en: 'Helpers' },
  need_elderly: { zh: '老人', en: 'elderly' },
  need_disabled: { zh: '残疾人', en: 'disabled' },
  need_bedridden: { zh: '卧床', en: 'bedridden' },
  need_pregnant: { zh: '孕妇', en: 'pregnant' },
  need_infant: { zh: '婴幼儿', en: 'infant' },
  need_chronic_illness: { zh: '慢性病', en: 'chronic illness' },
  need_other: { zh: '其他', en: 'other' },
  shelterFilling: { zh: '避难场所容纳情况', en: 'Shelters filling up' },
  occupancyOfCapacity: { zh: '{n} / {capacity}', en: '{n} / {capacity}' },
  assigned: { zh: '分配人数', en: 'Assigned' },
  closeOperation: { zh: '结束转移', en: 'Close the operation' },
  confirmClose: { zh: '确定结束“{name}”？结束后任务不再更新。', en: 'Close “{name}”? Its tasks will no longer change.' },
  operationClosed: { zh: '已结束：{name}', en: 'Closed: {name}' },
  reportCsv: { zh: '转移报告（CSV）', en: 'Report (CSV)' },
  reportGeojson: { zh: '转移报告（GeoJSON）', en: 'Report (GeoJSON)' },
  liveUpdated: { zh: '实时 · 更新于 {time}', en: 'Live · updated {time}' },
  operationArea: { zh: '预警范围', en: 'Warning area' },
  checkIn: { zh: '到达登记', en: 'Check-in' },
  shelterPageTitle: { zh: '避难场所到达登记', en: 'Shelter check-in' },
  pickShelter: { zh: '选择避难场所', en: 'Choose a shelter' },
  peopleCount: { zh: '人数', en: 'Number of people' },
  recordArrivals: { zh: '登记到达', en: 'Record arrivals' },
  recordDepartures: { zh: '登记离开', en: 'Record departures' },
  headCount: { zh: '清点人数', en: 'Head count' },
  setHeadCount: { zh: '按清点人数更新', en: 'Set to the head count' },
  arrivalsN: { zh: '到达 {n} 人', en: '{n} arrived' },
  departuresN: { zh: '离开 {n} 人', en: '{n} left' },
  headCountN: { zh: '清点为 {n} 人', en: 'head count {n}' },
  recorded: { zh: '已登记：{what}', en: 'Recorded: {what}' },
  reassignedN: { zh: '场所已满，{n} 户在途住户已改派至其他场所', en: 'Full: {n} household(s) on the way sent to other shelters' },
  recentEntries: { zh: '本机登记记录', en: 'Recorded on this device' },
  checkInNeedsRole: { zh: '登记需要避难场所工作人员或值班员登录', en: 'Recording needs a shelter staff or duty officer sign-in' },
  notInUse: { zh: '当前未用于转移安置', en: 'Not in use by an operation now' },
  cadrePageTitle: { zh: '村干部转移登记', en: 'Households to move' },
  cadreNeedsRole: { zh: '登记需要村干部或值班员登录', en: 'Marking households needs a village cadre or duty officer sign-in' },
  cadreNoOperation: { zh: '当前没有进行中的转移行动', en: 'No operation is running' },
  cadreShow: { zh: '显示', en: 'Show' },
  cadreWaiting: { zh: '{n} 条更改等待信号，恢复后自动发送', en: '{n} change(s) waiting for signal: sent when it returns' },
  cadreSignInAgain: { zh: '登录已失效，请重新登录后继续发送。', en: 'Sign in again to send them.' },
  cadreNeeds: { zh: '特殊人群 {n} 人', en: '{n} with special needs' },
  cadreDesignated: { zh: '指定避难场所：{name}', en: 'Designated shelter: {name}' },
  cadreNoShelter: { zh: '未指定', en: 'none' },
  cadreUpdate: { zh: '登记状态', en: 'Mark' },
  cadreArrivedAt: { zh: '到达的避难场所', en: 'Shelter reached' },
  cadreNote: { zh: '备注（可选）', en: 'Note (optional)' },
  cadreSave: { zh: '保存', en: 'Save' },
  cadreOffline: { zh: '没有网络：显示本机保存的 {time} 的列表。{n} 条登记等待发送，恢复信号后自动发送。', en: 'Offline: the list from {time}, kept on this phone. {n} mark(s) waiting, sent when the signal returns.' },
  cadreOfflineNoList: { zh: '没有网络，本机也没有保存的任务列表：请在有信号时打开一次本页。{n} 条登记等待发送。', en: 'Offline, and no task list kept on this phone: open this page once with a signal. {n} mark(s) waiting.' },
  cadreQueued: { zh: '等待信号', en: 'waiting for signal' },
  cadreSent: { zh: '已保存：{status}', en: 'Saved: {status}' },
  cadreRefused: { zh: '“{status}”被拒绝：{m}', en: '“{status}” refused: {m}' },
  backToMap: { zh: '返回地图', en: 'Back to the map' },
  // units and counts
  pct: { zh: '{n}%', en: '{n}%' },
  colon: { zh: '：', en: ': ' },
  km2: { zh: '{n} 平方公里', en: '{n} km²' },
  m2: { zh: '{n} 平方米', en: '{n} m²' },
  times: { zh: '{n} 倍', en: '{n}×' },
  sitesN: { zh: '{n} 处', en: '{n} sites' },
  sheltersN: { zh: '{n} 处', en: '{n} shelters' },
  villagesN: { zh: '{n} 个村', en: '{n} villages' },
  townsN: { zh: '{n} 个镇街', en: '{n} towns' },
  perResident: { zh: '每人 {n}', en: '{n} per resident' },
  // planner figures
  depotGapVillages: { zh: '距储备库过远的村', en: 'Villages far from a depot' },
  gapAreaKm2: { zh: '覆盖空白区面积', en: 'Gap area' },
  placedResidents: { zh: '已安置人数', en: 'Residents placed' },
  unassignedResidents: { zh: '未能安置人数', en: 'Residents not placed' },
  meanDistance: { zh: '平均撤离距离', en: 'Mean distance' },
  overCapacityShelters: { zh: '超容量场所', en: 'Shelters over capacity' },
  sheltersUsed: { zh: '启用的场所', en: 'Shelters used' },
  placedWithinPct: { zh: '半径内安置率', en: 'Placed within reach' },
  reason_no_shelter_within_radius: { zh: '服务半径内没有场所', en: 'No shelter within reach' },
  reason_capacity_exhausted: { zh: '半径内场所已满', en: 'Shelters in reach are full' },
  reason_no_shelter_within_time: { zh: '限定时间内到不了任何场所', en: 'No shelter within the time limit' },
  reason_no_way: { zh: '没有道路通往场所', en: 'No way to a shelter' },
  reason_unreachable: { zh: '可达范围内没有场所', en: 'No shelter within reach' },
  sitingCoverage: { zh: '覆盖率 {from} → {to}', en: 'Covered {from} → {to}' },
  sitingPick: { zh: '第 {n} 处', en: 'No. {n}' },
  sitingGain: { zh: '新增覆盖 {n}', en: '{n} more covered' },
  sitingExcluded: { zh: '{n} 个候选点位于高风险区，未予考虑', en: '{n} candidates in high-risk zones were left out' },
  plannedShelter: { zh: '规划避难场所', en: 'Planned shelter' },
  // per-town indicators (map colours, charts, table)
  townsBy: { zh: '镇街指标', en: 'Towns by' },
  ind_coverage: { zh: '覆盖率', en: 'Coverage rate' },
  ind_uncovered: { zh: '未覆盖人数', en: 'Uncovered residents' },
  ind_capacity: { zh: '容量与需求之比（标准 ≥ 1 倍）', en: 'Places per resident (standard ≥ 1)' },
  ind_area: { zh: '人均有效面积与标准之比', en: 'Area per resident against the standard' },
  ind_grades: { zh: '风险点（按等级）', en: 'Risk sites by grade' },
  ind_placed: { zh: '半径内安置率', en: 'Placed within reach' },
  col_capacity: { zh: '容量/需求', en: 'Places/resident' },
  col_area: { zh: '人均面积', en: 'Area/resident' },
  col_unsafe: { zh: '高风险区场所', en: 'Unsafe shelters' },
  col_sites_high: { zh: '极高/高风险点', en: 'Very high/high sites' },
  col_residents: { zh: '风险点居民', en: 'Residents at risk' },
  col_code: { zh: '代码', en: 'Code' },
  noResidents: { zh: '无风险点居民', en: 'No residents at risk' },
  cityLine: { zh: '全市 {v}', en: 'City {v}' },
  standardLine: { zh: '标准 {v}', en: 'Standard {v}' },
  logScale: { zh: '对数刻度', en: 'log scale' },
  chartTitle: { zh: '{name}（按镇街）', en: '{name} by town' },
  cls_coverage_0: { zh: '≥ 95%', en: '≥ 95%' },
  cls_coverage_1: { zh: '80–95%', en: '80–95%' },
  cls_coverage_2: { zh: '50–80%', en: '50–80%' },
  cls_coverage_3: { zh: '20–50%', en: '20–50%' },
  cls_coverage_4: { zh: '< 20%', en: '< 20%' },
  cls_ratio_0: { zh: '≥ 2 倍', en: '≥ 2×' },
  cls_ratio_1: { zh: '1–2 倍（达标）', en: '1–2× (meets it)' },
  cls_ratio_2: { zh: '0.75–1 倍', en: '0.75–1×' },
  cls_ratio_3: { zh: '0.5–0.75 倍', en: '0.5–0.75×' },
  cls_ratio_4: { zh: '< 0.5 倍', en: '< 0.5×' },
  cls_count_0: { zh: '0', en: '0' },
  cls_count_1: { zh: '≤ {a}', en: '≤ {a}' },
  cls_count_2: { zh: '{a}–{b}', en: '{a}–{b}' },
  cls_count_3: { zh: '{a}–{b}', en: '{a}–{b}' },
  cls_count_4: { zh: '> {a}', en: '> {a}' },
  // the map's analysis layers
  analysisLayers: { zh: '分析图层', en: 'Analysis layers' },
  replaceNote: { zh: '运行一项分析会替换地图上的其他结果；勾选可叠加显示。', en: 'Running an analysis replaces the others on the map; tick them to stack.' },
  zoomNote: { zh: '县域与镇街比例尺按镇街汇总；放大后显示聚合点（数字为点数，颜色取最严重者），再放大显示单个点。', en: 'At county and town scale, figures per town; zoom in for groups (count; colour of the worst), then single points.' },
  dimPublic: { zh: '淡化公众图层', en: 'Fade the public layers' },
  group_coverage: { zh: '覆盖分析', en: 'Coverage' },
  group_catchments: { zh: '服务范围', en: 'Catchments' },
  group_siting: { zh: '选址建议', en: 'Siting' },
  group_draft: { zh: '方案推演', en: 'What-if' },
  layer_town_coverage: { zh: '镇街指标（分级设色）', en: 'Towns (graded colours)' },
  layer_gap_areas: { zh: '覆盖空白区', en: 'Gap areas' },
  layer_uncovered_sites: { zh: '未覆盖的风险点', en: 'Uncovered risk sites' },
  layer_uncovered_villages: { zh: '未覆盖的行政村', en: 'Uncovered villages' },
  layer_overloaded: { zh: '超容量场所', en: 'Overloaded shelters' },
  layer_unsafe_shelters: { zh: '位于高风险区的场所', en: 'Shelters in high-risk zones' },
  layer_depot_gaps: { zh: '距储备库过远的村镇', en: 'Villages and towns far from a depot' },
  layer_town_placed: { zh: '镇街半径内安置率', en: 'Towns: placed within reach' },
  layer_catchments: { zh: '服务范围（按负荷着色）', en: 'Catchments (shaded by load)' },
  layer_assignments: { zh: '安置去向', en: 'Who goes where' },
  layer_unassigned: { zh: '未能安置', en: 'Not placed' },
  layer_siting: { zh: '建议选址及服务半径', en: 'Suggested sites and their reach' },
  layer_draft: { zh: '草稿中的场所', en: 'Shelters in the draft' },
  shortfall_0: { zh: '超出半径 ≤ 500 米', en: '≤ 500 m beyond reach' },
  shortfall_1: { zh: '超出半径 0.5–2 公里', en: '0.5–2 km beyond reach' },
  shortfall_2: { zh: '超出半径 > 2 公里', en: '> 2 km beyond reach' },
  shortfallMin_0: { zh: '超出时限 ≤ 5 分钟', en: '≤ 5 min beyond the time limit' },
  shortfallMin_1: { zh: '超出时限 5–20 分钟', en: '5–20 min beyond the time limit' },
  shortfallMin_2: { zh: '超出时限 > 20 分钟', en: '> 20 min beyond the time limit' },
  travelMode: { zh: '距离按', en: 'Measure by' },
  roadClosures: { zh: '道路中断推演', en: 'What if a road is cut' },
  closeRoads: { zh: '在地图上中断道路', en: 'Close roads on the map' },
  closeRoadsDone: { zh: '完成', en: 'Done' },
  closeRoadsPrompt: { zh: '点击道路将其中断（再次点击恢复），分析随即按绕行重新计算', en: 'Click a road to close it (again to reopen); the analyses run again around it' },
  openAllRoads: { zh: '恢复全部道路', en: 'Reopen all roads' },
  roadNo: { zh: '道路 {id}', en: 'Road {id}' },
  closedRoadsCount: { zh: '已中断道路 {n} 条', en: '{n} road(s) closed' },
  mode_walk: { zh: '步行时间（沿路）', en: 'Walking time (roads)' },
  mode_drive: { zh: '驾车时间（沿路）', en: 'Driving time (roads)' },
  mode_straight: { zh: '直线距离', en: 'Straight line' },
  depotFar_0: { zh: '超出 ≤ 1.5 倍', en: 'up to 1.5× too far' },
  depotFar_1: { zh: '超出 1.5–3 倍', en: '1.5–3× too far' },
  depotFar_2: { zh: '超出 > 3 倍', en: 'over 3× too far' },
  load_0: { zh: '未启用', en: 'Not used' },
  load_1: { zh: '负荷 < 50%', en: 'Load < 50%' },
  load_2: { zh: '负荷 50–100%', en: 'Load 50–100%' },
  load_3: { zh: '超过容量', en: 'Over capacity' },
  overload_0: { zh: '超出 ≤ 50%', en: 'up to 50% over' },
  overload_1: { zh: '超出 50–100%', en: '50–100% over' },
  overload_2: { zh: '超出 > 100%', en: 'over 100% over' },
  // report and downloads
  openReport: { zh: '打印报告', en: 'Printable report' },
  downloadCsv: { zh: '下载表格（CSV）', en: 'Download table (CSV)' },
  reportTitle: { zh: '应急避难场所覆盖分析报告', en: 'Emergency shelter coverage report' },
  reportPlace: { zh: '信宜市', en: 'Xinyi' },
  reportMap: { zh: '各镇街覆盖率与覆盖空白区', en: 'Coverage by town and gap areas' },
  reportSummary: { zh: '全市概况', en: 'The city' },
  reportTowns: { zh: '各镇街指标', en: 'Figures by town' },
  reportCharts: { zh: '各镇街对比', en: 'Towns compared' },
  reportStandards: { zh: '采用的标准与参数', en: 'Standards and parameters used' },
  reportBasis: { zh: '依据已保存的避难场所、风险点与储备库数据计算（不含未保存的草稿）。', en: 'Computed on the saved shelters, risk sites and depots (no unsaved draft).' },
  reportSignIn: { zh: '报告需要规划人员登录。', en: 'The report needs a planner sign-in.' },
  reportBack: { zh: '返回规划工作台', en: 'Back to planning' },
  reportFooter: { zh: '生成时间：{time}　制表：{name}', en: 'Generated {time} by {name}' },
  std_radius: { zh: '服务半径', en: 'Service radius' },
  std_area: { zh: '人均有效避难面积标准', en: 'Effective area per person' },
  std_area_value: { zh: '{n} 平方米（按{type}计）', en: '{n} m² (as for {type})' },
  std_usable: { zh: '计入的场所状态', en: 'Shelters counted' },
  std_unsafe: { zh: '视为不安全的风险区等级', en: 'Hazard-zone grades counted as unsafe' },
  std_depot: { zh: '储备库服务距离', en: 'Depot reach' },
  std_cell: { zh: '空白区网格边长', en: 'Gap-area cell size' },
  std_source: {
    zh: '服务半径与人均面积默认取自 GB 51143-2015《防灾避难场所设计规范》，部署方可按当地规定调整。',
    en: 'Service radii and area per person default to GB 51143-2015 (Code for design of disaster shelters); a deployment may change them.',
  },
  tier_village: { zh: '村级', en: 'village' },
  tier_town: { zh: '镇级', en: 'town' },
  tier_city: { zh: '市级', en: 'city' },
  // errors the server may answer with
  err_unauthorized: { zh: '登录已失效，请重新登录', en: 'Your sign-in has expired: sign in again' },
  err_forbidden: { zh: '您的账号无权进行此操作', en: 'Your account may not do this' },
  err_not_found: { zh: '没有找到所请求的内容', en: 'Not found' },
  err_rate_limited: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests: try again shortly' },
  err_busy: { zh: '服务器繁忙，请稍后再试', en: 'The server is busy: try again shortly' },
  err_too_large: { zh: '请求的数据量过大，请缩小范围', en: 'Too much at once: ask for less' },
  err_invalid: { zh: '提交的内容有误，请检查后再试', en: 'Some values are not valid: check them and try again' },
  err_conflict: { zh: '数据已被他人修改，请重新加载', en: 'Someone else changed it: reload' },
  err_network: { zh: '无法连接服务器，请检查网络', en: 'Cannot reach the server: check the connection' },
  err_server: { zh: '服务器出错（{status}）', en: 'Server error ({status})' },
  geoDenied: { zh: '未获允许', en: 'permission refused' },
  geoTimeout: { zh: '定位超时', en: 'it took too long' },
  geoUnavailable: { zh: '设备无法定位', en: 'the device cannot tell' },
  fieldInvalid: { zh: '取值无效', en: 'Not a valid value' },
};

export type UiKey = keyof typeof UI;

/** An interface string in the current language, with {placeholders} filled in. */
export function t(key: UiKey, vars: Record<string, string | number> = {}): string {
  return UI[key][current].replace(/\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? `{${k}}`));
}

/**
 * Text that follows the language: a text node whose words are worked out again after every
 * switch, so that labels built once (a workspace's buttons, headings and field names) change
 * without rebuilding what holds them.
 */
const liveTexts: Array<WeakRef<Text> & { text?: () => string }> = [];
export function live(text: () => string): Text {
  const node = document.createTextNode(text());
  liveTexts.push(Object.assign(new WeakRef(node), { text }));
  return node;
}
/** An interface string as live text. */
export function tr(key: UiKey, vars: Record<string, string | number> = {}): Text {
  return live(() => t(key, vars));
}
listeners.add(() => {
  for (let i = liveTexts.length - 1; i >= 0; i--) {
    const node = liveTexts[i].deref();
    if (!node) liveTexts.splice(i, 1);
    else node.data = liveTexts[i].text!();
  }
});

/** How long ago a time was, as "12 minutes ago" / "12分钟前" (at least a minute). */
export function agoText(at: Date, now = Date.now()): string {
  const minutes = Math.max(1, Math.round((now - at.getTime()) / 60_000));
  const f = new Intl.RelativeTimeFormat(current === 'zh' ? 'zh-CN' : 'en-GB', { numeric: 'always' });
  if (minutes < 60) return f.format(-minutes, 'minute');
  if (minutes < 48 * 60) return f.format(-Math.round(minutes / 60), 'hour');
  return f.format(-Math.round(minutes / 1440), 'day');
}

/** A time as a clock shows it, "10:42" (with the day when it was not today). */
export function clockText(at: Date, now = new Date()): string {
  const locale = current === 'zh' ? 'zh-CN' : 'en-GB';
  const clock = at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return at.toDateString() === now.toDateString() ? clock : `${at.toLocaleDateString(locale, { month: 'numeric', day: 'numeric' })} ${clock}`;
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

export function numberText(n: number, digits = 2): string {
  return n.toLocaleString(current === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits });
}

/** A count as a reader takes it in at a glance: 1.15万 / 41.9万 in Chinese, 11,541 in English. */
export function countText(n: number): string {
  if (current !== 'zh' || Math.abs(n) < 10_000) return numberText(Math.round(n), 0);
  const w = n / 10_000;
  const digits = Math.abs(w) < 10 ? 2 : Math.abs(w) < 100 ? 1 : 0;
  return `${Number(w.toFixed(digits)).toLocaleString('zh-CN', { maximumFractionDigits: digits })}万`;
}

/** A percentage with one decimal: "16.7%". */
export function pctText(v: number): string {
  return t('pct', { n: numberText(v, 1) });
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
