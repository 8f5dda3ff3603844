// The officer's workbench: plain JS, no build step, no CDN. Data from /api/...; on LocalHost the development sign-in
// page picks one of LocalHost's development identities (its API key is kept in localStorage, LocalHost only); on Azure
// the App Service authentication cookie (same-origin credentials, /.auth/me) and no key at all.
(function () {
  'use strict';

  var I18N = {
    zh: {
      title: '限时办结电子监察', 'nav.work': '待办', 'nav.cases': '案件', 'nav.stats': '统计', 'nav.calendar': '日历', 'nav.quarantine': '隔离文件',
      procedure: '事项', state: '状态', light: '信号灯', all: '全部', filter: '筛选', id: '案件编号', name: '名称', agency: '机关',
      due: '到期日', green: '绿灯', yellow: '黄灯', red: '红灯', grey: '灰灯（已办结）', total: '共', cases: '件',
      deadline: '办理期限', legalBasis: '依据', explanation: '期限计算说明', provisional: '暂定（节假日安排尚未公布）',
      timeline: '办理过程', documents: '材料', none: '无', late: '超期办结', onTime: '按时办结', back: '返回列表',
      responsible: '责任方', warningFrom: '预警起始日', outcome: '结果', stats: '限时办结统计', onTimeRate: '限时办结率',
      overdue: '逾期', closedWithLimit: '有法定时限的办结件', ranking: '排名', byProcedure: '按事项', byAgency: '按机关',
      digests: '每日督办日报', notifications: '今日通知', status: '状态', message: '内容', calendar: '法定工作日历',
      restDay: '休息日', makeUp: '调休上班', weekend: '周末', provisionalYear: '暂定：国务院办公厅尚未公布该年节假日安排，按规则推算',
      officialYear: '已公布', needKey: '请先登录（本地开发：选择开发身份）。', signIn: '登录', signOut: '退出', open: '打开', show: '查看',
      search: '检索（名称、统一社会信用代码或案件编号）', prev: '上一页', next: '下一页', pageOf: '第 {0} / {1} 页',
      mine: '待我办理', actions: '办理', confirm: '确认提交', cancel: '取消', confirmAsk: '确认作出此决定？提交后不可撤回。',
      submit: '提交', required: '必填', accepted: '已提交，正在记录…', recorded: '已记录。', conflict: '其他决定已先提交，请刷新案件：',
      caseData: '案件信息', parties: '当事人', missing: '尚缺材料', licence: '营业执照', paused: '计时暂停',
      pausedNote: '补正期间不计入办理期限（《市场主体登记管理条例》第十九条第二款），申请人补正后重新计时。',
      coal: '煤炭消费替代量', achieved: '实际完成', notYetAchieved: '尚未完成，自', gate40: '报送审查须达 40%', quarantine: '隔离文件', report: '错误报告',
      devSignIn: '开发身份登录（仅本地）', chooseIdentity: '选择开发身份', signedInAs: '当前身份', lines: '每行一项', yes: '是', noChoice: '请选择',
      attachments: '附件', attachmentsHint: 'PDF、OFD、图片或办公文档；下载查看，不在页面中打开。',
      byAgencyMonth: '按机关和月份', overdueTrend: '逾期趋势（按月）', coalProgress: '煤炭消费替代进度', coalQ: '替代量 Q',
      retrofitShares: '各县区重点用能单位改造比例', countyShare: '累计改造比例', requiredShare: '要求（30%/80%/100%）', secured: '已落实来源',
      targets: '年末累计目标', notEvaluated: '尚未到年末评估。', shortfall: '差',
      factoryRanking: '半年度综合排序（建筑总面积、补贴面积、节地率 50:30:20）', place: '名次', county: '县区（功能区）',
      totalArea: '建筑总面积（㎡）', subsidisedArea: '补贴面积（㎡）', landSaving: '节地率', score: '综合得分',
      'outcome.rewarded': '奖励', 'outcome.neutral': '—', 'outcome.criticised': '通报批评，扣减用地指标',
      subsidies: '奖补测算（按层）', building: '厂房', subsidyYuan: '奖补资金（元）', sum: '合计', notRanked: '尚未排序。',
      barometer: '本地区能耗“双控”和煤炭消费总量“晴雨表”（逐月）', month: '月份', redStreak: '连续红色预警月数',
      restriction: '区域节能审查限批（连续3个月红色预警）', annualSuspension: '上年度目标未完成，暂停节能审查', inForce: '实施中', notInForce: '未实施',
      missedYears: '未完成年度', barometerRule: '豫政办〔2021〕65号（十八）：连续2个月红色预警的予以提醒，连续3个月红色预警的实行区域限批；上年度未完成目标的暂停节能审查（民生和基础设施项目除外）。',
      pricePublication: '代理购电价格公布', publishBy: '最迟公布日', publishedAt: '公布记录时间', publishedLate: '逾期公布', publishedOnTime: '按期公布',
      notPublished: '尚未公布',
      purchasePrice: '代理购电价格（元/千瓦时）', userPrice: '用户电价（元/千瓦时）',
      publicationRule: '发改办价格〔2021〕809号 二(五)：按月测算，提前3日通过营业厅等线上线下渠道公布，于次月执行。',
      quarterChoice: '季度选择直接交易窗口', gridCompany: '电网企业', proxyFrom: '代理购电起始日', multiplier: '代理购电价格倍数',
      choiceWindow: '本季度选择窗口', closesOn: '截止', noWindow: '当前无开放的选择窗口', choiceOn: '选择日', directFrom: '直接交易起始日',
      choiceRule: '发改办价格〔2021〕809号 二(六)：可在每季度最后15日前选择下一季度起直接参与市场交易。',
      awardQuota: '本轮奖项名额使用情况', awarded: '已批准', slate: '拟授奖名单', publicityWindow: '评审结果公示期', openObjections: '待评判异议',
      notPublicized: '尚未公示。',
      diagnosis: '存量“两高”项目节能诊断（五年内至少一次）', owner: '项目单位', industry: '行业', energyTce: '年综合能耗（吨标准煤）',
      projectStatus: '项目状态', 'status.planned': '拟建', 'status.underConstruction': '在建', 'status.operating': '已投运',
      operatingSince: '投运日期', lastDiagnosis: '最近一次节能诊断', diagnosisDue: '下次节能诊断截止日', diagnosisOverdue: '已逾期',
      awaitingOperation: '投运后起算', diagnosesRecorded: '已记录的节能诊断', delisted: '已移出清单',
      diagnosisRule: '豫政办〔2021〕65号（十）：鼓励引导投运的存量“两高”项目开展节能诊断和清洁生产评价认证，原则上五年内至少开展一次。',
      applicationStages: '市长专利奖申报评审进度', 'stage.qualification': '资格审查', 'stage.review': '专家评审',
      'stage.site': '实地考察', 'stage.publicity': '公示和异议', 'stage.approval': '批准和颁奖',
      'stageStatus.done': '已完成', 'stageStatus.current': '进行中', 'stageStatus.pending': '未开始', 'stageStatus.stopped': '已终止',
      conflicts: '回避的专家（第十六条）', reviewOpinion: '专家评审意见', recommendedLevel: '建议奖项', awardLevel: '授予奖项',
      prize: '奖金（元）', fraud: '弄虚作假（第十八条）', revokedOn: '撤销奖励日期',
      stageRule: '漯政〔2021〕22号 第十二条：资格审查、专家评审、实地考察、公示（不少于5个工作日）、市政府批准。'
    },
    en: {
      title: 'Deadline supervision', 'nav.work': 'My work', 'nav.cases': 'Cases', 'nav.stats': 'Statistics', 'nav.calendar': 'Calendar', 'nav.quarantine': 'Quarantine',
      procedure: 'Procedure', state: 'State', light: 'Light', all: 'All', filter: 'Filter', id: 'Case', name: 'Title', agency: 'Agency',
      due: 'Due', green: 'Green', yellow: 'Yellow', red: 'Red', grey: 'Grey (closed)', total: 'Total', cases: 'cases',
      deadline: 'Deadline', legalBasis: 'Legal basis', explanation: 'How the deadline was computed', provisional: 'Provisional (holiday schedule not yet published)',
      timeline: 'Timeline', documents: 'Documents', none: 'None', late: 'Decided late', onTime: 'Decided on time', back: 'Back to list',
      responsible: 'Responsible', warningFrom: 'Warning from', outcome: 'Outcome', stats: 'On-time statistics', onTimeRate: 'On-time rate',
      overdue: 'Overdue', closedWithLimit: 'Closed with a legal limit', ranking: 'Ranking', byProcedure: 'By procedure', byAgency: 'By agency',
      digests: 'Daily digests', notifications: "Today's notifications", status: 'Status', message: 'Message', calendar: 'Legal working-day calendar',
      restDay: 'Rest day', makeUp: 'Make-up working day', weekend: 'Weekend', provisionalYear: 'Provisional: the State Council has not published this year\'s holidays; derived by rule',
      officialYear: 'Official', needKey: 'Sign in first (LocalHost: choose a development identity).', signIn: 'Sign in', signOut: 'Sign out', open: 'Open', show: 'Show',
      search: 'Search (name, USCC or case id)', prev: 'Previous', next: 'Next', pageOf: 'Page {0} of {1}',
      mine: 'Waiting for me', actions: 'Act', confirm: 'Confirm', cancel: 'Cancel', confirmAsk: 'Take this decision? It cannot be taken back.',
      submit: 'Submit', required: 'required', accepted: 'Sent; being recorded…', recorded: 'Recorded.', conflict: 'Another decision came first; reload the case: ',
      caseData: 'Case data', parties: 'Parties', missing: 'Missing materials', licence: 'Business licence', paused: 'Clock paused',
      pausedNote: 'The correction period does not count (Decree 746 Art. 19 para 2); the clock restarts when the applicant resubmits.',
      coal: 'Coal substitution Q', achieved: 'Achieved', notYetAchieved: 'not yet achieved; from', gate40: '40 % needed before review', quarantine: 'Quarantined files', report: 'Error report',
      devSignIn: 'Development sign-in (LocalHost only)', chooseIdentity: 'Choose a development identity', signedInAs: 'Signed in as', lines: 'one a line', yes: 'Yes', noChoice: 'Choose',
      attachments: 'Attachments', attachmentsHint: 'PDF, OFD, images or office files; downloaded to read, never opened in this page.',
      byAgencyMonth: 'by agency and month', overdueTrend: 'Overdue trend (by month)', coalProgress: 'Coal substitution progress', coalQ: 'Substitution Q',
      retrofitShares: 'Key units retrofitting, by county', countyShare: 'Cumulative share', requiredShare: 'Required (30/80/100 %)', secured: 'Sources secured',
      targets: 'Year-end cumulative targets', notEvaluated: 'No year end evaluated yet.', shortfall: 'short by',
      factoryRanking: 'Half-yearly ranking (floor area, subsidised area, land-saving rate 50:30:20)', place: 'Place', county: 'County (zone)',
      totalArea: 'Floor area (m²)', subsidisedArea: 'Subsidised area (m²)', landSaving: 'Land-saving rate', score: 'Score',
      'outcome.rewarded': 'Rewarded', 'outcome.neutral': '—', 'outcome.criticised': 'Criticised, land quota deducted',
      subsidies: 'Subsidies by floor', building: 'Building', subsidyYuan: 'Subsidy (yuan)', sum: 'Total', notRanked: 'Not ranked yet.',
      barometer: "The region's monthly barometer (dual control of energy, coal total)", month: 'Month', redStreak: 'Consecutive red months',
      restriction: "Restriction of the region's energy reviews (3 red months)",
      annualSuspension: "Energy reviews suspended (last year's targets missed)",
      inForce: 'In force', notInForce: 'Not in force', missedYears: 'years missed',
      barometerRule: "豫政办〔2021〕65号 (18): 2 consecutive red months bring a reminder, 3 the region's restriction; "
        + 'a missed year suspends energy reviews (livelihood and infrastructure projects excepted).',
      pricePublication: 'Proxy price publication', publishBy: 'Publish by', publishedAt: 'Publication recorded',
      publishedLate: 'Published late', publishedOnTime: 'Published on time', notPublished: 'Not published yet',
      purchasePrice: 'Proxy purchase price (yuan/kWh)', userPrice: 'User price (yuan/kWh)',
      publicationRule: '发改办价格〔2021〕809号 2(5): computed monthly, published at least 3 days before, '
        + 'through service halls and online, applied the next month.',
      quarterChoice: 'Quarterly choice to trade directly', gridCompany: 'Grid company', proxyFrom: 'Under proxy from',
      multiplier: 'Proxy price multiplier',
      choiceWindow: "This quarter's window", closesOn: 'closes', noWindow: 'No window open', choiceOn: 'Chosen on',
      directFrom: 'Trades directly from',
      choiceRule: "发改办价格〔2021〕809号 2(6): a user may choose, before the quarter's last 15 days, to trade directly from the next quarter.",
      awardQuota: "The round's awards against each level's quota", awarded: 'approved', slate: 'slate',
      publicityWindow: 'Publicity of the results',
      openObjections: 'objections awaiting a ruling', notPublicized: 'Not publicized yet.',
      diagnosis: 'Energy diagnosis of a stock two-high project (at least once in five years)', owner: 'Owner', industry: 'Industry',
      energyTce: 'Annual energy use (tce)', projectStatus: 'Project status', 'status.planned': 'Planned',
      'status.underConstruction': 'Under construction', 'status.operating': 'Operating', operatingSince: 'Operating since',
      lastDiagnosis: 'Last energy diagnosis', diagnosisDue: 'Next diagnosis due', diagnosisOverdue: 'Overdue',
      awaitingOperation: 'Starts with operation', diagnosesRecorded: 'Diagnoses recorded', delisted: 'Removed from the list',
      diagnosisRule: '豫政办〔2021〕65号 (10): operating stock two-high projects are encouraged to have an energy diagnosis and '
        + 'cleaner production assessment, in principle at least once in five years.',
      applicationStages: "The application's review for the mayor's patent award", 'stage.qualification': 'Qualification',
      'stage.review': 'Expert review', 'stage.site': 'Site visit', 'stage.publicity': 'Publicity and objections',
      'stage.approval': 'Approval and award', 'stageStatus.done': 'done', 'stageStatus.current': 'in progress',
      'stageStatus.pending': 'not started', 'stageStatus.stopped': 'stopped', conflicts: 'Experts withdrawn (Art. 16)',
      reviewOpinion: "The review group's opinion", recommendedLevel: 'Recommended level', awardLevel: 'Level awarded',
      prize: 'Prize (yuan)', fraud: 'Fraud (Art. 18)', revokedOn: 'Award revoked on',
      stageRule: '漯政〔2021〕22号 Art. 12: qualification, expert review, site visit, publicity (at least 5 working days), '
        + "the city government's approval."
    }
  };

  var lang = localStorage.getItem('workflows.lang') || 'zh';
  var view = document.getElementById('view');
  var errorBox = document.getElementById('error');
  var labels = {};
  var divisions = { divisions: {}, authorities: {} };
  var local = false;

  function t(key) { return (I18N[lang] && I18N[lang][key]) || I18N.zh[key] || key; }
  function fmt(key) { var args = [].slice.call(arguments, 1); return t(key).replace(/\{(\d)\}/g, function (_, i) { return args[+i]; }); }
  function esc(s) { return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  // A code's text from labels.json (Chinese first); the code itself only when the file has none.
  function label(section, code) { var e = labels[section] && labels[section][code]; return e ? (e[lang] || e.zh) : code; }
  // Roles arrive as enum names (RegistrationOfficer) or camelCase (registrationOfficer); labels.json keys are camelCase.
  function roleName(role) { return role ? label('roles', String(role).charAt(0).toLowerCase() + String(role).substring(1)) : ''; }
  function agencyName(code, procedure) {
    var d = divisions.divisions[code];
    if (!d) return code;
    var energy = /^(coal|retrofit|two-high|proxy-power)/.test(procedure || '');
    var a = divisions.authorities[energy ? 'energy' : 'market'];
    return lang === 'zh' ? d.zh + (a ? a.zh : '') : (a ? a.en + ', ' : '') + d.en;
  }
  function lightDot(light) { return '<span class="light light-' + esc(light) + '" aria-hidden="true"></span><span class="light-label">' + esc(t(light)) + '</span>'; }
  // China time whatever the browser's zone: legal time is Asia/Shanghai (UTC+8, no DST).
  function when(s) { if (!s) return ''; var d = new Date(s); return isNaN(d) ? s : d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', hour12: false }) + (lang === 'zh' ? '（北京时间）' : ' (China time)'); }

  function headers(extra) {
    var h = { 'Accept': 'application/json', 'Accept-Language': lang === 'zh' ? 'zh-CN, en;q=0.5' : 'en, zh-CN;q=0.5' };
    var k = local ? localStorage.getItem('workflows.apiKey') : null;
    if (k) h['X-Api-Key'] = k;
    Object.keys(extra || {}).forEach(function (n) { h[n] = extra[n]; });
    return h;
  }
  function showError(msg) { errorBox.textContent = msg; errorBox.hidden = !msg; }

  function problemError(r) {
    return r.json().catch(function () { return {}; }).then(function (p) {
      var e = new Error((p.title || r.status) + (p.detail ? '：' + p.detail : ''));
      e.status = r.status; e.problem = p;
      throw e;
    });
  }

  function api(path) {
    return fetch(path, { headers: headers(), credentials: 'same-origin' }).then(function (r) {
      if (r.status === 401) { renderSignIn(); throw new Error(t('needKey')); }
      return r.ok ? r.json() : problemError(r);
    });
  }

  function send(path, body) {
    return fetch(path, { method: 'POST', headers: headers({ 'Content-Type': 'application/json' }), credentials: 'same-origin', body: JSON.stringify(body) })
      .then(function (r) { return r.ok ? r.json() : problemError(r); });
  }

  // An event with its documents: multipart/form-data, the event JSON in the part "event", each file a part "files"
  // (the browser writes the boundary; the server checks each file as every upload is checked).
  function sendWithFiles(path, body, files) {
    var form = new FormData();
    form.append('event', JSON.stringify(body));
    files.forEach(function (f) { form.append('files', f, f.name); });
    return fetch(path, { method: 'POST', headers: headers(), credentials: 'same-origin', body: form })
      .then(function (r) { return r.ok ? r.json() : problemError(r); });
  }

  // The one client function for lists: the 待办 and the case list both page through /api/worklist (filters, light
  // counts, urgency order). Switching to another list API changes only this function.
  function fetchCasePage(filters, page) {
    var q = new URLSearchParams();
    Object.keys(filters).forEach(function (k) { if (filters[k]) q.set(k, filters[k]); });
    q.set('page', String(page || 1));
    q.set('pageSize', '20');
    return api('/api/worklist?' + q.toString());
  }

  // Downloads an authenticated file (document, digest): the bytes are saved, never opened in this origin.
  function fileName(r, fallback) {
    var m = /filename\*=UTF-8''([^;]+)/i.exec(r.headers.get('Content-Disposition') || '');
    return m ? decodeURIComponent(m[1]) : fallback;
  }

  function downloadFile(path, fallbackName) {
    fetch(path, { headers: headers(), credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      var name = fileName(r, fallbackName);
      return r.arrayBuffer().then(function (bytes) { return { name: name, bytes: bytes }; });
    }).then(function (file) {
      var url = URL.createObjectURL(new Blob([file.bytes], { type: 'application/octet-stream' }));
      var a = document.createElement('a');
      a.href = url; a.download = file.name || 'download'; a.rel = 'noopener';
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 0);
    }).catch(function (e) { showError(e.message); });
  }

  function applyStaticText() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
    document.querySelectorAll('[data-i18n]').forEach(function (n) { n.textContent = t(n.getAttribute('data-i18n')); });
    document.getElementById('lang').textContent = lang === 'zh' ? 'English' : '中文';
  }

  function parseHash() {
    var h = location.hash.replace(/^#/, '') || '/work';
    var q = h.indexOf('?');
    return { parts: (q < 0 ? h : h.substring(0, q)).split('/').filter(Boolean), params: new URLSearchParams(q < 0 ? '' : h.substring(q + 1)) };
  }

  // One render at a time, in the order the hash changed: a slow page (the worklist after signing in) must not finish
  // after, and overwrite, the page navigated to next. Each render reads the hash when it starts.
  var rendering = Promise.resolve();
  function route() {
    rendering = rendering.then(renderRoute, renderRoute);
    return rendering;
  }

  function renderRoute() {
    showError('');
    applyStaticText();
    var r = parseHash(), top = r.parts[0] === 'case' ? 'cases' : r.parts[0];
    document.querySelectorAll('header nav a').forEach(function (a) { a.classList.toggle('active', a.getAttribute('href') === '#/' + top); });
    var p = r.parts[0] === 'case' ? renderCase(decodeURIComponent(r.parts[1] || ''))
      : r.parts[0] === 'stats' ? renderStats(r.params)
      : r.parts[0] === 'calendar' ? renderCalendar()
      : r.parts[0] === 'quarantine' ? renderQuarantine()
      : r.parts[0] === 'sign-in' ? renderSignIn()
      : renderList(r.parts[0] === 'cases' ? 'cases' : 'work', r.params);
    return Promise.resolve(p).catch(function (e) { showError(e.message); });
  }

  function options(values, selected, text) {
    return ['<option value="">' + esc(t('all')) + '</option>'].concat(values.map(function (v) {
      return '<option value="' + esc(v) + '"' + (selected === v ? ' selected' : '') + '>' + esc(text(v)) + '</option>';
    })).join('');
  }

  var FILTERS = ['q', 'procedure', 'state', 'light', 'agency'];

  function renderList(kind, params) {
    var filters = { mine: kind === 'work' ? 'true' : 'false' };
    FILTERS.forEach(function (k) { filters[k] = params.get(k) || ''; });
    var page = parseInt(params.get('page') || '1', 10) || 1;
    return fetchCasePage(filters, page).then(function (res) {
      var lastPage = Math.max(1, Math.ceil(res.total / res.pageSize));
      var counts = ['red', 'yellow', 'green', 'grey'].map(function (l) {
        return '<a class="count count-' + l + '" id="count-' + l + '" href="' + hashFor(kind, filters, { light: l }) + '">' + lightDot(l) + ' <strong>' + (res.lights[l] || 0) + '</strong></a>';
      }).join('');
      var rows = res.items.map(function (c) {
        return '<tr class="case-row" data-light="' + esc(c.light) + '"><td>' + lightDot(c.light) + '</td>' +
          '<td><a class="case-link" href="#/case/' + encodeURIComponent(c.id) + '">' + esc(c.id) + '</a></td>' +
          '<td>' + esc(c.title) + '</td><td>' + esc(label('procedures', c.procedure)) + '</td><td>' + esc(label('states', c.state)) +
          (c.late ? ' <span class="late">' + esc(t('late')) + '</span>' : '') + '</td>' +
          '<td>' + esc(c.deadline ? c.deadline.due : '') + '</td><td>' + esc(agencyName(c.agency, c.procedure)) + '</td></tr>';
      }).join('');
      view.innerHTML = '<h2>' + esc(t(kind === 'work' ? 'mine' : 'nav.cases')) + '</h2><p class="counts" id="light-counts">' + counts + '</p>' +
        '<form class="filters" id="filters">' +
        '<label class="grow">' + esc(t('search')) + '<br><input id="filter-q" type="search" value="' + esc(filters.q) + '"></label>' +
        '<label>' + esc(t('procedure')) + '<br><select id="filter-procedure">' + options(res.procedures, filters.procedure, function (v) { return label('procedures', v); }) + '</select></label>' +
        '<label>' + esc(t('state')) + '<br><select id="filter-state">' + options(Object.keys(labels.states || {}), filters.state, function (v) { return label('states', v); }) + '</select></label>' +
        '<label>' + esc(t('light')) + '<br><select id="filter-light">' + options(['red', 'yellow', 'green', 'grey'], filters.light, t) + '</select></label>' +
        '<label>' + esc(t('agency')) + '<br><select id="filter-agency">' + options(Object.keys(divisions.divisions), filters.agency, function (v) { return divisions.divisions[v][lang] || v; }) + '</select></label>' +
        '<button id="apply-filters" type="submit">' + esc(t('filter')) + '</button>' +
        '<span id="case-count">' + esc(t('total')) + ' ' + res.total + ' ' + esc(t('cases')) + '</span></form>' +
        '<div class="table-wrap"><table id="case-table"><thead><tr><th>' + esc(t('light')) + '</th><th>' + esc(t('id')) + '</th><th>' + esc(t('name')) + '</th><th>' +
        esc(t('procedure')) + '</th><th>' + esc(t('state')) + '</th><th>' + esc(t('due')) + '</th><th>' + esc(t('agency')) + '</th></tr></thead><tbody>' + rows + '</tbody></table></div>' +
        '<nav class="pager" aria-label="pager">' +
        (page > 1 ? '<a id="page-prev" href="' + hashFor(kind, filters, { page: String(page - 1) }) + '">← ' + esc(t('prev')) + '</a>' : '') +
        ' <span id="page-info">' + esc(fmt('pageOf', res.page, lastPage)) + '</span> ' +
        (page < lastPage ? '<a id="page-next" href="' + hashFor(kind, filters, { page: String(page + 1) }) + '">' + esc(t('next')) + ' →</a>' : '') + '</nav>';
      document.getElementById('filters').addEventListener('submit', function (ev) {
        ev.preventDefault();
        var chosen = {};
        FILTERS.forEach(function (k) { chosen[k] = document.getElementById('filter-' + k).value.trim(); });
        location.hash = hashFor(kind, chosen, {});
      });
    });
  }

  function hashFor(kind, filters, change) {
    var q = new URLSearchParams();
    FILTERS.concat(['page']).forEach(function (k) { var v = k in change ? change[k] : (k === 'page' ? '' : filters[k]); if (v) q.set(k, v); });
    return '#/' + kind + (q.toString() ? '?' + q.toString() : '');
  }

  // ---- the case page -------------------------------------------------------------------------------------------

  function deadlineCard(c) {
    var d = c.deadline;
    if (!d && c.state === 'awaiting-correction') {
      return '<div class="card paused" id="deadline"><h3>' + esc(t('deadline')) + '：<span id="clock-paused">' + esc(t('paused')) + '</span></h3><p>' + esc(t('pausedNote')) + '</p></div>';
    }

    if (!d) return '';
    return '<div class="card" id="deadline"><h3>' + esc(t('deadline')) + '：' + esc(d.label) + '</h3>' +
      '<p>' + lightDot(c.light) + ' ' + esc(t('due')) + ' <strong id="deadline-due">' + esc(d.due) + ' 24:00' + (lang === 'zh' ? '（北京时间）' : ' (China time)') + '</strong>' +
      (d.provisional ? ' <span class="provisional-note">（' + esc(t('provisional')) + '）</span>' : '') + '</p>' +
      '<p>' + esc(t('legalBasis')) + '：<span id="legal-basis">' + esc(d.legalBasis) + '</span> · ' + esc(t('responsible')) + '：' + esc(roleName(d.responsibleRole)) +
      (d.warningFrom ? ' · ' + esc(t('warningFrom')) + '：' + esc(d.warningFrom) : '') + '</p>' +
      '<h4>' + esc(t('explanation')) + '</h4><ol class="explanation" id="explanation">' +
      // The server renders the explanation in the language this page asked for (Accept-Language, issue 16 item 4).
      (c.deadlineExplanation || d.explanation || []).map(function (line) { return '<li>' + esc(line) + '</li>'; }).join('') + '</ol></div>';
  }

  // Case data as the server shaped it for this caller (masked unless the responsible officer): a nested definition list.
  function dataList(value, depth) {
    if (value == null || typeof value !== 'object') return esc(value);
    if (Array.isArray(value)) return value.length === 0 ? esc(t('none')) : '<ul>' + value.map(function (v) { return '<li>' + dataList(v, depth + 1) + '</li>'; }).join('') + '</ul>';
    if (depth > 4) return esc(JSON.stringify(value));
    return '<dl class="data">' + Object.keys(value).map(function (k) {
      return '<dt>' + esc(label('fields', k)) + '</dt><dd>' + dataList(value[k], depth + 1) + '</dd>';
    }).join('') + '</dl>';
  }

  // Coal substitution (Henan measures Art. 15): Q with two bars — secured (落实: every source booked to the project) and
  // actually achieved (实际完成: the booked sources whose reduction has happened by today, from the ledger) — and the
  // 40 % that must be achieved before review.
  function coalCard(c) {
    var data = c.data;
    var q = data && data.substitution && data.substitution.substitutionTonnes;
    if (!q) return '';
    var secured = data.achievedTonnes || 0, share = Math.round(secured / q * 1000) / 10;
    return '<div class="card" id="coal-progress" data-case="' + esc(c.id) + '"><h3>' + esc(t('coal')) + ' Q = ' + q + ' t</h3>' +
      '<label>' + esc(t('secured')) + ' <span id="coal-secured">' + secured + '</span> t（' + share + '%）<br>' +
      '<progress id="coal-secured-bar" max="' + q + '" value="' + Math.min(secured, q) + '">' + share + '%</progress></label><br>' +
      '<label>' + esc(t('achieved')) + ' <span id="coal-achieved">…</span> t（<span id="coal-achieved-share">…</span>）<br>' +
      '<progress id="coal-bar" max="' + q + '" value="0"></progress></label>' +
      '<p><small>' + esc(t('gate40')) + '：' + (data.requiredBeforeReview || q * 0.4) + ' t</small></p><ul id="coal-sources"></ul></div>';
  }

  function fillCoalCard() {
    var card = document.getElementById('coal-progress');
    if (!card) return;
    api('/api/coal-projects/' + encodeURIComponent(card.getAttribute('data-case')) + '/sources').then(function (s) {
      var q = s.substitutionTonnes || 1, achieved = s.achievedTonnes;
      document.getElementById('coal-achieved').textContent = achieved;
      document.getElementById('coal-achieved-share').textContent = (Math.round(achieved / q * 1000) / 10) + '%';
      var bar = document.getElementById('coal-bar');
      bar.textContent = Math.round(achieved / q * 100) + '%';
      bar.setAttribute('value', String(Math.min(achieved, q)));
      document.getElementById('coal-sources').innerHTML = s.sources.map(function (x) {
        return '<li class="coal-source" data-achieved="' + x.achieved + '">' + esc(x.sourceId) + ' ' + esc(x.description || '') + '：' + x.tonnes + ' t · ' +
          esc(x.achieved ? t('achieved') : t('notYetAchieved') + ' ' + x.achievedFrom) + '</li>';
      }).join('');
    }).catch(function () { /* the card keeps what the case data shows */ });
  }

  // Retrofit programme: the 30/80/100 % year-end targets and, per evaluated year end, each county's cumulative share
  // of key units retrofitting against the target (漯节减办〔2021〕7号 三), as <meter> bars (no inline style under the CSP).
  function retrofitCard(data) {
    if (!data || !data.checkpoints || !data.results) return '';
    var targets = data.checkpoints.map(function (k) { return '<li>' + esc(k.year) + '：' + esc(pct(k.cumulativeShare)) + '</li>'; }).join('');
    var years = data.results.map(function (r) {
      return '<h4>' + esc(r.result.year) + '（' + esc(t('requiredShare')) + ' ' + esc(pct(r.result.requiredCumulativeShare)) + '）</h4><ul class="bars">' +
        r.result.counties.map(function (k) {
          return '<li class="county-share" data-met="' + (k.met ? 'true' : 'false') + '"><span class="bar-key">' + esc(k.county) + '</span>' +
            '<meter min="0" max="1" low="' + k.requiredCumulativeShare + '" optimum="1" value="' + k.share + '">' + esc(pct(k.share)) + '</meter> ' +
            esc(pct(k.share)) + ' / ' + esc(pct(k.requiredCumulativeShare)) + ' · ' + k.startedByYearEnd + '/' + k.units + (k.met ? '' : ' <span class="late">' + esc(t('shortfall')) + ' ' + k.shortfall + '</span>') + '</li>';
        }).join('') + '</ul>';
    }).join('');
    return '<div class="card" id="retrofit-shares"><h3>' + esc(t('retrofitShares')) + '</h3><p>' + esc(t('targets')) + '</p><ul id="retrofit-targets">' + targets + '</ul>' +
      (years || '<p>' + esc(t('notEvaluated')) + '</p>') + '</div>';
  }

  // Standard factories (漯政〔2021〕17号): the round's ranking of the counties (二(二), weighted 50:30:20; first three
  // rewarded, last two criticised) and a county's subsidies per floor (二(一)).
  function factoryRoundCard(data) {
    if (!data || !data.halfYear || !data.submissions) return '';
    var r = data.ranking;
    var rows = r ? r.counties.map(function (k) {
      return '<tr class="factory-rank" data-outcome="' + esc(k.outcome) + '"><td>' + k.rank + '</td><td>' + esc(k.countyName) + '</td><td>' +
        esc(k.figures.totalAreaSquareMetres) + '</td><td>' + esc(k.figures.subsidisedAreaSquareMetres) + '</td><td>' + esc(pct(k.figures.landSavingRate)) +
        '</td><td>' + esc(k.score) + '</td><td>' + esc(t('outcome.' + k.outcome)) + '</td></tr>';
    }).join('') : '';
    return '<div class="card" id="factory-ranking"><h3>' + esc(data.halfYear) + ' · ' + esc(t('factoryRanking')) + '</h3>' +
      (r ? '<div class="table-wrap"><table><thead><tr><th>' + esc(t('place')) + '</th><th>' + esc(t('county')) + '</th><th>' + esc(t('totalArea')) +
        '</th><th>' + esc(t('subsidisedArea')) + '</th><th>' + esc(t('landSaving')) + '</th><th>' + esc(t('score')) + '</th><th>' + esc(t('outcome')) +
        '</th></tr></thead><tbody>' + rows + '</tbody></table></div><p><small>' + esc(r.article) + '</small></p>' : '<p>' + esc(t('notRanked')) + '</p>') + '</div>';
  }

  function factorySubmissionCard(data) {
    var a = data && data.countyId && data.assessment;
    if (!a) return '';
    var rows = a.buildings.map(function (b) {
      return '<tr><td>' + esc(b.projectName) + '</td><td>' + esc(b.totalAreaSquareMetres) + '</td><td>' + esc(b.subsidisedAreaSquareMetres) + '</td><td>' +
        esc(b.yuan) + '</td></tr>';
    }).join('');
    return '<div class="card" id="factory-subsidies"><h3>' + esc(data.countyName) + ' ' + esc(data.halfYear) + ' · ' + esc(t('subsidies')) + '</h3>' +
      '<div class="table-wrap"><table><thead><tr><th>' + esc(t('building')) + '</th><th>' + esc(t('totalArea')) + '</th><th>' + esc(t('subsidisedArea')) +
      '</th><th>' + esc(t('subsidyYuan')) + '</th></tr></thead><tbody>' + rows + '<tr class="sum"><th>' + esc(t('sum')) + '</th><td>' +
      esc(a.totalAreaSquareMetres) + '</td><td>' + esc(a.subsidisedAreaSquareMetres) + '</td><td id="factory-subsidy-total">' + esc(a.subsidyYuan) +
      '</td></tr></tbody></table></div><p>' + esc(t('landSaving')) + '：' + esc(pct(a.landSavingRate)) + '</p></div>';
  }

  // Two-high (豫政办〔2021〕65号（十八）): the region's monthly 晴雨表 lights, the run of red months (2 → reminder,
  // 3 → 限批 of the region's energy reviews) and the suspensions in force (限批; a missed year's suspension).
  function twoHighRegionCard(data) {
    if (!data || !data.city || !Array.isArray(data.months)) return '';
    var rows = data.months.map(function (m) {
      return '<tr class="barometer-month" data-light="' + esc(m.light) + '"><td>' + esc(m.month) + '</td><td>' + lightDot(m.light) +
        '</td></tr>';
    }).join('') || '<tr><td colspan="2">' + esc(t('none')) + '</td></tr>';
    var missed = data.missedYears || [];
    return '<div class="card" id="two-high-barometer"><h3>' + esc(t('barometer')) + '</h3>' +
      '<div class="table-wrap"><table><thead><tr><th>' + esc(t('month')) + '</th><th>' + esc(t('light')) + '</th></tr></thead><tbody>' +
        rows +
      '</tbody></table></div><p>' + esc(t('redStreak')) + '：<strong id="two-high-streak">' + esc(data.consecutiveRed || 0) +
        '</strong></p>' +
      '<p id="two-high-restriction" data-restricted="' + (data.restrictionId ? 'true' : 'false') + '">' + esc(t('restriction')) + '：' +
      (data.restrictionId ? '<span class="late">' + esc(t('inForce')) + '</span>' : esc(t('notInForce'))) + '</p>' +
      '<p id="two-high-annual" data-suspended="' + (data.annualSuspensionId ? 'true' : 'false') + '">' + esc(t('annualSuspension')) + '：' +
      (data.annualSuspensionId ? '<span class="late">' + esc(t('inForce')) + '</span>' : esc(t('notInForce'))) +
      (missed.length ? '（' + esc(t('missedYears')) + ' ' + esc(missed.join('、')) + '）' : '') + '</p>' +
      '<p><small>' + esc(t('barometerRule')) + '</small></p></div>';
  }

  // Proxy power purchase (发改办价格〔2021〕809号): a grid company's price publication for a month (二(五), at least 3
  // days before the month), and a user's quarter choice window (二(六), by 15 days before the quarter's last day).
  function powerPublicationCard(data) {
    if (!data || data.kind !== 'price-publication' || !data.gridId) return '';
    var p = data.publication;
    return '<div class="card" id="power-publication" data-published="' + (p ? 'true' : 'false') + '"><h3>' + esc(data.gridName) + ' · ' +
      esc(data.period) + ' · ' +
      esc(t('pricePublication')) + '</h3><dl class="data">' +
      '<dt>' + esc(t('publishBy')) + '</dt><dd id="power-due">' + esc(data.dueOn || '—') + '</dd>' +
      '<dt>' + esc(t('publishedAt')) + '</dt><dd id="power-recorded">' + (data.recordedUtc ? esc(when(data.recordedUtc)) +
        (data.late ? ' <span class="late">' + esc(t('publishedLate')) + '</span>' : ' ' +
          esc(t('publishedOnTime'))) : esc(t('notPublished'))) + '</dd>' +
      (p ? '<dt>' + esc(t('purchasePrice')) + '</dt><dd id="power-purchase-price">' + esc(p.purchasePriceYuanPerKwh) + '</dd>' +
        '<dt>' + esc(t('userPrice')) + '</dt><dd id="power-user-price">' + esc(p.userPriceYuanPerKwh) + '</dd>' : '') +
      '</dl><p><small>' + esc(t('publicationRule')) + '</small></p></div>';
  }

  function proxyUserCard(data) {
    if (!data || !data.userUscc || !data.gridId) return '';
    var open = !!data.window && !!data.windowClosesOn;
    return '<div class="card" id="proxy-choice" data-window-open="' + (open ? 'true' : 'false') + '"><h3>' + esc(data.userName) + ' · ' +
      esc(t('quarterChoice')) + '</h3><dl class="data">' +
      '<dt>' + esc(t('gridCompany')) + '</dt><dd>' + esc(data.gridName) + '</dd>' +
      '<dt>' + esc(t('proxyFrom')) + '</dt><dd id="proxy-from">' + esc(data.proxyFrom || '—') + '</dd>' +
      '<dt>' + esc(t('multiplier')) + '</dt><dd id="proxy-multiplier">' + esc(data.multiplier) + '</dd>' +
      '<dt>' + esc(t('choiceWindow')) + '</dt><dd id="proxy-window">' + (open ? esc(data.window) + ' · ' + esc(t('closesOn')) +
        ' <strong id="proxy-window-closes">' +
        esc(data.windowClosesOn) + '</strong>' : esc(t('noWindow'))) + '</dd>' +
      (data.choiceOn ? '<dt>' + esc(t('choiceOn')) + '</dt><dd id="proxy-choice-on">' + esc(data.choiceOn) + '</dd>' : '') +
      (data.directFrom ? '<dt>' + esc(t('directFrom')) + '</dt><dd id="proxy-direct-from">' + esc(data.directFrom) + '</dd>' : '') +
      '</dl><p><small>' + esc(t('choiceRule')) + '</small></p></div>';
  }

  // The mayor's patent award (漯政〔2021〕22号): the round's awards used of each level's quota (第五条: 3 gold, 5 silver,
  // 10 excellence, from the rule table itself) and the publicity window (第十二条(六), at least 5 working days).
  function patentRoundCard(data, rules) {
    if (!data || !data.year || !rules || !rules.levels) return '';
    var entries = data.awards || data.slate || [];
    var rows = rules.levels.map(function (l) {
      var used = entries.filter(function (e) { return e.level === l.code; }).length;
      return '<li class="award-quota" data-level="' + esc(l.code) + '" data-used="' + used + '" data-max="' + l.maxPerRound +
        '"><span class="bar-key">' +
        esc(lang === 'zh' ? l.zh : l.en) + '</span><meter min="0" max="' + l.maxPerRound + '" value="' + used + '">' + used + '/' +
          l.maxPerRound + '</meter> ' +
        used + ' / ' + l.maxPerRound + '</li>';
    }).join('');
    var open = (data.objections || []).filter(function (o) { return o.upheld == null; }).length;
    return '<div class="card" id="patent-round"><h3>' + esc(data.year) + ' · ' + esc(t('awardQuota')) + '（' +
      esc(data.awards ? t('awarded') : t('slate')) + '）</h3>' +
      '<ul class="bars">' + rows + '</ul><p><small>' + esc(rules.sourceDocument + ' ' + rules.levelsArticle) + '</small></p>' +
      '<h4>' + esc(t('publicityWindow')) + '</h4><p id="patent-publicity">' + (data.publishedOn ? esc(data.publishedOn) + ' — ' +
        esc(data.publicityEnds || '…') +
        ' · ' + esc(t('openObjections')) + ' ' + open : esc(t('notPublicized'))) + '</p><p><small>' + esc(rules.sourceDocument + ' ' +
          rules.publicity.article) + '</small></p></div>';
  }

  // A listed two-high project (豫政办〔2021〕65号（十）): once operating, an energy diagnosis at least once in five years
  // from the last one (or the start of operation); the day due, red once missed; a planned project waits for operation.
  function twoHighProjectCard(c) {
    var data = c.data, l = data && data.listing;
    if (!l || !l.projectName || !l.ownerUscc) return '';
    var diagnoses = (data.diagnoses || []).slice().sort();
    var last = diagnoses.length ? diagnoses[diagnoses.length - 1] : l.lastDiagnosisOn;
    var overdue = c.state === 'overdue';
    var due = data.diagnosisDueOn ? esc(data.diagnosisDueOn) + (overdue ? ' <span class="late">' + esc(t('diagnosisOverdue')) +
      '</span>' : '')
      : esc(c.state === 'awaiting-operation' ? t('awaitingOperation') : '—');
    return '<div class="card" id="two-high-project" data-overdue="' + (overdue ? 'true' : 'false') + '"><h3>' + esc(l.projectName) + ' · ' +
      esc(t('diagnosis')) + '</h3><dl class="data">' +
      '<dt>' + esc(t('owner')) + '</dt><dd>' + esc(l.ownerName) + '</dd>' +
      '<dt>' + esc(t('industry')) + '</dt><dd>' + esc(l.industry) + '</dd>' +
      '<dt>' + esc(t('energyTce')) + '</dt><dd>' + esc(l.annualEnergyTce) + '</dd>' +
      '<dt>' + esc(t('projectStatus')) + '</dt><dd id="two-high-project-status">' + esc(t('status.' + l.status)) + '</dd>' +
      (l.operatingSince ? '<dt>' + esc(t('operatingSince')) + '</dt><dd id="two-high-operating">' + esc(l.operatingSince) + '</dd>' : '') +
      '<dt>' + esc(t('lastDiagnosis')) + '</dt><dd id="two-high-last-diagnosis">' + esc(last || '—') + '</dd>' +
      '<dt>' + esc(t('diagnosisDue')) + '</dt><dd id="two-high-diagnosis-due">' + due + '</dd>' +
      (diagnoses.length ? '<dt>' + esc(t('diagnosesRecorded')) + '</dt><dd id="two-high-diagnoses">' + esc(diagnoses.join('、')) +
        '</dd>' : '') +
      (data.delistReason ? '<dt>' + esc(t('delisted')) + '</dt><dd>' + esc(data.delistReason) + '</dd>' : '') +
      '</dl><p><small>' + esc(t('diagnosisRule')) + '</small></p></div>';
  }

  // A patent award application (漯政〔2021〕22号 第十二条): its stage among qualification (三), expert review (四, experts
  // with a declared interest withdraw, 第十六条), site visit (五), publicity and objections (六) and approval (七, 第十三条);
  // fraud (第十八条) stops it before the award, or revokes the award after it.
  var APPLICATION_STAGES = ['qualification', 'review', 'site', 'publicity', 'approval'];
  var APPLICATION_STATE_STAGE = { 'qualification-review': 0, 'expert-review': 1, 'site-visit': 2, nominated: 3, awarded: 5,
    'revocation-pending': 5, 'awaiting-recovery': 5 };
  function patentApplicationCard(c, rules) {
    var data = c.data;
    if (!data || !data.roundCaseId || !data.applicant || !data.patent) return '';
    var at = APPLICATION_STATE_STAGE[c.state];
    var stopped = at == null;
    // A closed case stops at the step it reached: refused at intake or qualification, after review, site visit or publicity.
    if (stopped) {
      var refused = /^(not-qualified|refused-barred)$/.test(c.outcome || '');
      at = data.awardedOn ? 5 : data.review ? (data.siteVisitReport ? 3 : 2) : refused ? 0 : 1;
    }
    var levelName = function (code) {
      var l = rules && rules.levels && rules.levels.filter(function (x) { return x.code === code; })[0];
      return l ? (lang === 'zh' ? l.zh : l.en) : code;
    };
    var stages = APPLICATION_STAGES.map(function (s, i) {
      var status = i < at ? 'done' : i === at ? (stopped ? 'stopped' : 'current') : 'pending';
      return '<li class="application-stage" data-stage="' + s + '" data-status="' + status + '">' + esc(t('stage.' + s)) + '：' +
        (status === 'stopped' ? '<span class="late">' + esc(t('stageStatus.' + status)) + '</span>' :
          status === 'current' ? '<strong>' + esc(t('stageStatus.' + status)) + '</strong>' : esc(t('stageStatus.' + status))) + '</li>';
    }).join('');
    var conflicts = (data.conflicts || []).map(function (x) {
      return '<li class="declared-conflict">' + esc(x.expertName) + '（' + esc(x.reason) + '）</li>';
    }).join('');
    var r = data.review;
    return '<div class="card" id="patent-application" data-state="' + esc(c.state) + '"><h3>' +
      esc(data.patent.title || data.patent.number) +
      ' · ' + esc(t('applicationStages')) + '</h3><ol class="stages">' + stages + '</ol>' +
      (conflicts ? '<h4>' + esc(t('conflicts')) + '</h4><ul id="patent-conflicts">' + conflicts + '</ul>' : '') +
      (r ? '<dl class="data"><dt>' + esc(t('reviewOpinion')) + '</dt><dd id="patent-opinion">' + esc(r.opinion) + '</dd>' +
        (r.recommendedLevel ? '<dt>' + esc(t('recommendedLevel')) + '</dt><dd id="patent-recommended">' +
          esc(levelName(r.recommendedLevel)) +
          '</dd>' : '') + '</dl>' : '') +
      (data.level && data.awardedOn ? '<p id="patent-award">' + esc(t('awardLevel')) + '：' + esc(levelName(data.level)) + ' · ' +
        esc(data.awardedOn) + (data.prizeYuan != null ? ' · ' + esc(t('prize')) + ' ' + esc(data.prizeYuan) : '') + '</p>' : '') +
      (data.fraud ? '<p id="patent-fraud" class="late">' + esc(t('fraud')) + '：' + esc(data.fraud) +
        (data.revokedOn ? '；' + esc(t('revokedOn')) + ' ' + esc(data.revokedOn) : '') + '</p>' : '') +
      '<p><small>' + esc(t('stageRule')) + '</small></p></div>';
  }

  var patentRules = null;
  function loadPatentRules() {
    patentRules = patentRules || fetch('/api/dashboard/rules/mayor-patent-award-22.json')
      .then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; });
    return patentRules;
  }

  // Materials still missing: those of the correction notice while the case waits for them (Art. 19 para 2), those
  // found at intake while it is under review; none once the case is closed.
  function registrationCard(c) {
    var data = c.data;
    if (!data || !data.application) return '';
    var missing = c.closed ? [] : c.state === 'awaiting-correction' ? (data.correctionRequested || []) : data.resubmittedOn ? [] : (data.missingMaterials || []);
    var lic = data.licence;
    return (missing.length ? '<div class="card" id="missing-materials"><h3>' + esc(t('missing')) + '</h3><ul>' +
        missing.map(function (m) { return '<li>' + esc(materialName(m)) + '</li>'; }).join('') + '</ul></div>' : '') +
      (lic ? '<div class="card" id="licence"><h3>' + esc(t('licence')) + '</h3>' + dataList(lic, 0) + '</div>' : '');
  }

  var materialNames = {};
  function materialName(code) { return materialNames[code] ? materialNames[code] + '（' + code + '）' : code; }

  function renderCase(id) {
    return Promise.all([api('/api/cases/' + encodeURIComponent(id)), api('/api/cases/' + encodeURIComponent(id) + '/actions').catch(function () { return { items: [] }; })])
      .then(function (res) {
        // A patent award round's card reads the award levels from the rule table the dashboard serves.
        return /^patent-award-/.test(res[0].procedure) ? loadPatentRules().then(function (rules) { return res.concat([rules]); }) : res;
      })
      .then(function (res) {
        var c = res[0], actions = res[1].items, rules = res[2];
        actions.forEach(function (a) { a.fields.forEach(function (f) { f.options.forEach(function (o) { materialNames[o.value] = lang === 'zh' ? o.labelZh : o.labelEn; }); }); });
        var docs = (c.documents || []).map(function (doc) {
          return '<li><a href="#" class="doc-link" data-url="' + esc(doc.url) + '">' + esc(doc.name) + '</a> (' + esc(doc.contentType) + ', ' + doc.length + ' B)</li>';
        }).join('') || '<li>' + esc(t('none')) + '</li>';
        var history = (c.history || []).map(function (h) {
          return '<li><time>' + esc(when(h.at)) + '</time><strong>' + esc(label('actions', h.action)) + '</strong> · ' + esc(h.actorName) +
            ' · ' + esc(roleName(h.actorRole)) +
            (h.article ? ' · <em>' + esc(h.article) + '</em>' : '') + (h.late ? ' <span class="late">' + esc(t('late')) + '</span>' : '') +
            '<br>' + esc(h.summaryText || h.summary) + '</li>';
        }).join('') || '<li>' + esc(t('none')) + '</li>';
        view.innerHTML = '<p><a href="#/work">← ' + esc(t('back')) + '</a></p>' +
          '<div class="card"><h2 id="case-title">' + lightDot(c.light) + ' ' + esc(c.id) + ' 《' + esc(c.title) + '》</h2>' +
          '<p>' + esc(t('procedure')) + '：' + esc(label('procedures', c.procedure)) + ' · ' + esc(t('agency')) + '：' + esc(agencyName(c.agency, c.procedure)) +
          ' · ' + esc(t('state')) + '：<span id="case-state">' + esc(label('states', c.state)) + '</span>' +
          (c.outcome ? ' · ' + esc(t('outcome')) + '：' + esc(label('outcomes', c.outcome)) : '') +
          (c.closed && c.onTime === false ? ' <span class="late">' + esc(t('late')) + '</span>' : c.closed && c.onTime ? ' ' + esc(t('onTime')) : '') + '</p></div>' +
          '<div class="card" id="actions"><h3>' + esc(t('actions')) + '</h3><div id="action-buttons"></div><div id="action-form"></div><p id="action-status" role="status"></p></div>' +
          deadlineCard(c) + registrationCard(c) + coalCard(c) + retrofitCard(c.data) + factoryRoundCard(c.data) + factorySubmissionCard(c.data) +
          twoHighRegionCard(c.data) + powerPublicationCard(c.data) + proxyUserCard(c.data) + patentRoundCard(c.data, rules) +
          twoHighProjectCard(c) + patentApplicationCard(c, rules) +
          '<div class="card" id="case-data"><h3>' + esc(t('caseData')) + '</h3>' + dataList(c.data || {}, 0) +
          (c.parties && c.parties.length ? '<h4>' + esc(t('parties')) + '</h4>' + dataList(c.parties, 0) : '') + '</div>' +
          '<div class="card"><h3>' + esc(t('documents')) + '</h3><ul id="documents">' + docs + '</ul></div>' +
          '<div class="card"><h3>' + esc(t('timeline')) + '</h3><ul class="timeline" id="timeline">' + history + '</ul></div>';
        document.getElementById('actions').hidden = actions.length === 0;
        renderActionButtons(c, actions);
        fillCoalCard();
        view.querySelectorAll('.doc-link').forEach(function (a) { a.addEventListener('click', function (ev) { ev.preventDefault(); downloadFile(a.getAttribute('data-url'), a.textContent); }); });
      });
  }

  function renderActionButtons(c, actions) {
    var box = document.getElementById('action-buttons');
    actions.forEach(function (a) {
      var b = document.createElement('button');
      b.type = 'button'; b.className = 'action'; b.id = 'action-' + a.type; b.textContent = label('events', a.type);
      b.title = a.article;
      b.addEventListener('click', function () { renderForm(c, a); });
      box.appendChild(b);
    });
  }

  function fieldInput(f) {
    var id = 'field-' + f.name, req = f.required ? ' required aria-required="true"' : '';
    var text = function (o) { return lang === 'zh' ? o.labelZh : o.labelEn; };
    switch (f.kind) {
      case 'multi': return '<fieldset id="' + id + '"><legend>' + esc(label('fields', f.name)) + (f.required ? ' *' : '') + '</legend>' + f.options.map(function (o) {
        return '<label class="option"><input type="checkbox" name="' + esc(f.name) + '" value="' + esc(o.value) + '"> ' + esc(text(o)) + '</label>';
      }).join('') + '</fieldset>';
      case 'choice': return '<select id="' + id + '"' + req + '><option value="">' + esc(t('noChoice')) + '</option>' + f.options.map(function (o) {
        return '<option value="' + esc(o.value) + '">' + esc(text(o)) + '</option>';
      }).join('') + '</select>';
      case 'textarea': case 'lines': return '<textarea id="' + id + '" rows="3"' + req + '></textarea>';
      case 'number': return '<input id="' + id + '" type="number" step="any" min="0"' + req + '>';
      case 'date': return '<input id="' + id + '" type="date"' + req + '>';
      case 'boolean': return '<input id="' + id + '" type="checkbox">';
      default: return '<input id="' + id + '" type="text"' + req + '>';
    }
  }

  function fieldValue(f) {
    var node = document.getElementById('field-' + f.name);
    switch (f.kind) {
      case 'multi': return [].slice.call(node.querySelectorAll('input:checked')).map(function (i) { return i.value; });
      case 'lines': return node.value.split(/\r?\n/).map(function (s) { return s.trim(); }).filter(Boolean);
      case 'number': return node.value === '' ? null : Number(node.value);
      case 'boolean': return node.checked;
      default: return node.value.trim();
    }
  }

  // The declared document types (Limits / DocumentTypes on the server, which checks name, stated type and content).
  var DOCUMENT_TYPES = '.pdf,.ofd,.png,.jpg,.jpeg,.gif,.tif,.tiff,.docx,.xlsx,.pptx,.doc,.xls,.ppt,.wps,.et,.dps';

  function renderForm(c, action) {
    var box = document.getElementById('action-form');
    box.innerHTML = '<form id="event-form" novalidate><h4>' + esc(label('events', action.type)) + ' <small>' + esc(action.article) + '</small></h4>' +
      action.fields.map(function (f) {
        var wrap = f.kind === 'multi' ? fieldInput(f) : '<label for="field-' + esc(f.name) + '">' + esc(label('fields', f.name)) + (f.required ? ' *' : '') +
          (f.kind === 'lines' ? '（' + esc(t('lines')) + '）' : '') + '</label><br>' + fieldInput(f);
        return '<div class="field" data-field="' + esc(f.name) + '">' + wrap + '<p class="field-error" id="error-' + esc(f.name) + '" role="alert" hidden></p></div>';
      }).join('') +
      (action.takesDocuments ? '<div class="field" data-field="files"><label for="field-files">' + esc(t('attachments')) + '</label><br>' +
        '<input id="field-files" type="file" multiple accept="' + DOCUMENT_TYPES + '"><p class="hint">' + esc(t('attachmentsHint')) + '</p>' +
        '<p class="field-error" id="error-files" role="alert" hidden></p></div>' : '') +
      '<p class="field-error" id="error-form" role="alert" hidden></p>' +
      '<div id="confirm-step" hidden><p>' + esc(t('confirmAsk')) + '</p><button type="button" id="confirm-yes">' + esc(t('confirm')) + '</button> ' +
      '<button type="button" id="confirm-no">' + esc(t('cancel')) + '</button></div>' +
      '<button type="submit" id="event-submit">' + esc(t('submit')) + '</button></form>';
    var form = document.getElementById('event-form');
    var post = function () { sendEvent(c, action); };
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (action.confirm) { document.getElementById('confirm-step').hidden = false; document.getElementById('event-submit').hidden = true; } else { post(); }
    });
    document.getElementById('confirm-yes').addEventListener('click', post);
    document.getElementById('confirm-no').addEventListener('click', function () { document.getElementById('confirm-step').hidden = true; document.getElementById('event-submit').hidden = false; });
  }

  // Server errors (problem+json: field, rule, title, detail; errors[] for several) shown beside the field they name.
  function showFieldErrors(problem) {
    document.querySelectorAll('.field-error').forEach(function (n) { n.hidden = true; n.textContent = ''; });
    var errors = problem.errors && problem.errors.length ? problem.errors : [{ field: problem.field, message: problem.detail, rule: problem.rule }];
    errors.forEach(function (e) {
      var name = String(e.field || '').replace(/^payload\./, '').replace(/\[\d+\]$/, '');
      var node = document.getElementById('error-' + name) || document.getElementById('error-form');
      node.hidden = false;
      node.textContent = (node.textContent ? node.textContent + ' ' : '') + (problem.title ? problem.title + '：' : '') + (e.message || problem.detail || '') + (e.rule ? ' [' + e.rule + ']' : '');
    });
  }

  function sendEvent(c, action) {
    var body = { type: action.type };
    action.fields.forEach(function (f) { var v = fieldValue(f); if (v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) body[f.name] = v; });
    var status = document.getElementById('action-status');
    var picker = document.getElementById('field-files');
    var files = picker ? [].slice.call(picker.files) : [];
    var path = '/api/cases/' + encodeURIComponent(c.id) + '/events';
    return (files.length ? sendWithFiles(path, body, files) : send(path, body)).then(function (accepted) {
      status.textContent = t('accepted');
      // The status URL answers once the orchestration has recorded the event (or after its wait): a signal, not a sleep.
      return api(accepted.statusUrl).catch(function () { return null; });
    }).then(function () {
      status.textContent = t('recorded');
      return renderCase(c.id);
    }).catch(function (e) {
      document.getElementById('confirm-step').hidden = true;
      document.getElementById('event-submit').hidden = false;
      if (e.status === 409) { showFieldErrors({ title: t('conflict'), detail: e.problem.detail }); return; }
      if (e.problem) { showFieldErrors(e.problem); return; }
      showError(e.message);
    });
  }

  // ---- statistics, calendar, quarantine ------------------------------------------------------------------------

  function pct(v) { return v == null ? '—' : (v * 100).toFixed(1) + '%'; }

  function statsTable(rows, keyTitle, keyText) {
    return '<div class="table-wrap"><table><thead><tr><th>' + esc(t('ranking')) + '</th><th>' + esc(keyTitle) + '</th><th>' + esc(t('onTimeRate')) + '</th><th>' + esc(t('closedWithLimit')) +
      '</th><th>' + esc(t('overdue')) + '</th><th>' + esc(t('green')) + '/' + esc(t('yellow')) + '/' + esc(t('red')) + '/' + esc(t('grey')) + '</th></tr></thead><tbody>' +
      rows.map(function (r, i) {
        return '<tr><td>' + (i + 1) + '</td><td>' + esc(keyText(r.key)) + '</td><td>' + esc(pct(r.onTimeRate)) + '</td><td>' + r.closedOnTime + '/' + r.closedWithLimit +
          '</td><td>' + r.overdue + '</td><td>' + r.green + '/' + r.yellow + '/' + r.red + '/' + r.grey + '</td></tr>';
      }).join('') + '</tbody></table></div>';
  }

  // On-time rate per agency as <meter> bars: no inline style (the CSP allows none), readable by screen readers.
  function rateBars(rows) {
    return '<ul class="bars" id="rate-chart">' + rows.map(function (r) {
      return '<li><span class="bar-key">' + esc(agencyName(r.key)) + '</span><meter min="0" max="1" low="0.8" high="0.95" optimum="1" value="' + (r.onTimeRate == null ? 0 : r.onTimeRate) + '">' +
        esc(pct(r.onTimeRate)) + '</meter> ' + esc(pct(r.onTimeRate)) + ' · ' + esc(t('overdue')) + ' ' + r.overdue + '</li>';
    }).join('') + '</ul>';
  }

  // Apache ECharts (npm, pinned in tools/web/package-lock.json, embedded and served by both hosts) is loaded the
  // first time a chart is drawn: a script element with a same-origin src, which the CSP's script-src 'self' allows.
  var echartsReady = null;
  function loadCharts() {
    if (!echartsReady) {
      echartsReady = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = '/api/dashboard/echarts.min.js';
        s.onload = function () { resolve(window.echarts); };
        s.onerror = function () { reject(new Error('echarts.min.js')); };
        document.head.appendChild(s);
      });
    }

    return echartsReady;
  }

  var LIGHT_COLOURS = { green: '#2e9e44', yellow: '#f2c400', red: '#d62c2c', grey: '#767676' };

  function drawChart(id, option) {
    var node = document.getElementById(id);
    if (!node) return;
    var chart = window.echarts.init(node, null, { renderer: 'svg' });
    chart.setOption(Object.assign({ aria: { enabled: true }, animation: false, textStyle: { fontFamily: 'Noto Sans CJK SC, Microsoft YaHei, sans-serif' } }, option));
    node.setAttribute('data-rendered', 'true');
  }

  // Lights per agency (stacked) and the on-time rate per agency; agencies named from the GB/T 2260 table.
  function drawStatsCharts(s) {
    var names = s.byAgency.map(function (r) { return agencyName(r.key); });
    var grid = { left: 8, right: 56, top: 36, bottom: 8, containLabel: true };
    drawChart('chart-lights', {
      legend: { top: 0 }, grid: grid, tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: names },
      series: ['red', 'yellow', 'green', 'grey'].map(function (l) {
        return { name: t(l), type: 'bar', stack: 'lights', itemStyle: { color: LIGHT_COLOURS[l] }, data: s.byAgency.map(function (r) { return r[l]; }) };
      })
    });
    drawChart('chart-rate', {
      grid: grid, tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }, yAxis: { type: 'category', data: names },
      series: [{ name: t('onTimeRate'), type: 'bar', itemStyle: { color: '#0b3d91' }, label: { show: true, position: 'right', formatter: function (p) { return p.value == null ? '—' : p.value + '%'; } },
        data: s.byAgency.map(function (r) { return r.onTimeRate == null ? null : Math.round(r.onTimeRate * 1000) / 10; }) }]
    });
  }

  // On-time rate by agency and month (lines) and the overdue trend (stacked bars), months in China time.
  function drawTrendCharts(s) {
    var rows = s.byAgencyMonth || [];
    var months = rows.map(function (r) { return r.month; }).filter(function (m, i, a) { return a.indexOf(m) === i; }).sort();
    var agencies = rows.map(function (r) { return r.agency; }).filter(function (m, i, a) { return a.indexOf(m) === i; }).sort();
    var cell = function (agency, month) { return rows.filter(function (r) { return r.agency === agency && r.month === month; })[0]; };
    var grid = { left: 8, right: 24, top: 48, bottom: 8, containLabel: true };
    drawChart('chart-rate-month', {
      legend: { top: 0, type: 'scroll' }, grid: grid, tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: months }, yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: agencies.map(function (a) {
        return { name: agencyName(a), type: 'line', connectNulls: false, data: months.map(function (m) { var r = cell(a, m); return r && r.onTimeRate != null ? Math.round(r.onTimeRate * 1000) / 10 : null; }) };
      })
    });
    drawChart('chart-overdue-trend', {
      legend: { top: 0, type: 'scroll' }, grid: grid, tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: months }, yAxis: { type: 'value', minInterval: 1 },
      series: agencies.map(function (a) {
        return { name: agencyName(a), type: 'bar', stack: 'overdue', data: months.map(function (m) { var r = cell(a, m); return r ? r.overdue : 0; }) };
      })
    });
  }

  // Coal projects: Q and what the ledger has booked, with the Art. 15 40 % gate marked on each bar.
  function drawCoalChart(s) {
    var coal = s.coal || [];
    if (!coal.length) return;
    drawChart('chart-coal', {
      legend: { top: 0 }, grid: { left: 8, right: 56, top: 36, bottom: 8, containLabel: true }, tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: 't' }, yAxis: { type: 'category', data: coal.map(function (p) { return p.title; }) },
      series: [
        { name: t('coalQ'), type: 'bar', itemStyle: { color: '#9db4d8' }, data: coal.map(function (p) { return p.q; }) },
        { name: t('secured'), type: 'bar', itemStyle: { color: '#0b3d91' }, data: coal.map(function (p) { return p.achieved; }),
          markPoint: { symbol: 'pin', data: coal.map(function (p, i) { return { name: t('gate40'), coord: [p.requiredBeforeReview, i], value: '40%' }; }) } }
      ]
    });
  }

  // Retrofit programme: each county's cumulative share at the latest year end against the programme's 30/80/100 %.
  function drawRetrofitChart(s) {
    var shares = s.retrofitCounties || [];
    if (!shares.length) return;
    drawChart('chart-retrofit', {
      legend: { top: 0 }, grid: { left: 8, right: 56, top: 36, bottom: 8, containLabel: true }, tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }, yAxis: { type: 'category', data: shares.map(function (c) { return c.county + ' ' + c.year; }) },
      series: [
        { name: t('countyShare'), type: 'bar', itemStyle: { color: '#2e7d32' }, data: shares.map(function (c) { return Math.round(c.share * 1000) / 10; }) },
        { name: t('requiredShare'), type: 'scatter', symbol: 'rect', symbolSize: [4, 18], itemStyle: { color: '#b00020' }, data: shares.map(function (c) { return Math.round(c.required * 1000) / 10; }) }
      ]
    });
  }

  function chartCard(id, title) {
    return '<div class="card"><h3>' + esc(title) + '</h3><div class="chart" id="' + id + '" role="img" aria-label="' + esc(title) + '"></div></div>';
  }

  function renderStats(params) {
    var agency = params.get('agency');
    var q = agency ? '?agency=' + encodeURIComponent(agency) : '';
    return Promise.all([
      api('/api/supervision/stats' + q),
      api('/api/reports/digests' + q).catch(function () { return { items: [] }; }),
      api('/api/notifications').catch(function () { return { items: [] }; })
    ]).then(function (res) {
      var s = res[0], digests = res[1], notes = res[2], tot = s.totals;
      view.innerHTML = '<div class="card"><h2>' + esc(t('stats')) + ' · ' + esc(agencyName(s.agency)) + '</h2>' +
        '<p id="totals">' + esc(t('onTimeRate')) + '：<strong>' + esc(pct(tot.onTimeRate)) + '</strong>（' + tot.closedOnTime + '/' + tot.closedWithLimit + '） · ' +
        esc(t('overdue')) + '：<strong>' + tot.overdue + '</strong> · ' + lightDot('green') + tot.green + ' ' + lightDot('yellow') + tot.yellow + ' ' + lightDot('red') + tot.red + ' ' + lightDot('grey') + tot.grey + '</p>' +
        rateBars(s.byAgency) + '</div>' +
        '<div class="card"><h3>' + esc(t('light')) + ' · ' + esc(t('byAgency')) + '</h3><div class="chart" id="chart-lights" role="img" aria-label="' + esc(t('light') + ' · ' + t('byAgency')) + '"></div></div>' +
        '<div class="card"><h3>' + esc(t('onTimeRate')) + ' · ' + esc(t('byAgency')) + '</h3><div class="chart" id="chart-rate" role="img" aria-label="' + esc(t('onTimeRate') + ' · ' + t('byAgency')) + '"></div></div>' +
        chartCard('chart-rate-month', t('onTimeRate') + ' · ' + t('byAgencyMonth')) + chartCard('chart-overdue-trend', t('overdueTrend')) +
        ((s.coal || []).length ? chartCard('chart-coal', t('coalProgress')) : '') +
        ((s.retrofitCounties || []).length ? chartCard('chart-retrofit', t('retrofitShares')) : '') +
        '<div class="card"><h3>' + esc(t('byAgency')) + '</h3>' + statsTable(s.byAgency, t('agency'), function (k) { return agencyName(k); }) + '</div>' +
        '<div class="card"><h3>' + esc(t('byProcedure')) + '</h3>' + statsTable(s.byProcedure, t('procedure'), function (k) { return label('procedures', k); }) + '</div>' +
        '<div class="card"><h3>' + esc(t('digests')) + '</h3><ul id="digests">' + (digests.items.map(function (d) {
          // One digest per agency and department (issue 11): the department tells two files of one day apart.
          return '<li>' + esc(d.date) + ' · ' + esc(agencyName(d.agency)) + (d.departmentName ? ' · ' + esc(d.departmentName) : '') + ' ' + d.files.map(function (f) {
            return '<a href="#" class="digest-link" data-url="' + esc(f.url) + '">' + esc(f.format.toUpperCase()) + '</a>';
          }).join(' ') + '</li>';
        }).join('') || '<li>' + esc(t('none')) + '</li>') + '</ul></div>' +
        '<div class="card"><h3>' + esc(t('notifications')) + '</h3><div class="table-wrap"><table><thead><tr><th>' + esc(t('status')) + '</th><th>' + esc(t('responsible')) + '</th><th>' + esc(t('message')) + '</th></tr></thead><tbody>' +
        notes.items.map(function (n) {
          return '<tr><td>' + esc(n.status) + (n.lastError ? '<br><small>' + esc(n.lastError) + '</small>' : '') + '</td><td>' + esc(roleName(n.recipientRole)) + ' · ' + esc(agencyName(n.recipientAgency)) + '</td><td>' + esc(n.messageText || n.message) + '</td></tr>';
        }).join('') + '</tbody></table></div></div>';
      view.querySelectorAll('.digest-link').forEach(function (a) { a.addEventListener('click', function (ev) { ev.preventDefault(); downloadFile(a.getAttribute('data-url'), 'digest'); }); });
      return loadCharts().then(function () { drawStatsCharts(s); drawTrendCharts(s); drawCoalChart(s); drawRetrofitChart(s); });
    });
  }

  function monthGrid(year, month, rest, makeup) {
    var first = new Date(Date.UTC(year, month, 1)), days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    var offset = (first.getUTCDay() + 6) % 7, cells = [], i;
    for (i = 0; i < offset; i++) cells.push('<td></td>');
    for (i = 1; i <= days; i++) {
      var iso = year + '-' + String(month + 1).padStart(2, '0') + '-' + String(i).padStart(2, '0');
      var wd = (offset + i - 1) % 7, cls = [], title = '';
      if (rest[iso]) { cls.push('rest'); title = rest[iso].name || t('restDay'); if (rest[iso].provisional) cls.push('provisional'); }
      else if (makeup[iso]) { cls.push('makeup'); title = makeup[iso].name || t('makeUp'); if (makeup[iso].provisional) cls.push('provisional'); }
      else if (wd >= 5) cls.push('weekend');
      cells.push('<td class="' + cls.join(' ') + '" title="' + esc(title) + '" data-date="' + iso + '">' + i + '</td>');
    }
    var rows = [];
    for (i = 0; i < cells.length; i += 7) rows.push('<tr>' + cells.slice(i, i + 7).join('') + '</tr>');
    var head = (lang === 'zh' ? ['一', '二', '三', '四', '五', '六', '日'] : ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su']).map(function (d) { return '<th>' + d + '</th>'; }).join('');
    return '<div class="month"><strong>' + year + '-' + String(month + 1).padStart(2, '0') + '</strong><table><thead><tr>' + head + '</tr></thead><tbody>' + rows.join('') + '</tbody></table></div>';
  }

  // The year shown is China's current year, whatever the browser's zone.
  function chinaYear() { return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())); }

  function renderCalendar() {
    var year = chinaYear();
    return Promise.all([api('/api/calendar/' + year), api('/api/calendar/' + (year + 1)).catch(function () { return null; })]).then(function (years) {
      view.innerHTML = '<h2>' + esc(t('calendar')) + '</h2><p class="legend"><span class="rest">' + esc(t('restDay')) + '</span><span class="makeup">' + esc(t('makeUp')) +
        '</span><span class="weekend">' + esc(t('weekend')) + '</span><span class="provisional">' + esc(t('provisional')) + '</span></p>' +
        years.filter(Boolean).map(function (y) {
          var rest = {}, makeup = {};
          y.restDays.forEach(function (d) { rest[d.date] = d; });
          y.makeUpWorkingDays.forEach(function (d) { makeup[d.date] = d; });
          var months = [];
          for (var m = 0; m < 12; m++) months.push(monthGrid(y.year, m, rest, makeup));
          return '<div class="card calendar-year" data-year="' + y.year + '"><h3>' + y.year + ' · ' + esc(y.provisional ? t('provisionalYear') : t('officialYear')) +
            (y.citation ? ' <small>' + esc(y.citation) + '</small>' : '') + '</h3><div class="months">' + months.join('') + '</div></div>';
        }).join('');
    });
  }

  function renderQuarantine() {
    return api('/api/quarantine').then(function (res) {
      view.innerHTML = '<h2>' + esc(t('quarantine')) + '</h2><div class="table-wrap"><table id="quarantine-table"><thead><tr><th>' + esc(t('name')) + '</th><th>' + esc(t('agency')) +
        '</th><th>' + esc(t('status')) + '</th><th>' + esc(t('report')) + '</th></tr></thead><tbody>' +
        (res.items.map(function (f) {
          return '<tr class="quarantined"><td>' + esc(f.container) + '/' + esc(f.file) + '</td><td>' + esc(agencyName(f.agency)) + '</td><td>' + esc(when(f.quarantinedUtc)) +
            '</td><td><ul>' + f.errors.map(function (e) { return '<li><code>' + esc(e.field) + '</code> ' + esc(e.message) + ' [' + esc(e.rule) + ']</li>'; }).join('') + '</ul></td></tr>';
        }).join('') || '<tr><td colspan="4">' + esc(t('none')) + '</td></tr>') + '</tbody></table></div>';
    });
  }

  // ---- sign-in -------------------------------------------------------------------------------------------------

  function renderSignIn() {
    if (!local) {
      var a = document.getElementById('sign-in');
      a.hidden = false;
      return Promise.resolve();
    }

    return fetch('/local/dev-identities', { headers: { Accept: 'application/json' } }).then(function (r) { return r.json(); }).then(function (res) {
      var current = localStorage.getItem('workflows.apiKey');
      view.innerHTML = '<div class="card" id="dev-sign-in"><h2>' + esc(t('devSignIn')) + '</h2><ul class="identities">' + res.items.map(function (i) {
        return '<li><button type="button" class="identity' + (i.key === current ? ' current' : '') + '" data-key="' + esc(i.key) + '" id="identity-' + esc(i.key) + '">' +
          esc(roleName(i.role)) + '</button> ' + esc(i.name) + ' · ' + esc(agencyName(i.agency)) + '</li>';
      }).join('') + '</ul></div>';
      view.querySelectorAll('.identity').forEach(function (b) {
        b.addEventListener('click', function () { localStorage.setItem('workflows.apiKey', b.getAttribute('data-key')); location.hash = '#/work'; showWho(); });
      });
    });
  }

  function showWho() {
    var who = document.getElementById('who');
    if (local) {
      var k = localStorage.getItem('workflows.apiKey');
      who.textContent = k ? t('signedInAs') + '：' + k : '';
      return;
    }

    fetch('/.auth/me', { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : []; }).then(function (me) {
      var p = Array.isArray(me) && me[0];
      who.textContent = p ? t('signedInAs') + '：' + (p.user_id || '') : '';
      document.getElementById('sign-in').hidden = !!p;
    }).catch(function () { who.textContent = ''; });
  }

  function start() {
    return Promise.all([
      fetch('/api/dashboard/labels.json').then(function (r) { return r.json(); }),
      fetch('/api/dashboard/divisions-henan.json').then(function (r) { return r.json(); }),
      fetch('/local/dev-identities', { headers: { Accept: 'application/json' } }).then(function (r) { return r.ok; }).catch(function () { return false; })
    ]).then(function (res) {
      labels = res[0]; divisions = res[1]; local = res[2];
      // On Azure no API key is kept anywhere: a key left from a LocalHost session on the same origin is dropped.
      if (!local) localStorage.removeItem('workflows.apiKey');
      document.getElementById('dev-sign-in-link').hidden = !local;
      showWho();
      route();
    });
  }

  document.getElementById('lang').addEventListener('click', function () {
    lang = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('workflows.lang', lang);
    route();
  });
  window.addEventListener('hashchange', route);
  start().catch(function (e) { showError(e.message); });
}());
