// Herald operations dashboard: fetches /v1/analytics/dashboard and redraws every few seconds.
// Everything is built with DOM calls (no innerHTML of data), so provider names and reasons cannot inject markup.
(function () {
  'use strict';
  var PARAMS = new URLSearchParams(location.search);
  var REFRESH_MS = Number(PARAMS.get('refresh') || 5000);
  // ?window=minutes narrows every panel (e.g. 10 to watch a drill); the default is the last hour.
  var DATA_URL = '/v1/analytics/dashboard' + (PARAMS.get('window') ? '?window=' + encodeURIComponent(PARAMS.get('window')) : '');
  var LANE_COLOURS = { CRITICAL: '#ef4444', TRANSACTIONAL: '#3b82f6', BULK: '#a3a3a3' };
  var charts = {};

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'class') e.className = attrs[k]; else if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c !== null && c !== undefined) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }

  function replace(id, node) {
    var target = document.getElementById(id);
    while (target.firstChild) target.removeChild(target.firstChild);
    target.appendChild(node);
  }

  function rows(table) {
    return table.rows.map(function (r) {
      var o = {};
      table.columns.forEach(function (c, i) { o[c] = r[i]; });
      return o;
    });
  }

  function time(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : ''; }
  function seconds(iso) { return Date.parse(iso) / 1000; }

  function providers(data) {
    var list = rows(data.providers);
    if (!list.length) return el('p', { class: 'empty', text: 'No provider health seen yet.' });
    return el('div', { class: 'providers' }, list.map(function (p) {
      return el('div', { class: 'provider state-' + p.state, id: 'provider-' + p.provider_id, 'data-state': p.state }, [
        el('div', { class: 'name', text: p.provider_id + ' (' + String(p.channel).toLowerCase() + ')' }),
        el('div', { class: 'state', text: p.state }),
        el('div', { class: 'why', text: (p.reason || '') + ' · ' + (p.source || '') + ' · since ' + time(p.since) })
      ]);
    }));
  }

  function table(columns, list, numeric) {
    if (!list.length) return el('p', { class: 'empty', text: 'Nothing in this window.' });
    return el('table', {}, [
      el('thead', {}, [el('tr', {}, columns.map(function (c) { return el('th', { class: numeric.indexOf(c[0]) >= 0 ? 'num' : '', text: c[1] }); }))]),
      el('tbody', {}, list.map(function (r) {
        return el('tr', {}, columns.map(function (c) {
          var v = r[c[0]];
          return el('td', { class: numeric.indexOf(c[0]) >= 0 ? 'num' : '', text: v === null || v === undefined ? '' : String(c[2] ? c[2](v) : v) });
        }));
      }))
    ]);
  }

  function bars(list, label, value, cls) {
    if (!list.length) return el('p', { class: 'empty', text: 'Nothing in this window.' });
    var max = Math.max.apply(null, list.map(value).concat([1]));
    return el('table', {}, list.map(function (r) {
      return el('tr', {}, [
        el('td', { text: label(r) }),
        el('td', { class: 'num', text: String(value(r)) }),
        el('td', { style: 'width:55%' }, [el('div', { class: 'bar ' + (cls || ''), style: 'width:' + (100 * value(r) / max).toFixed(1) + '%' })])
      ]);
    }));
  }

  // One uPlot chart per target, rebuilt on each refresh (small data, simpler than diffing).
  // The x axis always spans the dashboard's window, so one busy minute does not fill the chart.
  var windowRange = null;

  function chart(id, xs, series, emptyText) {
    if (charts[id]) { charts[id].destroy(); delete charts[id]; }
    var target = document.getElementById(id);
    while (target.firstChild) target.removeChild(target.firstChild);
    if (xs.length === 0 || typeof uPlot === 'undefined') {
      target.appendChild(el('p', { class: 'empty', text: emptyText }));
      return;
    }
    var width = Math.max(300, target.clientWidth || 400);
    var opts = {
      width: width, height: 180,
      scales: { x: { time: true, range: windowRange ? function () { return windowRange; } : undefined } },
      axes: [{ stroke: '#94a3b8', grid: { stroke: '#1e293b' } }, { stroke: '#94a3b8', grid: { stroke: '#1e293b' } }],
      series: [{}].concat(series.map(function (s) { return { label: s.label, stroke: s.colour, width: 2, points: { show: xs.length < 40 } }; }))
    };
    charts[id] = new uPlot(opts, [xs].concat(series.map(function (s) { return s.values; })), target);
  }

  function throughput(data) {
    var list = rows(data.throughput);
    var minutes = Array.from(new Set(list.map(function (r) { return r.minute; }))).sort();
    var lanes = ['CRITICAL', 'TRANSACTIONAL', 'BULK'];
    chart('throughput', minutes.map(seconds), lanes.map(function (lane) {
      return {
        label: lane.toLowerCase(), colour: LANE_COLOURS[lane],
        values: minutes.map(function (m) {
          var r = list.find(function (x) { return x.minute === m && x.lane === lane; });
          return r ? r.sent : 0;
        })
      };
    }), 'No deliveries in the last hour.');
    // One line per channel; idle lanes of a transactional topic may show ~1 per partition (commit markers).
    var lag = data.lag || [];
    var byChannel = {};
    lag.forEach(function (l) { (byChannel[l.channel] = byChannel[l.channel] || []).push(l.lane.toLowerCase() + ' ' + l.lag); });
    var channels = Object.keys(byChannel);
    replace('lag', channels.length
      ? el('div', {}, [el('p', { class: 'empty', text: 'Dispatch lag (records not yet committed by the workers):' })].concat(
          channels.map(function (c) { return el('div', { id: 'lag-' + c.toLowerCase(), text: c.toLowerCase() + ': ' + byChannel[c].join(' · ') }); })))
      : el('p', { class: 'empty', text: 'Lane lag: n/a (no worker groups yet).' }));
  }

  function parked(data) {
    var list = rows(data.parked);
    chart('parked', list.map(function (r) { return seconds(r.minute); }), [
      { label: 'backlog', colour: '#f59e0b', values: list.map(function (r) { return r.backlog; }) },
      { label: 'released', colour: '#22c55e', values: list.map(function (r) { return r.released; }) },
      { label: 'replayed', colour: '#38bdf8', values: list.map(function (r) { return r.replayed; }) }
    ], 'Nothing parked in the last hour.');
  }

  function codes(data) {
    var totals = {};
    rows(data.codes).forEach(function (r) {
      var k = r.provider + ' · ' + r.provider_code + ' · ' + r.status;
      totals[k] = (totals[k] || 0) + r.events;
    });
    var list = Object.keys(totals).map(function (k) { return { k: k, n: totals[k] }; }).sort(function (a, b) { return b.n - a.n; }).slice(0, 12);
    replace('codes', bars(list, function (r) { return r.k; }, function (r) { return r.n; }, 'code'));
  }

  function reconciliation(data) {
    var r = rows(data.reconciliation)[0] || {};
    function kpi(label, v, bad) { return el('div', { class: 'kpi' + (bad && v > 0 ? ' bad' : '') }, [el('div', { class: 'v', text: String(v || 0) }), el('div', { class: 'l', text: label })]); }
    replace('reconciliation', el('div', { class: 'kpis' }, [
      kpi('accepted', r.accepted), kpi('exactly one terminal', r.exactly_one), kpi('parked', r.parked),
      kpi('in flight', r.in_flight), kpi('missing terminal', r.missing_terminal, true), kpi('several terminals', r.multiple_terminal, true)
    ]));
  }

  function render(data) {
    var end = seconds(data.generatedAt);
    windowRange = [end - data.windowMinutes * 60, end + 60];
    var label = data.windowMinutes === 60 ? 'last hour' : 'last ' + data.windowMinutes + ' minutes';
    Array.prototype.forEach.call(document.querySelectorAll('.window'), function (e) { e.textContent = label; });
    replace('providers', providers(data));
    replace('transitions', table([['changed_at', 'at', time], ['provider_id', 'provider'], ['previous_state', 'from'], ['state', 'to'], ['reason', 'reason']],
      rows(data.transitions).slice(-15).reverse(), []));
    throughput(data);
    parked(data);
    replace('funnel', bars(rows(data.funnel), function (r) { return r.stage.toLowerCase(); }, function (r) { return r.count; }));
    codes(data);
    reconciliation(data);
    document.getElementById('status').textContent = 'updated ' + time(data.generatedAt) + ' UTC · sink stored ' + data.sink.stored
      + ' rows' + (data.sink.healthy ? '' : ' · SINK STOPPED') + ' · refresh every ' + (REFRESH_MS / 1000) + ' s';
  }

  function load() {
    var headers = {};
    var key = sessionStorage.getItem('heraldAnalyticsKey');
    if (key) headers.Authorization = 'Bearer ' + key;
    fetch(DATA_URL, { headers: headers }).then(function (res) {
      if (res.status === 401 || res.status === 403) {
        document.getElementById('login').style.display = 'block';
        document.getElementById('status').textContent = 'an admin key is needed';
        return null;
      }
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    }).then(function (data) {
      if (data) { document.getElementById('login').style.display = 'none'; render(data); }
    }).catch(function (e) {
      document.getElementById('status').textContent = 'cannot load data (' + e.message + '); retrying';
    }).then(function () { setTimeout(load, REFRESH_MS); });
  }

  document.getElementById('login').addEventListener('submit', function (e) {
    e.preventDefault();
    sessionStorage.setItem('heraldAnalyticsKey', document.getElementById('key').value);
    document.getElementById('key').value = '';
  });
  load();
}());
