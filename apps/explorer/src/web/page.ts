/**
 * The capacity explorer page served at `/` (decisions.md §5, directory.md §10.7): one self-contained
 * document, inline CSS and vanilla JS, no build step and no CDN (operators may run without internet).
 * It is a TS string so that `tsc` output carries it. String.raw keeps the script's backslashes; the
 * script itself uses no backticks and no dollar-brace, so nothing is interpolated here.
 *
 * Every API string reaches the DOM through textContent / createTextNode (never innerHTML).
 */
export const INDEX_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ThreeFold Capacity Explorer</title>
<style>
  :root { --bg: #f4f6f9; --card: #fff; --ink: #1d2733; --muted: #6b7785; --line: #dfe4ea; --accent: #1f6feb;
          --up: #1a7f37; --warn: #bf8700; --down: #cf222e; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--ink); }
  header { background: #0b1f33; color: #fff; padding: 12px 24px; display: flex; align-items: center; gap: 16px; flex-wrap: wrap; }
  header h1 { font-size: 18px; margin: 0; flex: 1; }
  header .meta { font-size: 12px; opacity: .8; }
  main { max-width: 1280px; margin: 0 auto; padding: 16px; }
  section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin-bottom: 16px; }
  section h2 { font-size: 16px; margin: 0 0 12px; }
  .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin-bottom: 10px; }
  .tile { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
  .tile .v { font-size: 22px; font-weight: 600; }
  .tile .t { color: var(--muted); font-size: 12px; }
  form.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin-bottom: 10px; }
  form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
  input, select, button { font: inherit; padding: 4px 6px; border: 1px solid var(--line); border-radius: 4px; background: #fff; color: var(--ink); }
  input[type=number] { width: 90px; }
  button { cursor: pointer; }
  button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
  header button { background: transparent; color: #fff; border-color: #ffffff66; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { font-size: 12px; color: var(--muted); font-weight: 600; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  tr.row { cursor: pointer; }
  tr.row:hover { background: #f0f4fa; }
  tr.detail > td { background: #fafbfc; }
  .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; word-break: break-all; }
  .chip { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; }
  .chip.up { background: var(--up); } .chip.warn { background: var(--warn); } .chip.down { background: var(--down); }
  .pager { display: flex; gap: 8px; align-items: center; margin-top: 8px; color: var(--muted); }
  .error { color: var(--down); margin: 6px 0; }
  .muted { color: var(--muted); }
  .grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 16px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
  dt { color: var(--muted); } dd { margin: 0; }
  .bar { height: 8px; background: var(--line); border-radius: 4px; overflow: hidden; width: 160px; display: inline-block; vertical-align: middle; margin-right: 6px; }
  .bar > span { display: block; height: 100%; background: var(--accent); }
  h3 { font-size: 13px; margin: 0 0 6px; }
</style>
</head>
<body>
<header>
  <h1>ThreeFold Capacity Explorer</h1>
  <span class="meta" id="updated-at"></span>
  <button type="button" id="refresh">Refresh</button>
</header>
<main>
  <section id="totals">
    <h2>Grid totals</h2>
    <div class="error" id="totals-error" hidden></div>
    <div class="tiles" id="tiles-grid"></div>
    <div class="tiles" id="tiles-resources"></div>
    <div class="tiles" id="tiles-workloads"></div>
  </section>

  <section id="countries">
    <h2>Nodes per country</h2>
    <table>
      <thead><tr><th>Country</th><th class="num">Nodes</th><th class="num">Online</th><th></th></tr></thead>
      <tbody id="countries-body"></tbody>
    </table>
  </section>

  <section id="nodes">
    <h2>Nodes</h2>
    <form class="filters" id="nodes-form">
      <label>Node id<input name="node_id" size="24" placeholder="exact node id"></label>
      <label>Farm id<input name="farm" type="number" min="1"></label>
      <label>Country<input name="country" list="country-list"></label>
      <label>City<input name="city"></label>
      <label>Status<select name="online"><option value="">any</option><option value="true" selected>online</option><option value="false">offline</option></select></label>
      <label>Free CRU ≥<input name="free_cru" type="number" min="0" step="any"></label>
      <label>Free MRU (GiB) ≥<input name="free_mru" type="number" min="0" step="any"></label>
      <label>Free SRU (GiB) ≥<input name="free_sru" type="number" min="0" step="any"></label>
      <label>Free HRU (GiB) ≥<input name="free_hru" type="number" min="0" step="any"></label>
      <label>Per page<select name="size"><option>10</option><option selected>25</option><option>50</option><option>100</option></select></label>
      <button class="primary" type="submit">Search</button>
      <button type="reset">Clear</button>
    </form>
    <datalist id="country-list"></datalist>
    <div class="error" id="nodes-error" hidden></div>
    <table>
      <thead><tr><th>Node id</th><th>Farm</th><th>Location</th><th>Version</th><th>Uptime</th><th>Status</th>
        <th class="num">CRU</th><th class="num">MRU</th><th class="num">SRU</th><th class="num">HRU</th></tr></thead>
      <tbody id="nodes-body"></tbody>
    </table>
    <div class="pager" id="nodes-pager"></div>
  </section>

  <section id="farms">
    <h2>Farms</h2>
    <form class="filters" id="farms-form">
      <label>Owner tid<input name="owner" type="number" min="1"></label>
      <label>Name<input name="name" placeholder="exact name"></label>
      <label>Per page<select name="size"><option>10</option><option selected>25</option><option>50</option><option>100</option></select></label>
      <button class="primary" type="submit">Search</button>
      <button type="reset">Clear</button>
    </form>
    <div class="error" id="farms-error" hidden></div>
    <table>
      <thead><tr><th class="num">Id</th><th>Name</th><th class="num">Owner tid</th><th>Location</th><th>Wallets</th><th></th></tr></thead>
      <tbody id="farms-body"></tbody>
    </table>
    <div class="pager" id="farms-pager"></div>
  </section>

  <section id="gateways">
    <h2>Gateways</h2>
    <form class="filters" id="gateways-form">
      <label>Farm id<input name="farm_id" type="number" min="1"></label>
      <label>Country<input name="country" list="country-list"></label>
      <label>City<input name="city"></label>
      <label>Per page<select name="size"><option>10</option><option selected>25</option><option>50</option><option>100</option></select></label>
      <button class="primary" type="submit">Search</button>
      <button type="reset">Clear</button>
    </form>
    <div class="error" id="gateways-error" hidden></div>
    <table>
      <thead><tr><th>Gateway id</th><th>Farm</th><th>Location</th><th>Version</th><th>Uptime</th><th>Status</th></tr></thead>
      <tbody id="gateways-body"></tbody>
    </table>
    <div class="pager" id="gateways-pager"></div>
  </section>

  <section id="workload">
    <h2>Workload / reservation</h2>
    <form class="filters" id="workload-form">
      <label>Workload or reservation id<input name="id" type="number" min="1" required></label>
      <button class="primary" type="submit">Show</button>
    </form>
    <div class="error" id="workload-error" hidden></div>
    <div id="workload-view"></div>
  </section>
</main>
<script>
(function () {
  'use strict';
  // Relative so that the page also works behind a reverse proxy under a path prefix.
  var API = 'api/v1/';
  var STATES = ['create', 'sign', 'pay', 'deploy', 'delete', 'invalid', 'deleted', 'migrated'];
  var TYPES = ['zdb', 'container', 'volume', 'network', 'kubernetes', 'proxy', 'reverse_proxy', 'subdomain',
    'domain_delegate', 'gateway4to6', 'network_resource'];
  var RESULT_STATES = ['error', 'ok', 'deleted'];
  var UP_SECONDS = 15 * 60;
  var onlineThreshold = 20 * 60;

  function $(id) { return document.getElementById(id); }

  /** Builds an element; strings become text nodes, so API data is never parsed as HTML. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'onclick') node.addEventListener('click', attrs[k]);
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
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

  function num(v) { return typeof v === 'number' && isFinite(v) ? v : 0; }
  function fmtInt(v) { return Math.round(num(v)).toLocaleString('en-US'); }
  /** GiB amounts, scaled to TiB/PiB above 9999 like the reference tiles. */
  function fmtGB(v) {
    var units = ['GB', 'TB', 'PB'], i = 0, x = num(v);
    while (x > 9999 && i < units.length - 1) { x /= 1024; i++; }
    return (Math.round(x * 10) / 10).toLocaleString('en-US') + ' ' + units[i];
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
    var parts = [loc.country, loc.city].filter(function (p) { return p; });
    return parts.length ? parts.join(', ') : '-';
  }
  function stateName(v) { return typeof v === 'number' && STATES[v] ? STATES[v] : String(v); }
  function typeName(v) { return typeof v === 'number' && TYPES[v] ? TYPES[v] : String(v); }

  /** up below 15 min since the last report, "likely down" until the server threshold, down after. */
  function status(updated) {
    var age = Date.now() / 1000 - num(updated);
    if (age < Math.min(UP_SECONDS, onlineThreshold)) return el('span', { 'class': 'chip up' }, ['up']);
    if (age < onlineThreshold) return el('span', { 'class': 'chip warn' }, ['likely down']);
    return el('span', { 'class': 'chip down' }, ['down']);
  }

  function tile(value, title) { return el('div', { 'class': 'tile' }, [el('div', { 'class': 'v' }, [value]), el('div', { 'class': 't' }, [title])]); }
  function fill(id, nodes) { var c = $(id); clear(c); nodes.forEach(function (n) { c.appendChild(n); }); }

  // ---- totals and countries -------------------------------------------------------------------
  function loadStats() {
    return request('stats').then(function (r) {
      var s = r.body;
      showError('totals-error', '');
      onlineThreshold = num(s.online_threshold_seconds) || onlineThreshold;
      fill('tiles-grid', [
        tile(fmtInt(s.nodes.online) + ' / ' + fmtInt(s.nodes.total), 'Nodes online'),
        tile(fmtInt(s.gateways.online) + ' / ' + fmtInt(s.gateways.total), 'Gateways online'),
        tile(fmtInt(s.countries), 'Countries'),
        tile(fmtInt(s.farms), 'Farms')
      ]);
      var res = s.online_resources;
      fill('tiles-resources', [
        tile(fmtInt(res.cru), 'Cores online'),
        tile(fmtGB(res.mru), 'Memory online'),
        tile(fmtGB(res.sru), 'SSD storage online'),
        tile(fmtGB(res.hru), 'HDD storage online')
      ]);
      fill('tiles-workloads', Object.keys(s.workloads_deployed).map(function (k) {
        return tile(fmtInt(s.workloads_deployed[k]), k.replace(/_/g, ' ') + ' deployed');
      }));
      fill('countries-body', s.nodes_per_country.map(function (c) {
        var show = c.country ? el('button', { type: 'button', onclick: function () { filterNodes('country', c.country); } }, ['show nodes']) : null;
        return el('tr', null, [el('td', null, [c.country || '(unknown)']), el('td', { 'class': 'num' }, [fmtInt(c.nodes)]),
          el('td', { 'class': 'num' }, [fmtInt(c.online)]), el('td', null, [show])]);
      }));
      fill('country-list', s.nodes_per_country.filter(function (c) { return c.country; }).map(function (c) {
        return el('option', { value: c.country });
      }));
      if (!s.nodes_per_country.length) $('countries-body').appendChild(el('tr', null, [el('td', { colspan: '4', 'class': 'muted' }, ['no nodes'])]));
      $('updated-at').textContent = 'updated ' + fmtDate(s.generated_at);
    }).catch(function (e) { showError('totals-error', 'totals: ' + e.message); });
  }

  // ---- generic paginated, expandable table ----------------------------------------------------
  /**
   * A server-side paginated table: the form's non-empty fields are the list query (special() may
   * answer instead), row() gives the cells, detail() the expanded row; paging reads the Pages and
   * X-Total-Count response headers.
   */
  function pagedTable(opts) {
    // seq drops responses of superseded loads (fast paging, filter changes).
    var state = { page: 1, seq: 0 };
    var form = $(opts.name + '-form');
    var body = $(opts.name + '-body');
    var pager = $(opts.name + '-pager');
    var columns = document.querySelectorAll('#' + opts.name + ' thead th').length;

    function params() {
      var q = new URLSearchParams();
      new FormData(form).forEach(function (v, k) { if (v !== '') q.set(k, String(v)); });
      return q;
    }
    function render(items, pages, total) {
      clear(body);
      if (!items.length) body.appendChild(el('tr', null, [el('td', { colspan: String(columns), 'class': 'muted' }, ['nothing found'])]));
      items.forEach(function (item) {
        var open = null;
        var tr = el('tr', { 'class': 'row', title: 'click for details' }, opts.row(item));
        tr.addEventListener('click', function (ev) {
          if (ev.target.tagName === 'BUTTON') return;
          if (open) { open.remove(); open = null; return; }
          open = el('tr', { 'class': 'detail' }, [el('td', { colspan: String(columns) }, [opts.detail(item)])]);
          tr.after(open);
        });
        body.appendChild(tr);
      });
      clear(pager);
      var prev = el('button', { type: 'button' }, ['‹ prev']);
      var next = el('button', { type: 'button' }, ['next ›']);
      prev.disabled = state.page <= 1;
      next.disabled = state.page >= pages;
      prev.addEventListener('click', function () { state.page--; load(); });
      next.addEventListener('click', function () { state.page++; load(); });
      pager.appendChild(prev);
      pager.appendChild(el('span', null, ['page ' + state.page + ' of ' + Math.max(pages, 1) + ' (' + total + ' total)']));
      pager.appendChild(next);
    }
    function load() {
      var seq = ++state.seq;
      var q = params();
      var special = opts.special && opts.special(q);
      var pending = special ? special.then(function (items) { return { items: items, pages: 1, total: items.length }; })
        : (q.set('page', String(state.page)), request(opts.path + '?' + q.toString()).then(function (r) {
          return {
            items: Array.isArray(r.body) ? r.body : [],
            pages: parseInt(r.headers.get('Pages') || '0', 10) || 0,
            total: parseInt(r.headers.get('X-Total-Count') || '0', 10) || 0
          };
        }));
      return pending.then(function (p) {
        if (seq !== state.seq) return;
        showError(opts.name + '-error', '');
        render(p.items, p.pages, p.total);
      }, function (e) {
        if (seq !== state.seq) return;
        showError(opts.name + '-error', e.message);
        render([], 0, 0);
      });
    }
    form.addEventListener('submit', function (ev) { ev.preventDefault(); state.page = 1; load(); });
    form.addEventListener('reset', function () { setTimeout(function () { state.page = 1; load(); }, 0); });
    return { load: load, form: form };
  }

  function dl(pairs) {
    var list = el('dl');
    pairs.forEach(function (p) { list.appendChild(el('dt', null, [p[0]])); list.appendChild(el('dd', null, [p[1]])); });
    return list;
  }
  function block(title, content) { return el('div', null, [el('h3', null, [title]), content]); }
  function counters(w) {
    w = w || {};
    return dl(Object.keys(w).map(function (k) { return [k.replace(/_/g, ' '), fmtInt(w[k])]; }));
  }
  function gauge(reserved, total, fmt) {
    var pct = num(total) > 0 ? Math.min(100, num(reserved) / num(total) * 100) : 0;
    var bar = el('span', { 'class': 'bar', title: 'reserved / total' }, [el('span', { style: 'width:' + pct.toFixed(1) + '%' })]);
    return el('span', null, [bar, fmt(reserved) + ' / ' + fmt(total)]);
  }
  function mono(text) { return el('span', { 'class': 'mono' }, [text]); }

  // ---- nodes ------------------------------------------------------------------------------------
  var nodes = pagedTable({
    name: 'nodes',
    path: 'nodes',
    // An exact node id is a direct lookup (the list API has no id filter).
    special: function (q) {
      var id = q.get('node_id');
      if (!id) return null;
      return request('nodes/' + encodeURIComponent(id)).then(function (r) { return [r.body]; }, function (e) {
        if (e.status === 404) return [];
        throw e;
      });
    },
    row: function (n) {
      var t = n.total_resources || {};
      return [el('td', { 'class': 'mono' }, [n.node_id]), el('td', null, [String(n.farm_id)]), el('td', null, [place(n.location)]),
        el('td', null, [n.os_version]), el('td', null, [fmtDuration(n.uptime)]), el('td', null, [status(n.updated)]),
        el('td', { 'class': 'num' }, [fmtInt(t.cru)]), el('td', { 'class': 'num' }, [fmtGB(t.mru)]),
        el('td', { 'class': 'num' }, [fmtGB(t.sru)]), el('td', { 'class': 'num' }, [fmtGB(t.hru)])];
    },
    detail: function (n) {
      var t = n.total_resources || {}, r = n.reserved_resources || {};
      var ifaces = (n.ifaces || []).map(function (i) { return [i.name, (i.addrs || []).join(', ') || '-']; });
      var pc = n.public_config;
      return el('div', { 'class': 'grid2' }, [
        block('Node information', dl([
          ['Node id', mono(n.node_id)], ['Hostname', n.hostname || '-'], ['Farm', String(n.farm_id)],
          ['Location', place(n.location)], ['Version', n.os_version || '-'], ['Uptime', fmtDuration(n.uptime)],
          ['Status', status(n.updated)], ['Last report', fmtDate(n.updated)], ['Registered', fmtDate(n.created)],
          ['Free to use', n.free_to_use ? 'yes' : 'no'], ['Public key', mono(n.public_key_hex)],
          ['Public config', pc ? (pc.ipv4 || '-') + ' / ' + (pc.ipv6 || '-') : 'none']
        ])),
        block('Resource units reserved', dl([
          ['CRU', gauge(r.cru, t.cru, fmtInt)], ['MRU', gauge(r.mru, t.mru, fmtGB)],
          ['SRU', gauge(r.sru, t.sru, fmtGB)], ['HRU', gauge(r.hru, t.hru, fmtGB)]
        ])),
        block('Provisioned workloads', counters(n.workloads)),
        block('Interfaces', ifaces.length ? dl(ifaces) : el('span', { 'class': 'muted' }, ['none']))
      ]);
    }
  });

  function setField(form, name, value) { form.elements.namedItem(name).value = value; }
  /** Resets the node filters to one field (all statuses); the form's reset listener then reloads page 1. */
  function filterNodes(field, value) {
    nodes.form.reset();
    setField(nodes.form, field, value);
    setField(nodes.form, 'online', '');
    $('nodes').scrollIntoView();
  }

  // ---- farms ------------------------------------------------------------------------------------
  var farms = pagedTable({
    name: 'farms',
    path: 'farms',
    row: function (f) {
      var wallets = (f.wallet_addresses || []).map(function (w) { return w.asset; }).join(', ');
      return [el('td', { 'class': 'num' }, [String(f.id)]), el('td', null, [f.name]), el('td', { 'class': 'num' }, [String(f.threebot_id)]),
        el('td', null, [place(f.location)]), el('td', null, [wallets || '-']),
        el('td', null, [el('button', { type: 'button', onclick: function () { filterNodes('farm', String(f.id)); } }, ['nodes'])])];
    },
    detail: function (f) {
      var counts = el('dd', null, ['…']);
      // Node counts come from the X-Total-Count of one-row node queries.
      Promise.all([request('nodes?size=1&farm=' + f.id), request('nodes?size=1&online=true&farm=' + f.id)]).then(function (rs) {
        counts.textContent = (rs[1].headers.get('X-Total-Count') || '0') + ' online of ' + (rs[0].headers.get('X-Total-Count') || '0');
      }).catch(function (e) { counts.textContent = e.message; });
      var prices = (f.resource_prices || []).map(function (p) {
        return ['currency ' + p.currency, 'cru ' + p.cru + ', mru ' + p.mru + ', hru ' + p.hru + ', sru ' + p.sru + ', nru ' + p.nru];
      });
      var wallets = (f.wallet_addresses || []).map(function (w) { return [w.asset, mono(w.address)]; });
      var info = dl([['Farm id', String(f.id)], ['Name', f.name], ['Owner tid', String(f.threebot_id)], ['Location', place(f.location)],
        ['Prefix zero', f.prefix_zero || '-'], ['Farmer signature required', f.require_farmer_signature ? 'yes' : 'no']]);
      info.appendChild(el('dt', null, ['Nodes']));
      info.appendChild(counts);
      return el('div', { 'class': 'grid2' }, [block('Farm', info), block('Wallets', wallets.length ? dl(wallets) : el('span', { 'class': 'muted' }, ['none'])),
        block('Resource prices', prices.length ? dl(prices) : el('span', { 'class': 'muted' }, ['none']))]);
    }
  });

  // ---- gateways ---------------------------------------------------------------------------------
  var gateways = pagedTable({
    name: 'gateways',
    path: 'gateways',
    row: function (g) {
      return [el('td', { 'class': 'mono' }, [g.node_id]), el('td', null, [String(g.farm_id)]), el('td', null, [place(g.location)]),
        el('td', null, [g.os_version]), el('td', null, [fmtDuration(g.uptime)]), el('td', null, [status(g.updated)])];
    },
    detail: function (g) {
      return el('div', { 'class': 'grid2' }, [
        block('Gateway information', dl([
          ['Gateway id', mono(g.node_id)], ['Farm', String(g.farm_id)], ['Location', place(g.location)],
          ['Version', g.os_version || '-'], ['Uptime', fmtDuration(g.uptime)], ['Status', status(g.updated)],
          ['Last report', fmtDate(g.updated)], ['Public key', mono(g.public_key_hex)],
          ['Managed domains', (g.managed_domains || []).join(', ') || '-'], ['TCP router port', String(g.tcp_router_port)],
          ['DNS nameservers', (g.dns_nameserver || []).join(', ') || '-']
        ])),
        block('Workloads', counters(g.workloads))
      ]);
    }
  });

  // ---- workload / reservation -------------------------------------------------------------------
  function historyTable(entries) {
    if (!entries.length) return el('p', { 'class': 'muted' }, ['no recorded transitions']);
    // Field names tolerated in both spellings so that the view does not depend on one DTO revision.
    var rows = entries.map(function (h) {
      var from = h.from_action !== undefined ? h.from_action : h.from;
      var to = h.to_action !== undefined ? h.to_action : h.to;
      var at = h.at !== undefined ? h.at : h.epoch;
      return el('tr', null, [el('td', null, [fmtDate(at)]), el('td', null, [from === null || from === undefined ? '-' : stateName(from)]),
        el('td', null, [stateName(to)]), el('td', null, [h.cause === undefined ? '-' : String(h.cause)]),
        el('td', null, [h.actor === undefined ? '-' : String(h.actor)])]);
    });
    return el('table', null, [el('thead', null, [el('tr', null, ['When', 'From', 'To', 'Cause', 'Actor'].map(function (t) { return el('th', null, [t]); }))]),
      el('tbody', null, rows)]);
  }

  function showWorkload(w, history) {
    var result = w.result || {};
    var view = $('workload-view');
    clear(view);
    view.appendChild(el('div', { 'class': 'grid2' }, [
      block('Workload ' + w.id, dl([
        ['State', el('strong', null, [stateName(w.next_action)])], ['Type', typeName(w.workload_type)], ['Node', mono(w.node_id)],
        ['Pool', String(w.pool_id)], ['Customer tid', String(w.customer_tid)], ['Created', fmtDate(w.epoch)],
        ['Description', w.description || '-'],
        ['Result', result.epoch ? (RESULT_STATES[result.state] || String(result.state)) + (result.message ? ': ' + result.message : '') : 'none']
      ])),
      block('History', historyTable(history))
    ]));
  }

  function resultsTable(results) {
    if (!results.length) return el('p', { 'class': 'muted' }, ['no results yet']);
    return el('table', null, [el('thead', null, [el('tr', null, ['Workload', 'Node', 'Result'].map(function (t) { return el('th', null, [t]); }))]),
      el('tbody', null, results.map(function (x) {
        return el('tr', null, [el('td', null, [mono(x.workload_id)]), el('td', null, [mono(x.node_id)]),
          el('td', null, [(RESULT_STATES[x.state] || String(x.state)) + (x.message ? ': ' + x.message : '')])]);
      }))]);
  }

  function showReservation(r, history) {
    var data = r.data_reservation || {};
    var count = ['containers', 'volumes', 'zdbs', 'networks', 'kubernetes', 'proxies', 'reverse_proxies', 'subdomains', 'domain_delegates', 'gateway4to6']
      .reduce(function (sum, k) { return sum + (Array.isArray(data[k]) ? data[k].length : 0); }, 0);
    var view = $('workload-view');
    clear(view);
    view.appendChild(el('div', { 'class': 'grid2' }, [
      block('Reservation ' + r.id + ' (legacy)', dl([
        ['State', el('strong', null, [stateName(r.next_action)])], ['Customer tid', String(r.customer_tid)],
        ['Created', fmtDate(r.epoch)], ['Workloads', String(count)], ['Results', resultsTable(r.results || [])]
      ])),
      block('History', historyTable(history))
    ]));
  }

  $('workload-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var id = String(new FormData(ev.target).get('id') || '').trim();
    clear($('workload-view'));
    showError('workload-error', '');
    if (!/^\d+$/.test(id)) { showError('workload-error', 'enter a numeric id'); return; }
    Promise.all([request('reservations/workloads/' + id), request('reservations/workloads/' + id + '/history')]).then(function (rs) {
      var h = rs[1].body;
      showWorkload(rs[0].body, Array.isArray(h) ? h : (h && Array.isArray(h.history) ? h.history : []));
    }, function (e) {
      // Workloads and legacy reservations share one id sequence: fall back to the reservation.
      if (e.status !== 404) throw e;
      return Promise.all([request('reservations/' + id), request('reservations/' + id + '/history')]).then(function (rs) {
        showReservation(rs[0].body, Array.isArray(rs[1].body) ? rs[1].body : []);
      });
    }).catch(function (e) { showError('workload-error', e.status === 404 ? 'no workload or reservation ' + id : e.message); });
  });

  // ---- refresh ----------------------------------------------------------------------------------
  function refreshAll() { return Promise.all([loadStats(), nodes.load(), farms.load(), gateways.load()]); }
  $('refresh').addEventListener('click', refreshAll);
  // Like the reference UI: refresh every minute while the page is visible, at once when it comes back.
  setInterval(function () { if (document.visibilityState === 'visible') loadStats(); }, 60000);
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'visible') loadStats(); });
  refreshAll();
})();
</script>
</body>
</html>
`;
