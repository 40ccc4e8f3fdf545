/**
 * The capacity explorer page served at `/`: one document with inline CSS and vanilla JS, no build step
 * and no CDN (operators may run without internet); the map libraries and shapes come from this same
 * process under `web/`. It is a TS string so that `tsc` output carries it. String.raw keeps the script's
 * backslashes; the script itself uses no backticks and no dollar-brace, so nothing is interpolated here.
 *
 * Every API string reaches the DOM through textContent / createTextNode (never innerHTML). The view and
 * its filters live in the URL hash (`#/nodes?country=Belgium`, `#/nodes/<id>`, `#/farms/<id>`,
 * `#/workloads/<id>`), so back/forward and shared links work.
 */
export const INDEX_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ThreeFold Capacity Explorer</title>
<link rel="icon" type="image/svg+xml" href="web/favicon.svg">
<style>
  :root { --bg: #f4f6f9; --card: #fff; --ink: #1d2733; --muted: #56616e; --line: #d5dbe2; --accent: #0b5cd5;
          --up: #1a7f37; --down: #b42318; --head: #0b1f33; }
  * { box-sizing: border-box; }
  html { -webkit-text-size-adjust: 100%; }
  body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--ink); }
  a { color: var(--accent); }
  :focus-visible { outline: 3px solid #58a6ff; outline-offset: 2px; }
  .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 8px; z-index: 10; }
  .skip:focus { left: 8px; }
  header { background: var(--head); color: #fff; padding: 10px 16px; display: flex; align-items: center; gap: 8px 16px; flex-wrap: wrap; }
  header .brand { display: flex; align-items: center; gap: 8px; font-weight: 600; font-size: 17px; color: #fff; text-decoration: none; margin-right: auto; }
  header nav, header .links { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; }
  header a { color: #dbe9ff; text-decoration: none; padding: 4px 2px; }
  header a:hover { text-decoration: underline; }
  header nav a[aria-current="page"] { color: #fff; border-bottom: 2px solid #58a6ff; }
  header .meta { font-size: 12px; color: #c2cedb; }
  header button { background: transparent; color: #fff; border-color: #ffffff88; }
  main { max-width: 1280px; margin: 0 auto; padding: 12px; }
  section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px; margin-bottom: 14px; min-width: 0; }
  h1 { font-size: 20px; margin: 4px 0 12px; }
  h2 { font-size: 16px; margin: 0 0 10px; }
  h3 { font-size: 14px; margin: 0 0 6px; }
  .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin-bottom: 8px; }
  .tile { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
  .tile .v { font-size: 21px; font-weight: 600; overflow-wrap: anywhere; }
  .tile .t { color: var(--muted); font-size: 12px; }
  .split { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 14px; align-items: start; }
  @media (max-width: 900px) { .split { grid-template-columns: minmax(0, 1fr); } }
  .map svg { width: 100%; height: auto; display: block; background: #eef3f8; border-radius: 6px; }
  .map path { stroke: #fff; stroke-width: .5; }
  .map path.has { cursor: pointer; }
  .map path.has:hover, .map path.has:focus { stroke: #0b1f33; stroke-width: 1.5; outline: none; }
  .legend { display: flex; flex-wrap: wrap; gap: 4px 10px; font-size: 12px; color: var(--muted); margin-top: 6px; align-items: center; }
  .legend i { display: inline-block; width: 14px; height: 10px; border-radius: 2px; margin-right: 3px; vertical-align: middle; }
  form.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin-bottom: 10px; }
  form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
  input, select, button { font: inherit; padding: 5px 7px; border: 1px solid #8a96a3; border-radius: 4px; background: #fff; color: var(--ink); max-width: 100%; }
  input[type=number] { width: 100px; }
  button { cursor: pointer; }
  button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
  button.copy { padding: 0 5px; font-size: 12px; margin-left: 4px; border-color: var(--line); color: var(--muted); }
  .scroll { overflow-x: auto; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { font-size: 12px; color: var(--muted); font-weight: 600; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  /* Phones: each row becomes a card of label/value lines. */
  @media (max-width: 720px) {
    table.cards thead { position: absolute; left: -9999px; }
    table.cards tr { display: block; border: 1px solid var(--line); border-radius: 6px; margin-bottom: 8px; padding: 4px 8px; }
    table.cards td { display: flex; justify-content: space-between; gap: 12px; border: 0; padding: 3px 0; text-align: right; }
    table.cards td::before { content: attr(data-label); color: var(--muted); font-size: 12px; text-align: left; }
    table.cards td.num { white-space: normal; }
    input[type=number] { width: 88px; }
  }
  .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
  .chip { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; }
  .chip.up { background: var(--up); } .chip.down { background: var(--down); }
  .pager { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-top: 8px; color: var(--muted); }
  .error { color: var(--down); margin: 6px 0; }
  .muted { color: var(--muted); }
  .grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 300px), 1fr)); gap: 14px; }
  .box { border: 1px solid var(--line); border-radius: 6px; padding: 10px; min-width: 0; }
  .source { font-size: 12px; color: var(--muted); margin: -2px 0 8px; }
  dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 12px; margin: 0; }
  dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
  .bar { height: 8px; background: var(--line); border-radius: 4px; overflow: hidden; width: 90px; display: inline-block; vertical-align: middle; margin-right: 6px; }
  .bar > span { display: block; height: 100%; background: var(--accent); }
  .empty { border-left: 4px solid var(--accent); }
  .empty code { background: #eef3f8; padding: 1px 5px; border-radius: 3px; }
  [hidden] { display: none !important; }
</style>
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header>
  <a class="brand" href="#/"><img src="web/favicon.svg" alt="" width="24" height="24">ThreeFold Capacity Explorer</a>
  <nav aria-label="Views">
    <a href="#/" data-view="overview">Overview</a>
    <a href="#/nodes" data-view="nodes">Nodes</a>
    <a href="#/farms" data-view="farms">Farms</a>
    <a href="#/gateways" data-view="gateways">Gateways</a>
    <a href="#/workloads" data-view="workloads">Workloads</a>
  </nav>
  <div class="links">
    <a href="api/v1">API (Swagger)</a>
    <a href="metrics">Metrics</a>
    <span class="meta" id="updated-at" aria-live="polite"></span>
    <button type="button" id="refresh">Refresh</button>
  </div>
</header>
<main id="content" tabindex="-1">
  <div id="view-overview" hidden>
    <section class="empty" id="empty" hidden>
      <h1>No capacity registered yet</h1>
      <p>This explorer keeps the directory of a 0-OS grid: farms, the nodes and gateways they run, and the
        workloads customers reserve on them. Nothing is registered here yet.</p>
      <p>To see the page with data:</p>
      <ul>
        <li>run <code>npm run demo</code> in the explorer's repository: it registers a demo farm, nodes and workloads;</li>
        <li>follow the <a href="docs/getting-started.md">getting started guide</a> to register a farm and nodes yourself;</li>
        <li>or try the API in the <a href="api/v1">Swagger UI</a>.</li>
      </ul>
    </section>
    <section id="totals">
      <h1>Grid totals</h1>
      <div class="error" id="totals-error" role="alert" hidden></div>
      <div class="tiles" id="tiles-grid"></div>
      <h2>Capacity of online nodes</h2>
      <div class="tiles" id="tiles-resources"></div>
      <h2>Deployed workloads</h2>
      <div class="tiles" id="tiles-workloads"></div>
    </section>
    <section id="countries">
      <h2>Nodes per country</h2>
      <div class="split">
        <div class="map" id="map"><p class="muted">loading map…</p></div>
        <div class="scroll">
          <table class="cards">
            <thead><tr><th>Country</th><th class="num">Nodes</th><th class="num">Online</th><th class="num">CRU online</th></tr></thead>
            <tbody id="countries-body"></tbody>
          </table>
        </div>
      </div>
    </section>
  </div>

  <section id="view-nodes" hidden>
    <h1>Nodes</h1>
    <form class="filters" id="nodes-form">
      <label>Node id<input name="node_id" size="20" placeholder="open one node"></label>
      <label>Status<select name="status"><option value="">any</option><option value="up">up</option><option value="down">down</option></select></label>
      <label>Country<input name="country" list="country-list" size="14"></label>
      <label>City contains<input name="city_contains" size="12"></label>
      <label>Farm ids<input name="farm_ids" size="10" placeholder="1,2"></label>
      <label>Free CRU ≥<input name="free_cru" type="number" min="0" step="1"></label>
      <label>Free MRU GiB ≥<input name="free_mru" type="number" min="0" step="any"></label>
      <label>Free SRU GiB ≥<input name="free_sru" type="number" min="0" step="any"></label>
      <label>Free HRU GiB ≥<input name="free_hru" type="number" min="0" step="any"></label>
      <label>Public IP<select name="ipv4"><option value="">any</option><option value="true">yes</option><option value="false">no</option></select></label>
      <label>Sort by<select name="sort_by"><option value="">registration</option><option value="node_id">node id</option><option value="farm_id">farm</option><option value="country">country</option><option value="uptime">uptime</option><option value="updated">last report</option><option value="free_cru">free CRU</option><option value="free_mru">free MRU</option><option value="free_sru">free SRU</option><option value="free_hru">free HRU</option></select></label>
      <label>Order<select name="sort_order"><option value="">ascending</option><option value="desc">descending</option></select></label>
      <label>Per page<select name="size"><option>10</option><option selected>25</option><option>50</option><option>100</option></select></label>
      <button class="primary" type="submit">Search</button>
      <a href="#/nodes">Clear</a>
    </form>
    <datalist id="country-list"></datalist>
    <div class="error" id="nodes-error" role="alert" hidden></div>
    <div class="scroll">
      <table class="cards" id="nodes-table">
        <thead><tr><th>Node</th><th>Farm</th><th>Location</th><th>Version</th><th>Uptime</th><th>Status</th>
          <th class="num">CRU</th><th class="num">MRU</th><th class="num">SRU</th><th class="num">HRU</th></tr></thead>
        <tbody id="nodes-body"></tbody>
      </table>
    </div>
    <div class="pager" id="nodes-pager"></div>
  </section>

  <section id="view-node" hidden>
    <div class="error" id="node-error" role="alert" hidden></div>
    <div id="node-view"></div>
  </section>

  <section id="view-farms" hidden>
    <h1>Farms</h1>
    <form class="filters" id="farms-form">
      <label>Name contains<input name="name_contains"></label>
      <label>Country<input name="country" list="country-list" size="14"></label>
      <label>Owner tid<input name="owner" type="number" min="1"></label>
      <label>Nodes ≥<input name="node_count" type="number" min="0" step="1"></label>
      <label>Per page<select name="size"><option>10</option><option selected>25</option><option>50</option><option>100</option></select></label>
      <button class="primary" type="submit">Search</button>
      <a href="#/farms">Clear</a>
    </form>
    <div class="error" id="farms-error" role="alert" hidden></div>
    <div class="scroll">
      <table class="cards" id="farms-table">
        <thead><tr><th class="num">Id</th><th>Name</th><th class="num">Owner tid</th><th>Location</th><th>Wallets</th></tr></thead>
        <tbody id="farms-body"></tbody>
      </table>
    </div>
    <div class="pager" id="farms-pager"></div>
  </section>

  <section id="view-farm" hidden>
    <div class="error" id="farm-error" role="alert" hidden></div>
    <div id="farm-view"></div>
  </section>

  <section id="view-gateways" hidden>
    <h1>Gateways</h1>
    <form class="filters" id="gateways-form">
      <label>Status<select name="status"><option value="">any</option><option value="up">up</option><option value="down">down</option></select></label>
      <label>Country<input name="country" list="country-list" size="14"></label>
      <label>Farm ids<input name="farm_ids" size="10" placeholder="1,2"></label>
      <label>Manages domains<select name="domain"><option value="">any</option><option value="true">yes</option><option value="false">no</option></select></label>
      <label>Per page<select name="size"><option>10</option><option selected>25</option><option>50</option><option>100</option></select></label>
      <button class="primary" type="submit">Search</button>
      <a href="#/gateways">Clear</a>
    </form>
    <div class="error" id="gateways-error" role="alert" hidden></div>
    <div class="scroll">
      <table class="cards" id="gateways-table">
        <thead><tr><th>Gateway</th><th>Farm</th><th>Location</th><th>Version</th><th>Uptime</th><th>Status</th><th>Domains</th></tr></thead>
        <tbody id="gateways-body"></tbody>
      </table>
    </div>
    <div class="pager" id="gateways-pager"></div>
  </section>

  <section id="view-workloads" hidden>
    <h1>Workload or reservation</h1>
    <form class="filters" id="workloads-form">
      <label>Workload or reservation id<input name="id" type="number" min="1" required></label>
      <button class="primary" type="submit">Show</button>
    </form>
    <div class="error" id="workload-error" role="alert" hidden></div>
    <div id="workload-view"></div>
  </section>
</main>
<script src="web/d3-array.min.js"></script>
<script src="web/d3-geo.min.js"></script>
<script src="web/topojson-client.min.js"></script>
<script>
(function () {
  'use strict';
  // Relative so that the page also works behind a reverse proxy under a path prefix.
  var API = 'api/v1/';
  var STATES = ['create', 'sign', 'pay', 'deploy', 'delete', 'invalid', 'deleted', 'migrated'];
  var TYPES = ['zdb', 'container', 'volume', 'network', 'kubernetes', 'proxy', 'reverse_proxy', 'subdomain',
    'domain_delegate', 'gateway4to6', 'network_resource'];
  var RESULT_STATES = ['error', 'ok', 'deleted'];
  var REFRESH_MS = 60000;
  // Natural Earth short names for the country names nodes usually report.
  var MAP_ALIASES = {
    'united states': 'united states of america', 'usa': 'united states of america', 'czech republic': 'czechia',
    'russian federation': 'russia', 'democratic republic of the congo': 'dem. rep. congo',
    'bosnia and herzegovina': 'bosnia and herz.', 'central african republic': 'central african rep.',
    'dominican republic': 'dominican rep.', 'south sudan': 's. sudan', 'ivory coast': "côte d'ivoire",
    'the netherlands': 'netherlands', 'republic of the congo': 'congo', 'equatorial guinea': 'eq. guinea',
    'north macedonia': 'macedonia', 'solomon islands': 'solomon is.', 'western sahara': 'w. sahara',
    'korea, republic of': 'south korea', 'republic of korea': 'south korea', 'viet nam': 'vietnam'
  };

  function $(id) { return document.getElementById(id); }

  /** Builds an element; strings become text nodes, so API data is never parsed as HTML. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined) return;
      if (k === 'onclick') node.addEventListener('click', attrs[k]);
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    });
    return node;
  }
  function svgEl(tag, attrs) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function showError(id, message) { var e = $(id); e.textContent = message || ''; e.hidden = !message; }

  function request(path) {
    return fetch(API + path, { headers: { Accept: 'application/json' } }).then(function (res) {
      return res.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
        if (!res.ok) {
          var err = new Error(body && typeof body.error === 'string' ? body.error : 'HTTP ' + res.status);
          err.status = res.status;
          throw err;
        }
        return { body: body, headers: res.headers };
      });
    });
  }

  // ---- formatting: one unit system, GiB / TiB / PiB (binary), as the filters ---------------------
  function num(v) { return typeof v === 'number' && isFinite(v) ? v : 0; }
  function fmtInt(v) { return Math.round(num(v)).toLocaleString('en-US'); }
  function fmtNum(v, digits) { return (Math.round(num(v) * Math.pow(10, digits)) / Math.pow(10, digits)).toLocaleString('en-US'); }
  function fmtGiB(v) {
    var units = ['GiB', 'TiB', 'PiB'], i = 0, x = num(v);
    while (x >= 1024 && i < units.length - 1) { x /= 1024; i++; }
    return fmtNum(x, x >= 100 ? 0 : 1) + ' ' + units[i];
  }
  function fmtDuration(seconds) {
    var s = Math.max(0, Math.floor(num(seconds)));
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    if (d > 0) return d + 'd ' + h + 'h';
    if (h > 0) return h + 'h ' + m + 'm';
    return m + 'm';
  }
  function fmtDate(unix) { return num(unix) > 0 ? new Date(unix * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '-'; }
  function place(loc) {
    if (!loc) return '-';
    var parts = [loc.city, loc.country].filter(function (p) { return p; });
    return parts.length ? parts.join(', ') : '-';
  }
  function stateName(v) { return typeof v === 'number' && STATES[v] ? STATES[v] : String(v); }
  function typeName(v) { return typeof v === 'number' && TYPES[v] ? TYPES[v] : String(v); }
  function status(online) { return el('span', { 'class': 'chip ' + (online ? 'up' : 'down') }, [online ? 'up' : 'down']); }

  /** A long id shortened in the text, whole in the title, with a copy button; "href" makes it a link. */
  function idCell(id, href) {
    var text = String(id);
    var short = text.length > 14 ? text.slice(0, 6) + '…' + text.slice(-4) : text;
    var label = href ? el('a', { href: href, title: text, 'class': 'mono' }, [short]) : el('span', { title: text, 'class': 'mono' }, [short]);
    var copy = el('button', { type: 'button', 'class': 'copy', 'aria-label': 'Copy ' + text, title: 'Copy full id' }, ['copy']);
    copy.addEventListener('click', function (ev) {
      ev.stopPropagation();
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { copy.textContent = 'copied'; }, function () { copy.textContent = 'copy failed'; });
    });
    return el('span', null, [label, copy]);
  }
  function dl(pairs) {
    var list = el('dl');
    pairs.forEach(function (p) { list.appendChild(el('dt', null, [p[0]])); list.appendChild(el('dd', null, [p[1]])); });
    return list;
  }
  function box(title, source, content) {
    return el('div', { 'class': 'box' }, [el('h2', null, [title]), source ? el('p', { 'class': 'source' }, [source]) : null, content]);
  }
  function tile(value, title) { return el('div', { 'class': 'tile' }, [el('div', { 'class': 'v' }, [value]), el('div', { 'class': 't' }, [title])]); }
  function gauge(reserved, total, fmt) {
    var pct = num(total) > 0 ? Math.min(100, num(reserved) / num(total) * 100) : 0;
    var bar = el('span', { 'class': 'bar', role: 'img', 'aria-label': pct.toFixed(0) + '% reserved' }, [el('span', { style: 'width:' + pct.toFixed(1) + '%' })]);
    return el('span', null, [bar, fmt(reserved) + ' of ' + fmt(total)]);
  }
  /** Table rows whose cells carry their column label (shown on phones, where rows become cards). */
  function fillTable(tbodyId, labels, rows, emptyText) {
    var body = clear($(tbodyId));
    if (!rows.length) body.appendChild(el('tr', null, [el('td', { colspan: String(labels.length), 'class': 'muted' }, [emptyText || 'nothing found'])]));
    rows.forEach(function (cells) {
      body.appendChild(el('tr', null, cells.map(function (c, i) {
        var numeric = labels[i].charAt(0) === '#';
        return el('td', { 'data-label': numeric ? labels[i].slice(1) : labels[i], 'class': numeric ? 'num' : null }, [c]);
      })));
    });
  }

  // ---- routing: the URL hash is the state ---------------------------------------------------------
  function parseRoute() {
    var hash = location.hash.replace(/^#\/?/, '');
    var q = hash.indexOf('?');
    var path = (q < 0 ? hash : hash.slice(0, q)).split('/').filter(function (p) { return p; }).map(decodeURIComponent);
    return { path: path, query: new URLSearchParams(q < 0 ? '' : hash.slice(q + 1)) };
  }
  function href(path, query) {
    var qs = query ? query.toString() : '';
    return '#/' + path.map(encodeURIComponent).join('/') + (qs ? '?' + qs : '');
  }
  function go(path, query) { location.hash = href(path, query); }
  function formQuery(form) {
    var q = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (String(v).trim() !== '') q.set(k, String(v).trim()); });
    return q;
  }
  function fillForm(form, query) {
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name) return;
      if (query.has(input.name)) input.value = query.get(input.name);
      else if (input.tagName === 'SELECT') input.value = input.name === 'size' ? '25' : '';
      else input.value = '';
    });
  }

  var VIEWS = ['overview', 'nodes', 'node', 'farms', 'farm', 'gateways', 'workloads'];
  var current = null;
  function show(view) {
    VIEWS.forEach(function (v) { $('view-' + v).hidden = v !== view; });
    var section = view === 'node' ? 'nodes' : view === 'farm' ? 'farms' : view;
    document.querySelectorAll('header nav a').forEach(function (a) {
      if (a.getAttribute('data-view') === section) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
  }
  function render() {
    var r = parseRoute();
    var head = r.path[0] || 'overview';
    var id = r.path[1];
    if (head === 'nodes' && id) { show('node'); current = function () { return loadNode(id); }; }
    else if (head === 'farms' && id) { show('farm'); current = function () { return loadFarm(id); }; }
    else if (head === 'workloads') { show('workloads'); current = function () { return loadWorkload(id); }; }
    else if (head === 'nodes' || head === 'farms' || head === 'gateways') {
      show(head);
      fillForm($(head + '-form'), r.query);
      current = function () { return lists[head](r.query); };
    } else { show('overview'); current = loadOverview; }
    return current();
  }

  // ---- overview: totals, map, countries -----------------------------------------------------------
  function fillCountries(countries) {
    var list = clear($('country-list'));
    countries.forEach(function (c) { if (c.country) list.appendChild(el('option', { value: c.country })); });
  }
  function loadOverview() {
    return request('stats').then(function (r) {
      var s = r.body;
      showError('totals-error', '');
      $('empty').hidden = s.nodes.total + s.gateways.total + s.farms > 0;
      var g = clear($('tiles-grid'));
      [[fmtInt(s.nodes.online) + ' / ' + fmtInt(s.nodes.total), 'nodes online / registered'],
        [fmtInt(s.gateways.online) + ' / ' + fmtInt(s.gateways.total), 'gateways online / registered'],
        [fmtInt(s.farms), 'farms'], [fmtInt(s.countries), 'countries']].forEach(function (t) { g.appendChild(tile(t[0], t[1])); });
      var res = clear($('tiles-resources')), o = s.online_resources;
      [[fmtInt(o.cru), 'CRU (cores)'], [fmtGiB(o.mru), 'MRU (memory)'], [fmtGiB(o.sru), 'SRU (SSD)'], [fmtGiB(o.hru), 'HRU (HDD)']]
        .forEach(function (t) { res.appendChild(tile(t[0], t[1])); });
      var w = clear($('tiles-workloads'));
      var deployed = Object.keys(s.workloads_deployed).filter(function (k) { return s.workloads_deployed[k] > 0; });
      if (!deployed.length) w.appendChild(el('p', { 'class': 'muted' }, ['none deployed']));
      deployed.forEach(function (k) { w.appendChild(tile(fmtInt(s.workloads_deployed[k]), k.replace(/_/g, ' '))); });
      var known = s.nodes_per_country.filter(function (c) { return c.country; });
      fillTable('countries-body', ['Country', '#Nodes', '#Online', '#CRU online'], s.nodes_per_country.map(function (c) {
        var name = c.country || '(no location)';
        var link = c.country ? el('a', { href: href(['nodes'], new URLSearchParams({ country: c.country })) }, [name]) : name;
        return [link, fmtInt(c.nodes), fmtInt(c.online), fmtInt(c.online_resources.cru)];
      }), 'no nodes');
      fillCountries(known);
      $('updated-at').textContent = 'updated ' + fmtDate(s.generated_at).slice(11);
      return drawMap(known);
    }).catch(function (e) { showError('totals-error', 'totals: ' + e.message); });
  }

  var worldShapes = null;
  function loadShapes() {
    if (!worldShapes) worldShapes = fetch('web/countries-110m.json').then(function (r) { return r.json(); }).then(function (topo) {
      return window.topojson.feature(topo, topo.objects.countries).features;
    });
    return worldShapes;
  }
  var COLORS = ['#dbe7f3', '#a9c8ea', '#6fa3dc', '#3a78c4', '#134f96'];
  var NONE_ONLINE = '#b9a27a';
  /** Choropleth of online nodes per country; countries with nodes are links to the filtered node list. */
  function drawMap(countries) {
    var d3 = window.d3;
    return loadShapes().then(function (features) {
      var byName = {};
      countries.forEach(function (c) {
        var key = c.country.toLowerCase();
        byName[MAP_ALIASES[key] || key] = c;
      });
      var max = countries.reduce(function (m, c) { return Math.max(m, c.online); }, 0);
      var bin = function (n) { return n <= 0 ? 0 : max <= 1 ? 4 : 1 + Math.min(3, Math.floor((n - 1) / max * 4)); };
      var width = 960, height = 470;
      var projection = d3.geoNaturalEarth1().fitSize([width, height], { type: 'FeatureCollection', features: features });
      var path = d3.geoPath(projection);
      var svg = svgEl('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'group', 'aria-label': 'World map of online nodes per country' });
      features.forEach(function (f) {
        var name = f.properties.name;
        var c = byName[name.toLowerCase()];
        var shape = svgEl('path', { d: path(f) || '', fill: !c ? COLORS[0] : c.online > 0 ? COLORS[bin(c.online)] : NONE_ONLINE, 'data-country': c ? c.country : name });
        var title = svgEl('title');
        title.textContent = c ? c.country + ': ' + c.online + ' online of ' + c.nodes : name + ': no nodes';
        shape.appendChild(title);
        if (c) {
          shape.setAttribute('class', 'has');
          shape.setAttribute('tabindex', '0');
          shape.setAttribute('role', 'link');
          shape.setAttribute('aria-label', title.textContent + ', show its nodes');
          var open = function () { go(['nodes'], new URLSearchParams({ country: c.country })); };
          shape.addEventListener('click', open);
          shape.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); open(); } });
        }
        svg.appendChild(shape);
      });
      var legend = el('div', { 'class': 'legend' }, [el('span', null, ['online nodes:'])]);
      legend.appendChild(el('span', null, [el('i', { style: 'background:' + COLORS[0] }), 'no nodes']));
      legend.appendChild(el('span', null, [el('i', { style: 'background:' + NONE_ONLINE }), 'none online']));
      legend.appendChild(el('span', null, [el('i', { style: 'background:' + COLORS[1] }), 'few']));
      legend.appendChild(el('span', null, [el('i', { style: 'background:' + COLORS[4] }), 'most (' + fmtInt(max) + ')']));
      legend.appendChild(el('span', null, ['· click a country to list its nodes']));
      var map = clear($('map'));
      map.appendChild(svg);
      map.appendChild(legend);
    }, function () { clear($('map')).appendChild(el('p', { 'class': 'muted' }, ['the map could not be loaded'])); });
  }

  // ---- paginated lists ------------------------------------------------------------------------------
  var seq = 0;
  /** Loads one page of a list for the query of the hash and renders it with a pager that edits the hash. */
  function listView(name, path, labels, row) {
    return function (query) {
      var mine = ++seq;
      var q = new URLSearchParams(query);
      if (!q.has('size')) q.set('size', '25');
      return request(path + '?' + q.toString()).then(function (r) {
        if (mine !== seq) return;
        showError(name + '-error', '');
        fillTable(name + '-body', labels, (Array.isArray(r.body) ? r.body : []).map(row));
        var pages = parseInt(r.headers.get('Pages') || '0', 10) || 0;
        var total = parseInt(r.headers.get('X-Total-Count') || '0', 10) || 0;
        var page = parseInt(q.get('page') || '1', 10) || 1;
        var pager = clear($(name + '-pager'));
        var to = function (p) { var n = new URLSearchParams(query); n.set('page', String(p)); return href([name], n); };
        if (page > 1) pager.appendChild(el('a', { href: to(page - 1) }, ['‹ previous']));
        pager.appendChild(el('span', null, ['page ' + page + ' of ' + Math.max(pages, 1) + ' · ' + fmtInt(total) + ' in total']));
        if (page < pages) pager.appendChild(el('a', { href: to(page + 1) }, ['next ›']));
      }, function (e) {
        if (mine !== seq) return;
        showError(name + '-error', e.message);
        fillTable(name + '-body', labels, []);
        clear($(name + '-pager'));
      });
    };
  }
  function farmLink(id) { return el('a', { href: href(['farms', String(id)]) }, [String(id)]); }
  var lists = {
    nodes: listView('nodes', 'nodes', ['Node', 'Farm', 'Location', 'Version', 'Uptime', 'Status', '#CRU', '#MRU', '#SRU', '#HRU'], function (n) {
      var t = n.total_resources || {};
      return [idCell(n.node_id, href(['nodes', n.node_id])), farmLink(n.farm_id), place(n.location), n.os_version || '-',
        fmtDuration(n.uptime), status(n.online), fmtInt(t.cru), fmtGiB(t.mru), fmtGiB(t.sru), fmtGiB(t.hru)];
    }),
    farms: listView('farms', 'farms', ['#Id', 'Name', '#Owner tid', 'Location', 'Wallets'], function (f) {
      var wallets = (f.wallet_addresses || []).map(function (w) { return w.asset; }).join(', ');
      return [el('a', { href: href(['farms', String(f.id)]) }, [String(f.id)]), el('a', { href: href(['farms', String(f.id)]) }, [f.name]),
        String(f.threebot_id), place(f.location), wallets || '-'];
    }),
    gateways: listView('gateways', 'gateways', ['Gateway', 'Farm', 'Location', 'Version', 'Uptime', 'Status', 'Domains'], function (g) {
      return [idCell(g.node_id), farmLink(g.farm_id), place(g.location), g.os_version || '-', fmtDuration(g.uptime), status(g.online),
        (g.managed_domains || []).join(', ') || '-'];
    })
  };
  $('nodes-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var q = formQuery(ev.target);
    var id = q.get('node_id');
    if (id) go(['nodes', id]); else go(['nodes'], q);
  });
  ['farms', 'gateways'].forEach(function (name) {
    $(name + '-form').addEventListener('submit', function (ev) { ev.preventDefault(); go([name], formQuery(ev.target)); });
  });

  // ---- node detail: the explorer's knowledge beside the node's own reports ---------------------------
  function loadNode(id) {
    // A refresh keeps the current content until the new one arrives.
    var view = $('node-view');
    showError('node-error', '');
    if (!view.firstChild) view.appendChild(el('p', { 'class': 'muted' }, ['loading node…']));
    return Promise.all([request('nodes/' + encodeURIComponent(id)), request('nodes/' + encodeURIComponent(id) + '/deployments'),
      request('reservations/workloads?size=20&node_id=' + encodeURIComponent(id))]).then(function (rs) {
      var n = rs[0].body, d = rs[1].body, recent = Array.isArray(rs[2].body) ? rs[2].body : [];
      var t = n.total_resources || {}, r = n.reserved_resources || {};
      var pc = n.public_config;
      var reported = n.workloads || {};
      var reportedCounts = Object.keys(reported).filter(function (k) { return reported[k] > 0; })
        .map(function (k) { return [k.replace(/_/g, ' '), fmtInt(reported[k])]; });
      var known = d.workloads.length ? el('table', null, [
        el('thead', null, [el('tr', null, ['Type', 'State', 'Count', 'CU/s', 'SU/s'].map(function (h, i) { return el('th', { 'class': i > 1 ? 'num' : null }, [h]); }))]),
        el('tbody', null, d.workloads.map(function (w) {
          return el('tr', null, [el('td', null, [w.type]), el('td', null, [w.state]), el('td', { 'class': 'num' }, [fmtInt(w.count)]),
            el('td', { 'class': 'num' }, [fmtNum(w.cu, 4)]), el('td', { 'class': 'num' }, [fmtNum(w.su, 4)])]);
        }))]) : el('p', { 'class': 'muted' }, ['no workloads to deploy or delete here']);
      var recentList = recent.length ? el('ul', null, recent.map(function (w) {
        return el('li', null, [el('a', { href: href(['workloads', String(w.id)]) }, ['#' + w.id]), ' ' + typeName(w.workload_type) + ', ' + stateName(w.next_action)]);
      })) : null;
      clear(view);
      view.appendChild(el('h1', null, ['Node ', idCell(n.node_id)]));
      view.appendChild(el('div', { 'class': 'grid2' }, [
        box('Registration', 'as the node registered itself', dl([
          ['Node id', el('span', { 'class': 'mono', style: 'overflow-wrap:anywhere' }, [n.node_id])], ['Hostname', n.hostname || '-'],
          ['Farm', farmLink(n.farm_id)], ['Location', place(n.location)], ['Version', n.os_version || '-'],
          ['Status', status(n.online)], ['Uptime', fmtDuration(n.uptime)], ['Last report', fmtDate(n.updated)],
          ['Registered', fmtDate(n.created)], ['Free to use', n.free_to_use ? 'yes' : 'no'],
          ['Public config', pc ? (pc.ipv4 || '-') + ' · ' + (pc.ipv6 || '-') : 'none']
        ])),
        box('Known to the explorer', 'workloads on this node by type and state; capacity as their pools account it', el('div', null, [
          known,
          dl([['Active CU', fmtNum(d.active_cu, 4) + ' per second'], ['Active SU', fmtNum(d.active_su, 4) + ' per second']]),
          recentList ? el('h3', { style: 'margin-top:8px' }, ['Workloads here (first 20)']) : null, recentList
        ])),
        box('Reported by the node', 'its last capacity and used-resources reports', el('div', null, [
          dl([['CRU', gauge(r.cru, t.cru, fmtInt)], ['MRU', gauge(r.mru, t.mru, fmtGiB)], ['SRU', gauge(r.sru, t.sru, fmtGiB)],
            ['HRU', gauge(r.hru, t.hru, fmtGiB)]]),
          el('h3', { style: 'margin-top:8px' }, ['Workloads it reports running']),
          reportedCounts.length ? dl(reportedCounts) : el('p', { 'class': 'muted' }, ['none reported'])
        ])),
        box('Interfaces', 'as the node reports them', (n.ifaces || []).length ? dl(n.ifaces.map(function (i) {
          return [i.name, (i.addrs || []).join(', ') || '-'];
        })) : el('p', { 'class': 'muted' }, ['none reported']))
      ]));
    }).catch(function (e) {
      clear(view);
      showError('node-error', e.status === 404 ? 'no node ' + id : e.message);
    });
  }

  // ---- farm detail ------------------------------------------------------------------------------------
  function loadFarm(id) {
    var view = clear($('farm-view'));
    showError('farm-error', '');
    return Promise.all([request('farms/' + encodeURIComponent(id)), request('nodes?size=1&farm_ids=' + encodeURIComponent(id)),
      request('nodes?size=1&status=up&farm_ids=' + encodeURIComponent(id))]).then(function (rs) {
      var f = rs[0].body;
      var total = rs[1].headers.get('X-Total-Count') || '0', up = rs[2].headers.get('X-Total-Count') || '0';
      var wallets = (f.wallet_addresses || []).map(function (w) { return [w.asset, el('span', { 'class': 'mono', style: 'overflow-wrap:anywhere' }, [w.address])]; });
      var prices = (f.resource_prices || []).map(function (p) {
        return ['currency ' + p.currency, 'cru ' + p.cru + ', mru ' + p.mru + ', hru ' + p.hru + ', sru ' + p.sru + ', nru ' + p.nru];
      });
      view.appendChild(el('h1', null, ['Farm ' + f.name]));
      view.appendChild(el('div', { 'class': 'grid2' }, [
        box('Farm', null, dl([['Farm id', String(f.id)], ['Name', f.name], ['Owner tid', String(f.threebot_id)], ['Location', place(f.location)],
          ['Nodes', el('a', { href: href(['nodes'], new URLSearchParams({ farm_ids: String(f.id) })) }, [up + ' up of ' + total])],
          ['Prefix zero', f.prefix_zero || '-'], ['Farmer signature required', f.require_farmer_signature ? 'yes' : 'no']])),
        box('Wallets', null, wallets.length ? dl(wallets) : el('p', { 'class': 'muted' }, ['none'])),
        box('Resource prices', null, prices.length ? dl(prices) : el('p', { 'class': 'muted' }, ['none']))
      ]));
    }).catch(function (e) { showError('farm-error', e.status === 404 ? 'no farm ' + id : e.message); });
  }

  // ---- workload / reservation --------------------------------------------------------------------------
  function historyTable(entries) {
    if (!entries.length) return el('p', { 'class': 'muted' }, ['no recorded transitions']);
    var rows = entries.map(function (h) {
      return el('tr', null, [el('td', { 'data-label': 'When' }, [fmtDate(h.time)]),
        el('td', { 'data-label': 'From' }, [h.from === null || h.from === undefined ? '-' : stateName(h.from)]),
        el('td', { 'data-label': 'To' }, [stateName(h.to)]), el('td', { 'data-label': 'Cause' }, [h.cause || '-']),
        el('td', { 'data-label': 'Actor' }, [h.actor || '-'])]);
    });
    return el('table', { 'class': 'cards' }, [el('thead', null, [el('tr', null, ['When', 'From', 'To', 'Cause', 'Actor'].map(function (t) { return el('th', null, [t]); }))]),
      el('tbody', null, rows)]);
  }
  function showWorkload(w, history) {
    var result = w.result || {};
    var view = clear($('workload-view'));
    view.appendChild(el('div', { 'class': 'grid2' }, [
      box('Workload ' + w.id, null, dl([
        ['State', el('strong', null, [stateName(w.next_action)])], ['Type', typeName(w.workload_type)],
        ['Node', idCell(w.node_id, href(['nodes', w.node_id]))], ['Pool', String(w.pool_id)], ['Customer tid', String(w.customer_tid)],
        ['Created', fmtDate(w.epoch)], ['Description', w.description || '-'],
        ['Result', result.epoch ? (RESULT_STATES[result.state] || String(result.state)) + (result.message ? ': ' + result.message : '') : 'none']
      ])),
      box('History', 'every state change, oldest first', historyTable(history))
    ]));
  }
  function resultsTable(results) {
    if (!results.length) return el('p', { 'class': 'muted' }, ['no results yet']);
    return el('table', { 'class': 'cards' }, [el('thead', null, [el('tr', null, ['Workload', 'Node', 'Result'].map(function (t) { return el('th', null, [t]); }))]),
      el('tbody', null, results.map(function (x) {
        return el('tr', null, [el('td', { 'data-label': 'Workload', 'class': 'mono' }, [x.workload_id]),
          el('td', { 'data-label': 'Node' }, [idCell(x.node_id, href(['nodes', x.node_id]))]),
          el('td', { 'data-label': 'Result' }, [(RESULT_STATES[x.state] || String(x.state)) + (x.message ? ': ' + x.message : '')])]);
      }))]);
  }
  function showReservation(r, history) {
    var data = r.data_reservation || {};
    var count = ['containers', 'volumes', 'zdbs', 'networks', 'kubernetes', 'proxies', 'reverse_proxies', 'subdomains', 'domain_delegates', 'gateway4to6']
      .reduce(function (sum, k) { return sum + (Array.isArray(data[k]) ? data[k].length : 0); }, 0);
    clear($('workload-view')).appendChild(el('div', { 'class': 'grid2' }, [
      box('Reservation ' + r.id + ' (multi-workload)', null, dl([
        ['State', el('strong', null, [stateName(r.next_action)])], ['Customer tid', String(r.customer_tid)],
        ['Created', fmtDate(r.epoch)], ['Workloads', String(count)]
      ])),
      box('Results', 'per workload and node', resultsTable(r.results || [])),
      box('History', 'every state change, oldest first', historyTable(history))
    ]));
  }
  function loadWorkload(id) {
    clear($('workload-view'));
    showError('workload-error', '');
    $('workloads-form').elements.namedItem('id').value = id || '';
    if (!id) return Promise.resolve();
    if (!/^\d+$/.test(id)) { showError('workload-error', 'enter a numeric id'); return Promise.resolve(); }
    return Promise.all([request('reservations/workloads/' + id), request('reservations/workloads/' + id + '/history')]).then(function (rs) {
      showWorkload(rs[0].body, Array.isArray(rs[1].body) ? rs[1].body : []);
    }, function (e) {
      // Workloads and legacy reservations share one id sequence: fall back to the reservation.
      if (e.status !== 404) throw e;
      return Promise.all([request('reservations/' + id), request('reservations/' + id + '/history')]).then(function (rs) {
        showReservation(rs[0].body, Array.isArray(rs[1].body) ? rs[1].body : []);
      });
    }).catch(function (e) { showError('workload-error', e.status === 404 ? 'no workload or reservation ' + id : e.message); });
  }
  $('workloads-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    go(['workloads', String(new FormData(ev.target).get('id') || '').trim()]);
  });

  // ---- refresh: on demand, and every minute while the tab is visible ---------------------------------
  function refresh() { return current ? current() : render(); }
  $('refresh').addEventListener('click', refresh);
  setInterval(function () { if (document.visibilityState === 'visible') refresh(); }, REFRESH_MS);
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'visible') refresh(); });
  window.addEventListener('hashchange', function () { render(); });
  render();
  // The country suggestions of the filters come with the overview; other first views fetch them once.
  if (parseRoute().path[0]) request('stats').then(function (r) { fillCountries(r.body.nodes_per_country); }, function () {});
})();
</script>
</body>
</html>
`;
