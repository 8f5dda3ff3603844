// Supervision dashboard: plain JS, no build step, no CDN. Data from /api/... with the API key typed in by the user
// (kept in localStorage) or, on Azure, the App Service authentication cookie (same-origin credentials).
(function () {
  'use strict';

  var I18N = {
    zh: {
      title: '限时办结电子监察', 'nav.cases': '案件', 'nav.stats': '统计', 'nav.calendar': '日历', apiKey: 'API 密钥', save: '保存',
      procedure: '事项', state: '状态', light: '信号灯', all: '全部', filter: '筛选', id: '案件编号', name: '名称', agency: '机关',
      due: '到期日', green: '绿灯', yellow: '黄灯', red: '红灯', grey: '灰灯（已办结）', total: '共', cases: '件',
      deadline: '办理期限', legalBasis: '依据', explanation: '期限计算说明', provisional: '暂定（节假日安排尚未公布）',
      timeline: '办理过程', documents: '材料', none: '无', late: '超期办结', onTime: '按时办结', back: '返回列表',
      responsible: '责任方', warningFrom: '预警起始日', outcome: '结果', stats: '限时办结统计', onTimeRate: '限时办结率',
      overdue: '逾期', closedWithLimit: '有法定时限的办结件', ranking: '排名', byProcedure: '按事项', byAgency: '按机关',
      digests: '每日督办日报', notifications: '今日通知', status: '状态', message: '内容', calendar: '法定工作日历',
      restDay: '休息日', makeUp: '调休上班', weekend: '周末', provisionalYear: '暂定：国务院办公厅尚未公布该年节假日安排，按规则推算',
      officialYear: '已公布', needKey: '请输入 API 密钥（如 dev-registration-officer）或通过 Azure 登录。', signIn: '登录', open: '打开', show: '查看'
    },
    en: {
      title: 'Deadline supervision', 'nav.cases': 'Cases', 'nav.stats': 'Statistics', 'nav.calendar': 'Calendar', apiKey: 'API key', save: 'Save',
      procedure: 'Procedure', state: 'State', light: 'Light', all: 'All', filter: 'Filter', id: 'Case', name: 'Title', agency: 'Agency',
      due: 'Due', green: 'Green', yellow: 'Yellow', red: 'Red', grey: 'Grey (closed)', total: 'Total', cases: 'cases',
      deadline: 'Deadline', legalBasis: 'Legal basis', explanation: 'How the deadline was computed', provisional: 'Provisional (holiday schedule not yet published)',
      timeline: 'Timeline', documents: 'Documents', none: 'None', late: 'Decided late', onTime: 'Decided on time', back: 'Back to list',
      responsible: 'Responsible', warningFrom: 'Warning from', outcome: 'Outcome', stats: 'On-time statistics', onTimeRate: 'On-time rate',
      overdue: 'Overdue', closedWithLimit: 'Closed with a legal limit', ranking: 'Ranking', byProcedure: 'By procedure', byAgency: 'By agency',
      digests: 'Daily digests', notifications: "Today's notifications", status: 'Status', message: 'Message', calendar: 'Legal working-day calendar',
      restDay: 'Rest day', makeUp: 'Make-up working day', weekend: 'Weekend', provisionalYear: 'Provisional: the State Council has not published this year\'s holidays; derived by rule',
      officialYear: 'Official', needKey: 'Enter an API key (e.g. dev-registration-officer) or sign in on Azure.', signIn: 'Sign in', open: 'Open', show: 'Show'
    }
  };

  var lang = localStorage.getItem('workflows.lang') || 'zh';
  var view = document.getElementById('view');
  var errorBox = document.getElementById('error');

  function t(key) { return (I18N[lang] && I18N[lang][key]) || I18N.zh[key] || key; }
  function esc(s) { return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  function el(html) { var d = document.createElement('div'); d.innerHTML = html; return d; }
  function lightDot(light) { return '<span class="light light-' + esc(light) + '" title="' + esc(t(light)) + '"></span><span class="light-label">' + esc(t(light)) + '</span>'; }
  function day(s) { return s ? String(s).substring(0, 10) : ''; }
  function when(s) { if (!s) return ''; var d = new Date(s); return isNaN(d) ? s : d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai' }); }

  function headers() { var h = { 'Accept': 'application/json' }; var k = localStorage.getItem('workflows.apiKey'); if (k) h['X-Api-Key'] = k; return h; }
  function showError(msg) { errorBox.textContent = msg; errorBox.hidden = !msg; }
  // On Azure, App Service authentication answers 401 until the user signs in (docs/deploy.md, "Sign-in"); LocalHost uses keys.
  function showSignIn() { document.getElementById('sign-in').hidden = /^(localhost|127\.0\.0\.1|\[::1\])$/.test(location.hostname); }

  function api(path) {
    return fetch(path, { headers: headers(), credentials: 'same-origin' }).then(function (r) {
      if (r.status === 401) { showSignIn(); throw new Error(t('needKey')); }
      if (!r.ok) { return r.json().catch(function () { return {}; }).then(function (p) { throw new Error((p.title || r.status) + (p.detail ? ': ' + p.detail : '')); }); }
      return r.json();
    });
  }

  // Downloads an authenticated file (document, digest): a plain link cannot send the API key. The bytes are saved,
  // never opened: an uploaded file rendered in this origin could read the key from localStorage (stored XSS). The
  // temporary object URL is typed application/octet-stream, used only by a download link, and revoked at once.
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
      a.href = url;
      a.download = file.name || 'download';
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      a.remove();
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
    var h = location.hash.replace(/^#/, '') || '/cases';
    var q = h.indexOf('?');
    var path = q < 0 ? h : h.substring(0, q);
    var params = new URLSearchParams(q < 0 ? '' : h.substring(q + 1));
    return { parts: path.split('/').filter(Boolean), params: params };
  }

  function route() {
    showError('');
    applyStaticText();
    var r = parseHash();
    document.querySelectorAll('header nav a').forEach(function (a) { a.classList.toggle('active', a.getAttribute('href') === '#/' + (r.parts[0] === 'case' ? 'cases' : r.parts[0])); });
    var p = r.parts[0] === 'case' ? renderCase(decodeURIComponent(r.parts[1] || ''))
      : r.parts[0] === 'stats' ? renderStats(r.params)
      : r.parts[0] === 'calendar' ? renderCalendar()
      : renderCases(r.params);
    p.catch(function (e) { showError(e.message); });
  }

  var knownProcedures = [];

  function renderCases(params) {
    var query = new URLSearchParams();
    ['procedure', 'state', 'light', 'agency'].forEach(function (k) { if (params.get(k)) query.set(k, params.get(k)); });
    query.set('pageSize', '200');
    return api('/api/cases?' + query.toString()).then(function (page) {
      page.items.forEach(function (c) { if (knownProcedures.indexOf(c.procedure) < 0) knownProcedures.push(c.procedure); });
      var procOptions = ['<option value="">' + esc(t('all')) + '</option>'].concat(knownProcedures.map(function (p) {
        return '<option' + (params.get('procedure') === p ? ' selected' : '') + '>' + esc(p) + '</option>';
      })).join('');
      var lightOptions = ['', 'green', 'yellow', 'red', 'grey'].map(function (l) {
        return '<option value="' + l + '"' + ((params.get('light') || '') === l ? ' selected' : '') + '>' + esc(l ? t(l) : t('all')) + '</option>';
      }).join('');
      var rows = page.items.map(function (c) {
        return '<tr class="case-row" data-light="' + esc(c.light) + '"><td>' + lightDot(c.light) + '</td>' +
          '<td><a class="case-link" href="#/case/' + encodeURIComponent(c.id) + '">' + esc(c.id) + '</a></td>' +
          '<td>' + esc(c.title) + '</td><td>' + esc(c.procedure) + '</td><td>' + esc(c.state) + (c.late ? ' <span class="late">' + esc(t('late')) + '</span>' : '') + '</td>' +
          '<td>' + esc(c.deadline ? c.deadline.due : '') + '</td><td>' + esc(c.agency) + '</td></tr>';
      }).join('');
      view.innerHTML =
        '<form class="filters" id="filters">' +
        '<label>' + esc(t('procedure')) + '<br><select id="filter-procedure">' + procOptions + '</select></label>' +
        '<label>' + esc(t('state')) + '<br><input id="filter-state" value="' + esc(params.get('state') || '') + '"></label>' +
        '<label>' + esc(t('light')) + '<br><select id="filter-light">' + lightOptions + '</select></label>' +
        '<button id="apply-filters" type="submit">' + esc(t('filter')) + '</button>' +
        '<span id="case-count">' + esc(t('total')) + ' ' + page.total + ' ' + esc(t('cases')) + '</span></form>' +
        '<table id="case-table"><thead><tr><th>' + esc(t('light')) + '</th><th>' + esc(t('id')) + '</th><th>' + esc(t('name')) + '</th><th>' +
        esc(t('procedure')) + '</th><th>' + esc(t('state')) + '</th><th>' + esc(t('due')) + '</th><th>' + esc(t('agency')) + '</th></tr></thead><tbody>' + rows + '</tbody></table>';
      document.getElementById('filters').addEventListener('submit', function (ev) {
        ev.preventDefault();
        var q = new URLSearchParams();
        var pr = document.getElementById('filter-procedure').value, st = document.getElementById('filter-state').value, li = document.getElementById('filter-light').value;
        if (pr) q.set('procedure', pr); if (st) q.set('state', st); if (li) q.set('light', li);
        location.hash = '#/cases' + (q.toString() ? '?' + q.toString() : '');
      });
    });
  }

  function renderCase(id) {
    return api('/api/cases/' + encodeURIComponent(id)).then(function (c) {
      var d = c.deadline;
      var deadline = d ? '<div class="card" id="deadline"><h3>' + esc(t('deadline')) + '：' + esc(d.label) + '</h3>' +
        '<p>' + lightDot(c.light) + ' ' + esc(t('due')) + ' <strong id="deadline-due">' + esc(d.due) + ' 24:00</strong>' +
        (d.provisional ? ' <span class="provisional-note">（' + esc(t('provisional')) + '）</span>' : '') + '</p>' +
        '<p>' + esc(t('legalBasis')) + '：<span id="legal-basis">' + esc(d.legalBasis) + '</span> · ' + esc(t('responsible')) + '：' + esc(d.responsibleRole) +
        (d.warningFrom ? ' · ' + esc(t('warningFrom')) + '：' + esc(d.warningFrom) : '') + '</p>' +
        '<h4>' + esc(t('explanation')) + '</h4><ol class="explanation" id="explanation">' +
        (d.explanation || []).map(function (line) { return '<li>' + esc(line) + '</li>'; }).join('') + '</ol></div>' : '';
      var docs = (c.documents || []).map(function (doc) {
        return '<li><a href="#" class="doc-link" data-url="' + esc(doc.url) + '">' + esc(doc.name) + '</a> (' + esc(doc.contentType) + ', ' + doc.length + ' B)</li>';
      }).join('') || '<li>' + esc(t('none')) + '</li>';
      var history = (c.history || []).map(function (h) {
        return '<li><time>' + esc(when(h.at)) + '</time><strong>' + esc(h.action) + '</strong> · ' + esc(h.actorName) +
          (h.article ? ' · <em>' + esc(h.article) + '</em>' : '') + (h.late ? ' <span class="late">' + esc(t('late')) + '</span>' : '') +
          '<br>' + esc(h.summary) + '</li>';
      }).join('') || '<li>' + esc(t('none')) + '</li>';
      view.innerHTML = '<p><a href="#/cases">← ' + esc(t('back')) + '</a></p>' +
        '<div class="card"><h2 id="case-title">' + lightDot(c.light) + ' ' + esc(c.id) + ' 《' + esc(c.title) + '》</h2>' +
        '<p>' + esc(t('procedure')) + '：' + esc(c.procedure) + ' · ' + esc(t('agency')) + '：' + esc(c.agency) + ' · ' + esc(t('state')) + '：' + esc(c.state) +
        (c.outcome ? ' · ' + esc(t('outcome')) + '：' + esc(c.outcome) : '') +
        (c.closed && c.onTime === false ? ' <span class="late">' + esc(t('late')) + '</span>' : c.closed && c.onTime ? ' ' + esc(t('onTime')) : '') + '</p></div>' +
        deadline +
        '<div class="card"><h3>' + esc(t('documents')) + '</h3><ul id="documents">' + docs + '</ul></div>' +
        '<div class="card"><h3>' + esc(t('timeline')) + '</h3><ul class="timeline" id="timeline">' + history + '</ul></div>';
      view.querySelectorAll('.doc-link').forEach(function (a) { a.addEventListener('click', function (ev) { ev.preventDefault(); downloadFile(a.getAttribute('data-url'), a.textContent); }); });
    });
  }

  function pct(v) { return v == null ? '—' : (v * 100).toFixed(1) + '%'; }

  // A horizontal bar chart in plain SVG: on-time rate per agency (bar) and overdue count (label).
  function chart(rows) {
    var w = 640, rowH = 26, left = 90, h = rows.length * rowH + 24;
    var bars = rows.map(function (r, i) {
      var y = 10 + i * rowH, rate = r.onTimeRate == null ? 0 : r.onTimeRate, bw = Math.round((w - left - 120) * rate);
      var color = r.onTimeRate == null ? '#bbb' : rate >= 0.95 ? '#2e9e44' : rate >= 0.8 ? '#f2c400' : '#d62c2c';
      return '<text x="4" y="' + (y + 15) + '">' + esc(r.key) + '</text>' +
        '<rect x="' + left + '" y="' + y + '" width="' + bw + '" height="18" fill="' + color + '"></rect>' +
        '<text x="' + (left + bw + 6) + '" y="' + (y + 14) + '">' + esc(pct(r.onTimeRate)) + ' · ' + esc(t('overdue')) + ' ' + r.overdue + '</text>';
    }).join('');
    return '<svg id="rate-chart" role="img" aria-label="' + esc(t('onTimeRate')) + '" width="' + w + '" height="' + h + '" viewBox="0 0 ' + w + ' ' + h + '">' + bars + '</svg>';
  }

  function statsTable(rows, keyTitle) {
    return '<table><thead><tr><th>' + esc(t('ranking')) + '</th><th>' + esc(keyTitle) + '</th><th>' + esc(t('onTimeRate')) + '</th><th>' + esc(t('closedWithLimit')) +
      '</th><th>' + esc(t('overdue')) + '</th><th>' + esc(t('green')) + '/' + esc(t('yellow')) + '/' + esc(t('red')) + '/' + esc(t('grey')) + '</th></tr></thead><tbody>' +
      rows.map(function (r, i) {
        return '<tr><td>' + (i + 1) + '</td><td>' + esc(r.key) + '</td><td>' + esc(pct(r.onTimeRate)) + '</td><td>' + r.closedOnTime + '/' + r.closedWithLimit +
          '</td><td>' + r.overdue + '</td><td>' + r.green + '/' + r.yellow + '/' + r.red + '/' + r.grey + '</td></tr>';
      }).join('') + '</tbody></table>';
  }

  function renderStats(params) {
    var agency = params.get('agency');
    var q = agency ? '?agency=' + encodeURIComponent(agency) : '';
    return Promise.all([
      api('/api/supervision/stats' + q),
      api('/api/reports/digests' + q).catch(function () { return { items: [] }; }),
      api('/api/notifications').catch(function () { return { items: [] }; })
    ]).then(function (res) {
      var s = res[0], digests = res[1], notes = res[2];
      var tot = s.totals;
      view.innerHTML = '<div class="card"><h2>' + esc(t('stats')) + ' · ' + esc(s.agency) + '</h2>' +
        '<p id="totals">' + esc(t('onTimeRate')) + '：<strong>' + esc(pct(tot.onTimeRate)) + '</strong>（' + tot.closedOnTime + '/' + tot.closedWithLimit + '） · ' +
        esc(t('overdue')) + '：<strong>' + tot.overdue + '</strong> · ' + lightDot('green') + tot.green + ' ' + lightDot('yellow') + tot.yellow + ' ' + lightDot('red') + tot.red + ' ' + lightDot('grey') + tot.grey + '</p>' +
        chart(s.byAgency) + '</div>' +
        '<div class="card"><h3>' + esc(t('byAgency')) + '</h3>' + statsTable(s.byAgency, t('agency')) + '</div>' +
        '<div class="card"><h3>' + esc(t('byProcedure')) + '</h3>' + statsTable(s.byProcedure, t('procedure')) + '</div>' +
        '<div class="card"><h3>' + esc(t('digests')) + '</h3><ul id="digests">' + (digests.items.map(function (d) {
          return '<li>' + esc(d.date) + ' · ' + esc(d.agency) + ' ' + d.files.map(function (f) {
            return '<a href="#" class="digest-link" data-url="' + esc(f.url) + '">' + esc(f.format.toUpperCase()) + '</a>';
          }).join(' ') + '</li>';
        }).join('') || '<li>' + esc(t('none')) + '</li>') + '</ul></div>' +
        '<div class="card"><h3>' + esc(t('notifications')) + '</h3><table><thead><tr><th>' + esc(t('status')) + '</th><th>' + esc(t('responsible')) + '</th><th>' + esc(t('message')) + '</th></tr></thead><tbody>' +
        notes.items.map(function (n) {
          return '<tr><td>' + esc(n.status) + (n.lastError ? '<br><small>' + esc(n.lastError) + '</small>' : '') + '</td><td>' + esc(n.recipientRole) + '@' + esc(n.recipientAgency) + '</td><td>' + esc(n.message) + '</td></tr>';
        }).join('') + '</tbody></table></div>';
      view.querySelectorAll('.digest-link').forEach(function (a) { a.addEventListener('click', function (ev) { ev.preventDefault(); downloadFile(a.getAttribute('data-url'), 'digest'); }); });
    });
  }

  function monthGrid(year, month, rest, makeup, provisional) {
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

  function renderCalendar() {
    var year = new Date().getFullYear();
    return Promise.all([api('/api/calendar/' + year), api('/api/calendar/' + (year + 1)).catch(function () { return null; })]).then(function (years) {
      view.innerHTML = '<h2>' + esc(t('calendar')) + '</h2><p class="legend"><span class="rest">' + esc(t('restDay')) + '</span><span class="makeup">' + esc(t('makeUp')) +
        '</span><span class="weekend">' + esc(t('weekend')) + '</span><span class="provisional">' + esc(t('provisional')) + '</span></p>' +
        years.filter(Boolean).map(function (y) {
          var rest = {}, makeup = {};
          y.restDays.forEach(function (d) { rest[d.date] = d; });
          y.makeUpWorkingDays.forEach(function (d) { makeup[d.date] = d; });
          var months = [];
          for (var m = 0; m < 12; m++) months.push(monthGrid(y.year, m, rest, makeup, y.provisional));
          return '<div class="card calendar-year" data-year="' + y.year + '"><h3>' + y.year + ' · ' + esc(y.provisional ? t('provisionalYear') : t('officialYear')) +
            (y.citation ? ' <small>' + esc(y.citation) + '</small>' : '') + '</h3><div class="months">' + months.join('') + '</div></div>';
        }).join('');
    });
  }

  document.getElementById('api-key').value = localStorage.getItem('workflows.apiKey') || '';
  document.getElementById('save-key').addEventListener('click', function () {
    localStorage.setItem('workflows.apiKey', document.getElementById('api-key').value.trim());
    route();
  });
  document.getElementById('lang').addEventListener('click', function () {
    lang = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('workflows.lang', lang);
    route();
  });
  window.addEventListener('hashchange', route);
  route();
}());
