/*
 * The command center's live map.
 *
 * Areas (district, street, community outlines, unit grids shaded by load) are drawn on one
 * canvas and cases on another, both straight from typed arrays: at 100,000 cases one object
 * per case (SVG nodes, Leaflet layers) is what makes a map slow. Below CLUSTER_BELOW_ZOOM the
 * cases are binned into screen cells on every redraw (a single pass over the arrays, a few
 * milliseconds), so there is no cluster index to rebuild when cases change.
 *
 * Updates arrive as JSON strings on the Qt web channel's "bridge" object; clicks, drags and
 * view changes go back through its slots. window.ccMap offers read-only inspection.
 *
 * The page's own words are Chinese by default; Python sends them in the interface language
 * (sig_strings, built by commandcenter.map.view.page_strings).
 */
(function () {
  'use strict';

  const STATE_COLOURS = ['#2e9e4f', '#f0a202', '#d7301f'];   // normal, warning, overdue
  const URGENT = 4;                                           // flag bit next to the state
  const URGENT_RING = '#1b1b1b';
  const LOAD_COLOURS = ['#dde8f3', '#b5cbe4', '#92a8d4', '#8b80c0', '#7e52a6', '#6a1b87'];
  const LATE_GRID = '#d7301f';
  const CLUSTER_BELOW_ZOOM = 16.5;   // single cases from zoom 17 on
  const CLUSTER_CELL = 64;           // px
  const HIT_SLOP = 3;                // px around a marker that still counts as on it
  const DRAG_THRESHOLD = 5;          // px of movement before a press on a case is a drag
  const FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';

  // The page's words: Chinese until sig_strings brings the interface language's.
  const text = {lang: 'zh-CN', states: ['正常', '预警', '超期'], urgent: '紧急',
                offDuty: '{name}（未在岗）', synthetic: '街道、社区、网格边界为合成示意',
                countdownTitle: '案件倒计时', loadTitle: '网格在办案件', lateGrids: '超期 ≥ {n} 件',
                replay: '回放 {time}', staffPick: '点击指派', staffRank: '候选第 {n} 位',
                stages: {}};
  const ESCAPES = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'};
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]);
  /* A template's {placeholders} filled in; the result is HTML-escaped. */
  const fill = (template, values) =>
    esc(template).replace(/\{(\w+)\}/g, (m, k) => (k in values ? esc(values[k]) : m));

  let bridge = null;
  let lastSeq = 0;
  // The wall display's emphasis (sig_emphasis): larger type and markers, new cases pulsing
  // for a while, overdue cases flashing. The dispatcher's map leaves it at rest.
  const emph = {scale: 1, flash: false, pulseMs: 8000, pulses: new Map(), timer: 0, on: true};
  const visible = {grids: true, load: true, outlines: true, labels: true, markers: true,
                   staff: true, basemap: true};
  // A replay of the past (sig_replay) drawn instead of the live cases, load and staff.
  const replay = {on: false};
  const showLoad = () => visible.load && !replay.on;

  // ---- Web Mercator in world units [0, 1); pixel = world * 256 * 2^zoom -----------------
  const worldX = (lon) => lon / 360 + 0.5;
  function worldY(lat) {
    const s = Math.sin(Math.max(Math.min(lat, 85.0511287798), -85.0511287798) * Math.PI / 180);
    return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  }
  const lonOf = (u) => (u - 0.5) * 360;
  const latOf = (v) => Math.atan(Math.sinh(Math.PI * (1 - 2 * v))) * 180 / Math.PI;

  // ---- the map --------------------------------------------------------------------------
  const map = L.map('map', {minZoom: 10, maxZoom: 19, zoomSnap: 0.5, zoomDelta: 0.5,
                            preferCanvas: true, wheelPxPerZoomLevel: 90})
    .setView([39.905, 116.41], 13);
  map.attributionControl.setPrefix('Leaflet');
  L.control.scale({imperial: false, position: 'bottomleft'}).addTo(map);
  for (const [name, z] of [['areas', 350], ['replayStaff', 440], ['cases', 450], ['labels', 455],
                          ['staff', 460], ['focus', 470]]) {
    map.createPane(name).style.zIndex = z;
  }
  const focusRenderer = L.svg({pane: 'focus'});

  /* A canvas that covers the view (plus padding), follows pans and zoom animations the way
     Leaflet's own renderers do, and redraws from scratch: draw(ctx, frame). */
  const CanvasLayer = L.Renderer.extend({
    options: {padding: 0.15},
    _initContainer: function () {
      this._container = L.DomUtil.create('canvas', 'cc-canvas');
      this._ctx = this._container.getContext('2d');
    },
    _destroyContainer: function () {
      cancelAnimationFrame(this._raf);
      L.DomUtil.remove(this._container);
      delete this._container;
      delete this._ctx;
    },
    _update: function () {
      if (this._map._animatingZoom && this._bounds) return;
      L.Renderer.prototype._update.call(this);
      const b = this._bounds, size = b.getSize(), canvas = this._container;
      const m = window.devicePixelRatio || 1, origin = this._map.getPixelOrigin();
      L.DomUtil.setPosition(canvas, b.min);
      canvas.width = Math.round(m * size.x);
      canvas.height = Math.round(m * size.y);
      canvas.style.width = size.x + 'px';
      canvas.style.height = size.y + 'px';
      // canvas px = world * S - (ox, oy)
      this._frame = {S: 256 * Math.pow(2, this._zoom), z: this._zoom, m: m, w: size.x,
                     h: size.y, ox: origin.x + b.min.x, oy: origin.y + b.min.y};
      this._drawNow();
    },
    redraw: function () {
      if (!this._map || this._raf) return;
      this._raf = requestAnimationFrame(() => {
        this._raf = 0;
        if (this._map && !this._map._animatingZoom) this._drawNow();
      });
    },
    _drawNow: function () {
      const f = this._frame, ctx = this._ctx;
      const began = performance.now();
      ctx.setTransform(f.m, 0, 0, f.m, 0, 0);
      ctx.clearRect(0, 0, f.w, f.h);
      this.draw(ctx, f);
      this.lastDrawMs = performance.now() - began;
    },
    /* canvas coordinates of a mouse event's container point */
    toCanvas: function (containerPoint) {
      const p = this._map.containerPointToLayerPoint(containerPoint);
      return [p.x - this._bounds.min.x, p.y - this._bounds.min.y];
    }
  });

  // ---- areas: outlines, unit grids, grid load -------------------------------------------
  const areas = {grids: [], byCode: new Map(), district: [], street: [], community: [],
                 breaks: [], lateFrom: 1, synthetic: false};

  function ringsOf(geometry) {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    const rings = [];
    for (const polygon of polygons) {
      for (const ring of polygon) {
        const a = new Float64Array(ring.length * 2);
        for (let i = 0; i < ring.length; i++) {
          a[2 * i] = worldX(ring[i][0]);
          a[2 * i + 1] = worldY(ring[i][1]);
        }
        rings.push(a);
      }
    }
    return rings;
  }

  function boxOf(rings) {
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const a of rings) {
      for (let i = 0; i < a.length; i += 2) {
        if (a[i] < box[0]) box[0] = a[i];
        if (a[i] > box[2]) box[2] = a[i];
        if (a[i + 1] < box[1]) box[1] = a[i + 1];
        if (a[i + 1] > box[3]) box[3] = a[i + 1];
      }
    }
    return box;
  }

  function shapeOf(feature) {
    const p = feature.properties, rings = ringsOf(feature.geometry);
    const label = p.label ? [worldX(p.label[0]), worldY(p.label[1])] : null;
    return {code: p.code, name: p.name, rings: rings, box: boxOf(rings), label: label,
            geometry: feature.geometry, open: 0, overdue: 0, cls: -1};
  }

  /* Grids arrive in parts like cases: part 0 starts afresh, the last one draws. */
  function setGrids(data) {
    const shapes = data.features.map(shapeOf);
    areas.grids = data.part ? areas.grids.concat(shapes) : shapes;
    areas.synthetic = areas.synthetic || data.features.some((f) => f.properties.synthetic);
    if (data.parts !== undefined && data.part < data.parts - 1) return false;
    areas.byCode = new Map(areas.grids.map((g) => [g.code, g]));
    applyLoad(areas.lastLoad);
    updateAttribution();
    fitOnce(areas.grids);
    areaLayer.redraw();
    labelLayer.redraw();
    return true;
  }

  function setOutlines(data) {
    areas.district = []; areas.street = []; areas.community = [];
    for (const f of data.features) {
      areas[f.properties.level].push(shapeOf(f));
      areas.synthetic = areas.synthetic || (f.properties.synthetic && f.properties.level !== 'district');
    }
    updateAttribution();
    fitOnce(areas.district.length ? areas.district : areas.street);
    areaLayer.redraw();
    labelLayer.redraw();
  }

  function applyLoad(data) {
    areas.lastLoad = data;
    for (const g of areas.grids) { g.open = 0; g.overdue = 0; g.cls = -1; }
    if (!data) return;
    areas.breaks = data.breaks;
    areas.lateFrom = data.late_from || 1;
    for (let i = 0; i < data.code.length; i++) {
      const g = areas.byCode.get(data.code[i]);
      if (!g) continue;
      g.open = data.open[i];
      g.overdue = data.overdue[i];
      let cls = -1;
      for (let k = 0; k < data.breaks.length; k++) if (g.open >= data.breaks[k]) cls = k;
      g.cls = cls;
    }
  }

  function setGridLoad(data) {
    applyLoad(data);
    legend.render();
    areaLayer.redraw();
  }

  function loadColour(cls) {
    const k = areas.breaks.length;
    const i = k <= 1 ? 2 : Math.round(cls * (LOAD_COLOURS.length - 1) / (k - 1));
    return LOAD_COLOURS[i];
  }

  let fitted = false, fittedBounds = null, userMoved = false;
  // The district refits when the window grows or shrinks, until the person pans or zooms.
  map.on('dragstart', () => { userMoved = true; });
  map.getContainer().addEventListener('wheel', () => { userMoved = true; }, {passive: true});
  map.on('resize', () => {
    if (fittedBounds && !userMoved) map.fitBounds(fittedBounds, {animate: false, padding: [12, 12]});
  });
  function fitOnce(shapes) {
    if (fitted || !shapes.length) return;
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const s of shapes) {
      box[0] = Math.min(box[0], s.box[0]); box[1] = Math.min(box[1], s.box[1]);
      box[2] = Math.max(box[2], s.box[2]); box[3] = Math.max(box[3], s.box[3]);
    }
    const bounds = L.latLngBounds([latOf(box[3]), lonOf(box[0])], [latOf(box[1]), lonOf(box[2])]);
    map.fitBounds(bounds, {animate: false, padding: [12, 12]});
    map.setMaxBounds(bounds.pad(0.6));
    fitted = true;
    fittedBounds = bounds;
  }

  function inView(box, f) {
    const u0 = f.ox / f.S, v0 = f.oy / f.S, u1 = (f.ox + f.w) / f.S, v1 = (f.oy + f.h) / f.S;
    return box[2] >= u0 && box[0] <= u1 && box[3] >= v0 && box[1] <= v1;
  }

  function addShape(ctx, shape, f) {
    for (const a of shape.rings) {
      ctx.moveTo(a[0] * f.S - f.ox, a[1] * f.S - f.oy);
      for (let i = 2; i < a.length; i += 2) ctx.lineTo(a[i] * f.S - f.ox, a[i + 1] * f.S - f.oy);
      ctx.closePath();
    }
  }

  /* Fill or stroke the shapes in view. Paths go to the rasteriser in batches: one path of
     4,000 polygons costs Skia's software rasteriser about 100 ms, batches of 64 a few. */
  const BATCH = 64;
  function paintShapes(ctx, shapes, f, keep, paint) {
    let pending = 0, any = false;
    ctx.beginPath();
    for (const s of shapes) {
      if ((keep && !keep(s)) || !inView(s.box, f)) continue;
      addShape(ctx, s, f);
      any = true;
      if (++pending === BATCH) {
        paint();
        ctx.beginPath();
        pending = 0;
      }
    }
    if (pending) paint();
    return any;
  }

  function fillShapes(ctx, shapes, f, colour, keep) {
    ctx.fillStyle = colour;
    return paintShapes(ctx, shapes, f, keep, () => ctx.fill('evenodd'));
  }

  function strokeShapes(ctx, shapes, f, colour, width, keep) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    return paintShapes(ctx, shapes, f, keep, () => ctx.stroke());
  }

  function stroke(ctx, colour, width) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.stroke();
  }

  /* The boxes of the case dots and cluster rings drawn now, in this frame's canvas px:
     a name over them would hide them (and they it). */
  function caseBoxes(f) {
    const cf = caseLayer && caseLayer._frame;
    if (!visible.markers || !cf || cf.z !== f.z) return [];
    const dx = cf.ox - f.ox, dy = cf.oy - f.oy, boxes = [];
    for (const c of caseLayer.clusters || []) {
      const r = (c.r || 12) + 2, x = c.x + dx, y = c.y + dy;
      boxes.push([x - r, y - r, x + r, y + r]);
    }
    const r = pointRadius(f.z) + 5;  // the urgent ring around the dot included
    for (let k = 0; k < (caseLayer.shownCount || 0); k++) {
      const i = caseLayer.shown[k], x = cases.u[i] * f.S - f.ox, y = cases.v[i] * f.S - f.oy;
      boxes.push([x - r, y - r, x + r, y + r]);
    }
    return boxes;
  }

  let placedLabels = [];  // the names drawn last, with their boxes (canvas px)
  const overlaps = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

  function drawLabels(ctx, f) {
    const placed = [], obstacles = caseBoxes(f);
    placedLabels = [];
    const put = (shape, text, size, weight, colour) => {
      if (!shape.label || !text) return;
      const x0 = shape.label[0] * f.S - f.ox, y0 = shape.label[1] * f.S - f.oy;
      if (x0 < -50 || y0 < -20 || x0 > f.w + 50 || y0 > f.h + 20) return;
      size = Math.round(size * emph.scale);
      ctx.font = `${weight} ${size}px ${FONT}`;
      const w = ctx.measureText(text).width, step = size + 6;
      // On its point, else a line above or below it, else not at all: never over a
      // case ring or another name.
      let box = null, x = x0, y = y0;
      for (const dy of [0, -step, step, -2 * step, 2 * step]) {
        const b = [x0 - w / 2 - 3, y0 + dy - size / 2 - 2, x0 + w / 2 + 3, y0 + dy + size / 2 + 2];
        if (placed.some((p) => overlaps(p, b)) || obstacles.some((o) => overlaps(o, b))) continue;
        box = b;
        y = y0 + dy;
        break;
      }
      if (!box) return;
      placed.push(box);
      placedLabels.push({text: text, box: box});
      ctx.strokeStyle = 'rgba(255,255,255,0.92)';
      ctx.lineWidth = 3;
      ctx.lineJoin = 'round';
      ctx.strokeText(text, x, y);
      ctx.fillStyle = colour;
      ctx.fillText(text, x, y);
    };
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    if (f.z <= 14.5) for (const s of areas.street) put(s, s.name, f.z <= 12 ? 12 : 14, 600, '#22324a');
    if (f.z >= 14 && f.z <= 17.5) for (const s of areas.community) put(s, s.name, 12, 500, '#3c4d63');
    if (f.z >= 18) for (const g of areas.grids) put(g, g.code.slice(12), 11, 400, '#5d6b7d');
  }

  const AreaLayer = CanvasLayer.extend({
    draw: function (ctx, f) {
      ctx.lineJoin = 'round';
      const tiles = visible.basemap && basemap.layer;
      if (visible.outlines && !tiles) fillShapes(ctx, areas.district, f, '#f8f9fb');
      if (showLoad() && areas.breaks.length) {
        // Strong while the load is the picture, faint once single cases are.
        const fade = Math.min(Math.max((f.z - 14) / 3, 0), 1);
        ctx.globalAlpha = (tiles ? 0.55 : 0.85) - fade * (tiles ? 0.25 : 0.45);
        for (let k = 0; k < areas.breaks.length; k++) {
          fillShapes(ctx, areas.grids, f, loadColour(k), (g) => g.cls === k);
        }
        ctx.globalAlpha = 1;
      }
      if (visible.grids && f.z >= 13) {
        strokeShapes(ctx, areas.grids, f, f.z >= 15 ? 'rgba(92,110,134,0.45)' : 'rgba(92,110,134,0.22)',
                     f.z >= 16 ? 0.8 : 0.5);
      }
      if (showLoad() && f.z >= 12) {
        strokeShapes(ctx, areas.grids, f, LATE_GRID, f.z >= 15 ? 2 : 1.4,
                     (g) => g.overdue >= areas.lateFrom);
      }
      if (visible.outlines) {
        if (f.z >= 12.5) strokeShapes(ctx, areas.community, f, '#8796aa', f.z >= 15 ? 1.4 : 1);
        strokeShapes(ctx, areas.street, f, '#4a5d75', f.z >= 14 ? 2.2 : 1.6);
        strokeShapes(ctx, areas.district, f, '#1f2d3d', 2.8);
      }
    }
  });

  /* Names above the cases, so clusters never hide where they are. */
  const LabelLayer = CanvasLayer.extend({
    draw: function (ctx, f) {
      if (visible.labels) drawLabels(ctx, f);
    }
  });

  // ---- cases ----------------------------------------------------------------------------
  const caseStore = () => ({n: 0, cap: 0, id: new Float64Array(0), u: new Float64Array(0),
                             v: new Float64Array(0), f: new Uint8Array(0), st: new Uint8Array(0),
                             no: [], index: new Map(), stages: []});
  const liveCases = caseStore();
  // The cases drawn, hit and described: the live ones, or a replay's while one is on.
  let cases = liveCases;

  function reserve(store, n) {
    if (n <= store.cap) return;
    const cap = Math.max(n, Math.ceil(store.cap * 1.5), 1024);
    for (const [key, Type] of [['id', Float64Array], ['u', Float64Array], ['v', Float64Array],
                               ['f', Uint8Array], ['st', Uint8Array]]) {
      const a = new Type(cap);
      a.set(store[key].subarray(0, store.n));
      store[key] = a;
    }
    store.cap = cap;
  }

  /* Columns as sent: lon/lat are micro-degree offsets from lon0/lat0, numbers one
     comma-joined string (or a list when a number holds a comma). */
  function columns(cols) {
    if (typeof cols.no === 'string') cols.no = cols.id.length ? cols.no.split(',') : [];
    cols.lon0 = cols.lon0 || 0;
    cols.lat0 = cols.lat0 || 0;
    return cols;
  }

  function putCase(i, cols, j) {
    const store = liveCases;
    store.id[i] = cols.id[j];
    store.u[i] = worldX((cols.lon0 + cols.lon[j]) / 1e6);
    store.v[i] = worldY((cols.lat0 + cols.lat[j]) / 1e6);
    store.f[i] = cols.f[j];
    store.st[i] = cols.st[j];
    store.no[i] = cols.no[j];
  }

  /* A full set arrives in parts: part 0 starts afresh, the others append; the layer is
     redrawn after the last. Returns false while parts are still to come. */
  function replaceCases(data) {
    columns(data);
    const n = data.id.length, first = !data.part, store = liveCases;
    if (first) {
      store.n = 0;
      store.index = new Map();
      store.no = [];
    }
    store.stages = data.stages;
    reserve(store, store.n + n);
    for (let j = 0, i = store.n; j < n; j++, i++) {
      putCase(i, data, j);
      store.index.set(data.id[j], i);
    }
    store.n += n;
    const last = data.parts === undefined || data.part === data.parts - 1;
    if (last) caseLayer.redraw();
    return last;
  }

  function removeCase(store, id) {
    const i = store.index.get(id);
    if (i === undefined) return;
    const last = store.n - 1;
    if (i !== last) {
      store.id[i] = store.id[last]; store.u[i] = store.u[last]; store.v[i] = store.v[last];
      store.f[i] = store.f[last]; store.st[i] = store.st[last]; store.no[i] = store.no[last];
      store.index.set(store.id[i], i);
    }
    store.no[last] = undefined;
    store.index.delete(id);
    store.n = last;
  }

  function patchCases(data) {
    const store = liveCases;
    store.stages = data.stages;
    for (const id of data.remove) removeCase(store, id);
    const up = columns(data.upsert);
    reserve(store, store.n + up.id.length);
    for (let j = 0; j < up.id.length; j++) {
      let i = store.index.get(up.id[j]);
      if (i === undefined) {
        i = store.n++;
        store.index.set(up.id[j], i);
      }
      putCase(i, up, j);
    }
    caseLayer.redraw();
  }

  const pointRadius = (z) => (z >= 18.5 ? 6.5 : z >= 17.5 ? 5.5 : 4.5) * emph.scale;

  function drawPoints(ctx, f, list, count) {
    const r = pointRadius(f.z);
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#ffffff';
    for (let s = 0; s < 3; s++) {            // overdue last, so it stays on top
      if (s === 2 && emph.flash && !emph.on) continue;
      ctx.beginPath();
      let any = false;
      for (let k = 0; k < count; k++) {
        const i = list[k], fl = cases.f[i];
        if ((fl & 3) !== s) continue;
        const x = cases.u[i] * f.S - f.ox, y = cases.v[i] * f.S - f.oy, ri = fl & URGENT ? r + 1.5 : r;
        ctx.moveTo(x + ri, y);
        ctx.arc(x, y, ri, 0, 2 * Math.PI);
        any = true;
      }
      if (any) {
        ctx.fillStyle = STATE_COLOURS[s];
        ctx.fill();
        ctx.stroke();
      }
    }
    ctx.beginPath();
    let urgent = false;
    for (let k = 0; k < count; k++) {
      const i = list[k];
      if (!(cases.f[i] & URGENT)) continue;
      const x = cases.u[i] * f.S - f.ox, y = cases.v[i] * f.S - f.oy, ri = r + 4;
      ctx.moveTo(x + ri, y);
      ctx.arc(x, y, ri, 0, 2 * Math.PI);
      urgent = true;
    }
    if (urgent) stroke(ctx, URGENT_RING, 2);
  }

  /* Rings spreading from each new case (ECharts' effectScatter look: period ~2 s). */
  function drawPulses(ctx, f) {
    const now = performance.now();
    for (const [id, until] of emph.pulses) {
      if (until <= now) { emph.pulses.delete(id); continue; }
      const i = cases.index.get(id);
      if (i === undefined) continue;
      const x = cases.u[i] * f.S - f.ox, y = cases.v[i] * f.S - f.oy;
      const phase = (now % 2000) / 2000, r = pointRadius(f.z) * (1.5 + 2.5 * phase);
      ctx.beginPath();
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.strokeStyle = `rgba(53,194,255,${(1 - phase).toFixed(2)})`;
      ctx.lineWidth = 2 * emph.scale;
      ctx.stroke();
    }
  }

  /* A slow timer (not an animation frame per display refresh) drives pulses and flashing:
     a wall runs for weeks, and every frame costs the renderer memory and CPU. */
  function animateEmphasis() {
    const busy = emph.pulses.size > 0 || emph.flash;
    if (busy && !emph.timer) {
      emph.timer = setInterval(() => {
        emph.on = !emph.on || !emph.flash;
        caseLayer.redraw();
        if (!emph.pulses.size && !emph.flash) { clearInterval(emph.timer); emph.timer = 0; }
      }, 250);
    }
  }

  function setEmphasis(d) {
    if (d.scale && d.scale !== emph.scale) {
      emph.scale = d.scale;
      // the legend and the staff follow the scale; a wall has no use for zoom buttons
      for (const el of document.querySelectorAll('.cc-legend')) el.style.zoom = emph.scale;
      legend.render();  // folded or not at this scale
      if (emph.scale > 1 && map.zoomControl) map.zoomControl.remove();
      if (staff.last) setStaff(staff.last);
    }
    if (d.flash !== undefined) emph.flash = !!d.flash;
    if (d.pulseSeconds) emph.pulseMs = d.pulseSeconds * 1000;
    const until = performance.now() + emph.pulseMs;
    for (const id of d.pulse || []) emph.pulses.set(id, until);
    emph.on = true;
    animateEmphasis();
    areaLayer.redraw();
    labelLayer.redraw();
    caseLayer.redraw();
  }

  function drawCluster(ctx, c) {
    const r = (10 + 4 * Math.log10(c.n)) * emph.scale;
    ctx.beginPath();
    ctx.arc(c.x, c.y, r, 0, 2 * Math.PI);
    ctx.fillStyle = 'rgba(255,255,255,0.93)';
    ctx.fill();
    ctx.lineWidth = 5;
    let a = -Math.PI / 2;
    for (let s = 0; s < 3; s++) {
      if (!c.states[s]) continue;
      const da = 2 * Math.PI * c.states[s] / c.n;
      ctx.beginPath();
      ctx.arc(c.x, c.y, r - 2.5, a, a + da);
      ctx.strokeStyle = STATE_COLOURS[s];
      ctx.stroke();
      a += da;
    }
    ctx.fillStyle = '#1f2d3d';
    ctx.font = `600 ${Math.round((c.n >= 1000 ? 10 : 11) * emph.scale)}px ${FONT}`;
    ctx.fillText(c.n >= 10000 ? Math.round(c.n / 1000) + 'k' : String(c.n), c.x, c.y + 0.5);
    if (c.urgent) {
      const bx = c.x + r * 0.72, by = c.y - r * 0.72;
      ctx.beginPath();
      ctx.arc(bx, by, 4, 0, 2 * Math.PI);
      ctx.fillStyle = URGENT_RING;
      ctx.fill();
      stroke(ctx, '#ffffff', 1.2);
    }
    c.r = r;
  }

  const CaseLayer = CanvasLayer.extend({
    draw: function (ctx, f) {
      this.clusters = [];
      this.shown = new Int32Array(0);
      this.shownCount = 0;
      if (!visible.markers || cases.n === 0) return;
      const pad = 10, n = cases.n, u = cases.u, v = cases.v, S = f.S;
      const x0 = f.ox - pad, y0 = f.oy - pad, x1 = f.ox + f.w + pad, y1 = f.oy + f.h + pad;
      if (f.z >= CLUSTER_BELOW_ZOOM) {
        const shown = new Int32Array(n);
        let m = 0;
        for (let i = 0; i < n; i++) {
          const px = u[i] * S, py = v[i] * S;
          if (px >= x0 && px <= x1 && py >= y0 && py <= y1) shown[m++] = i;
        }
        this.shown = shown;
        this.shownCount = m;
        drawPoints(ctx, f, shown, m);
        drawPulses(ctx, f);
        if (labelLayer) labelLayer.redraw();
        return;
      }
      // Bin by fixed world-pixel cells, so clusters do not jump while the map pans.
      const cx0 = Math.floor(x0 / CLUSTER_CELL), cy0 = Math.floor(y0 / CLUSTER_CELL);
      const cols = Math.floor(x1 / CLUSTER_CELL) - cx0 + 1, rows = Math.floor(y1 / CLUSTER_CELL) - cy0 + 1;
      const cells = cols * rows;
      const count = new Int32Array(cells), s1 = new Int32Array(cells), s2 = new Int32Array(cells);
      const urgent = new Int32Array(cells), last = new Int32Array(cells);
      const sx = new Float64Array(cells), sy = new Float64Array(cells);
      for (let i = 0; i < n; i++) {
        const px = u[i] * S, py = v[i] * S;
        if (px < x0 || px > x1 || py < y0 || py > y1) continue;
        const k = (Math.floor(py / CLUSTER_CELL) - cy0) * cols + Math.floor(px / CLUSTER_CELL) - cx0;
        const fl = cases.f[i], s = fl & 3;
        count[k]++;
        if (s === 1) s1[k]++; else if (s === 2) s2[k]++;
        if (fl & URGENT) urgent[k]++;
        sx[k] += px; sy[k] += py;
        last[k] = i;
      }
      const singles = [];
      for (let k = 0; k < cells; k++) {
        const c = count[k];
        if (c === 0) continue;
        if (c === 1) { singles.push(last[k]); continue; }
        this.clusters.push({x: sx[k] / c - f.ox, y: sy[k] / c - f.oy, n: c, urgent: urgent[k],
                            states: [c - s1[k] - s2[k], s1[k], s2[k]]});
      }
      this.shown = Int32Array.from(singles);
      this.shownCount = singles.length;
      drawPoints(ctx, f, this.shown, this.shownCount);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      for (const c of this.clusters) drawCluster(ctx, c);
      drawPulses(ctx, f);
      if (labelLayer) labelLayer.redraw();  // the names move off the rings drawn now
    },

    /* The case under a canvas point (topmost drawn wins), or a cluster, or nothing. */
    hit: function (x, y) {
      if (!this._frame) return null;
      const f = this._frame, r = pointRadius(f.z) + HIT_SLOP;
      let best = -1, bestD = Infinity;
      for (let k = 0; k < this.shownCount; k++) {
        const i = this.shown[k];
        const dx = cases.u[i] * f.S - f.ox - x, dy = cases.v[i] * f.S - f.oy - y, d = dx * dx + dy * dy;
        const ri = cases.f[i] & URGENT ? r + 1.5 : r;
        if (d <= ri * ri && (d < bestD || (cases.f[i] & 3) > (cases.f[best] & 3))) { best = i; bestD = d; }
      }
      if (best >= 0) return {caseIndex: best};
      for (const c of this.clusters) {
        if ((c.x - x) ** 2 + (c.y - y) ** 2 <= (c.r + HIT_SLOP) ** 2) return {cluster: c};
      }
      return null;
    }
  });

  function caseTip(i) {
    const stage = cases.stages[cases.st[i]];
    const stageName = stage ? text.stages[stage[0]] || stage[1] : '';
    const state = text.states[cases.f[i] & 3] + (cases.f[i] & URGENT ? ' · ' + text.urgent : '');
    return `${esc(cases.no[i])}<br>${esc(stageName)} · ${esc(state)}`;
  }

  // ---- staff, focus, basemap, legend -----------------------------------------------------
  const staffLayer = L.layerGroup().addTo(map);
  // One canvas for every person and trail: thousands of SVG nodes rebuilt every few
  // seconds would cost more than the whole case layer.
  const staffRenderer = L.canvas({pane: 'staff'});
  // The last update, redrawn when the words change; whether a click on a person assigns
  // the case shown (sig_staff_pick), and its candidates' ranks by user id.
  const staff = {last: null, pickable: false, ranked: new Map()};
  const STAFF_RADIUS = 5.5;
  const PICK_RING = '#ff8f00';
  /* A whole district's staff on duty (hundreds) would bury the case rings and the street
     names as full-size dots: below zoom 14 they are small dots with a thin edge. */
  function staffRadius() {
    return (map.getZoom() < 14 ? 3 : STAFF_RADIUS) * emph.scale;
  }

  function staffTip(p) {
    let tip = p.on_duty ? esc(p.name) : fill(text.offDuty, {name: p.name});
    if (!staff.pickable) return tip;
    const rank = staff.ranked.get(p.id);
    if (rank) tip += '<br>' + fill(text.staffRank, {n: rank}) + ' · ' + esc(text.staffPick);
    else tip += '<br>' + esc(text.staffPick);
    return tip;
  }

  /* The person whose dot is under a container point (the nearest), or null. */
  function staffAt(containerPoint) {
    if (!visible.staff || replay.on || !staff.last) return null;
    const r = staffRadius() + HIT_SLOP;
    let best = null, bestD = r * r;
    for (const p of staff.last.staff) {
      const q = map.latLngToContainerPoint([p.lat, p.lon]);
      const d = (q.x - containerPoint.x) ** 2 + (q.y - containerPoint.y) ** 2;
      if (d <= bestD) { best = p; bestD = d; }
    }
    return best;
  }

  function setStaffPick(d) {
    staff.pickable = !!d.pickable;
    staff.ranked = new Map((d.ranked || []).map((id, k) => [id, k + 1]));
    legend.render();
    if (staff.last) setStaff(staff.last);
    showCandidates();
  }

  /* A case shown close up leaves its candidates off screen (they are often streets away):
     widen the view once to take in the case and its first three, so the operator can
     pick one. Once per case and ranking: after that the view is the operator's. */
  function showCandidates() {
    if (!staff.pickable || !focusPoint || !staff.last) return;
    const ranked = staff.last.staff.filter((p) => (staff.ranked.get(p.id) || 99) <= 3);
    const key = `${focusPoint}|${ranked.map((p) => p.id)}`;
    if (!ranked.length || key === staff.fitFor) return;
    staff.fitFor = key;
    const bounds = L.latLngBounds([focusPoint]);
    for (const p of ranked) bounds.extend([p.lat, p.lon]);
    if (!map.getBounds().contains(bounds)) map.fitBounds(bounds, {padding: [60, 60], maxZoom: 17});
  }

  function setStaff(data) {
    const hadOffDuty = staff.last && staff.last.staff.some((p) => !p.on_duty);
    staff.last = data;
    if (hadOffDuty !== data.staff.some((p) => !p.on_duty)) legend.render();
    staffLayer.clearLayers();
    staff.smallDots = map.getZoom() < 14;
    const small = staff.smallDots;
    for (const p of data.staff) {
      const colour = p.on_duty ? '#2f45c4' : '#9e9e9e';  // off duty: grey, no trail
      if (p.on_duty && p.trail.length) {
        const line = p.trail.map((q) => [q[1], q[0]]).concat([[p.lat, p.lon]]);
        staffLayer.addLayer(L.polyline(line, {renderer: staffRenderer, color: '#3c55d0',
                                              weight: 2 * emph.scale, opacity: 0.55,
                                              dashArray: '4 4', interactive: false}));
      }
      if (staff.ranked.has(p.id)) {
        staffLayer.addLayer(L.circleMarker([p.lat, p.lon], {renderer: staffRenderer,
                                                            radius: staffRadius() + 4 * emph.scale,
                                                            weight: 3, color: PICK_RING,
                                                            fill: false, interactive: false}));
      }
      staffLayer.addLayer(L.circleMarker([p.lat, p.lon], {renderer: staffRenderer,
                                                          radius: staffRadius(),
                                                          weight: small ? 1 : 2, color: '#ffffff',
                                                          fillColor: colour, fillOpacity: 1})
        .bindTooltip(staffTip(p), {className: 'cc-tip', direction: 'top', offset: [0, -6]}));
    }
  }

  map.on('zoomend', () => {  // the dots' size follows the zoom
    if (staff.last && staff.smallDots !== (map.getZoom() < 14)) setStaff(staff.last);
  });

  const focusLayer = L.layerGroup().addTo(map);

  let focusPoint = null;  // the case or point shown close up, [lat, lng]

  function setFocus(d) {
    focusLayer.clearLayers();
    focusPoint = null;
    const style = {renderer: focusRenderer, pane: 'focus', color: '#0b63ce', weight: 3,
                   fill: false, className: 'cc-focus-ring', interactive: false};
    if (d.kind === 'grid' && d.lon === undefined) {
      const g = areas.byCode.get(d.key);
      if (!g) return;
      const shape = L.geoJSON(g.geometry, {style: () => style});
      focusLayer.addLayer(shape);
      map.fitBounds(shape.getBounds(), {maxZoom: d.zoom || 17, padding: [60, 60]});
      return;
    }
    let lat = d.lat, lon = d.lon;
    if (lat === undefined && d.kind === 'case') {
      const i = cases.index.get(d.key);
      if (i === undefined) return;
      lat = latOf(cases.v[i]); lon = lonOf(cases.u[i]);
    }
    const ring = L.circleMarker([lat, lon], Object.assign({radius: 15}, style));
    if (d.label) ring.bindTooltip(d.label, {permanent: true, direction: 'right', offset: [16, 0], className: 'cc-tip'});
    focusLayer.addLayer(ring);
    map.setView([lat, lon], Math.max(map.getZoom(), d.zoom || 17));
    focusPoint = [lat, lon];
    showCandidates();
  }

  /* Tiles under everything. The layer counts its tiles and how long each took, and says
     when it starts loading tiles and when the view's are on screen (bridge.basemapTiles),
     for screenshots and benchmarks. */
  const basemap = {layer: null, loaded: 0, errors: 0, ms: []};

  function setBasemap(d) {
    if (basemap.layer) map.removeLayer(basemap.layer);
    basemap.layer = null;
    if (d.url) {
      const options = {maxZoom: 19, maxNativeZoom: d.maxNativeZoom || 18,
                       attribution: d.attribution || '', className: 'cc-basemap'};
      if (d.minNativeZoom != null) options.minNativeZoom = d.minNativeZoom;
      if (d.bounds) options.bounds = L.latLngBounds([d.bounds[1], d.bounds[0]], [d.bounds[3], d.bounds[2]]);
      const layer = basemap.layer = L.tileLayer(d.url, options);
      const started = new WeakMap();
      layer.on('tileloadstart', (e) => started.set(e.tile, performance.now()));
      layer.on('tileload', (e) => {
        basemap.loaded++;
        if (started.has(e.tile)) basemap.ms.push(performance.now() - started.get(e.tile));
        if (basemap.ms.length > 5000) basemap.ms.splice(0, 1000);
      });
      layer.on('tileerror', () => { basemap.errors++; });
      const report = (loading) => {
        if (bridge && basemap.layer === layer) {
          bridge.basemapTiles(JSON.stringify({url: d.url, loading: loading, loaded: basemap.loaded,
                                              errors: basemap.errors}));
        }
      };
      layer.on('loading', () => report(true));
      // 'load' comes as the last tile arrives; Leaflet then fades tiles in frame by frame
      // (tile.active once opaque): the view's tiles are on screen a frame after that.
      layer.on('load', function whenOpaque() {
        if (basemap.layer !== layer) return;
        if (Object.values(layer._tiles).some((t) => t.loaded && !t.active)) {
          requestAnimationFrame(whenOpaque);
        } else {
          requestAnimationFrame(() => setTimeout(() => report(false), 0));
        }
      });
      if (visible.basemap) basemap.layer.addTo(map);
    }
    areaLayer.redraw();
  }

  function setLayers(d) {
    Object.assign(visible, d);
    if (visible.staff && !replay.on) staffLayer.addTo(map); else map.removeLayer(staffLayer);
    if (basemap.layer) {
      if (visible.basemap) basemap.layer.addTo(map); else map.removeLayer(basemap.layer);
    }
    legend.render();
    areaLayer.redraw();
    labelLayer.redraw();
    caseLayer.redraw();
  }

  let attribution = '';
  function updateAttribution() {
    if (attribution) map.attributionControl.removeAttribution(attribution);
    attribution = areas.synthetic ? esc(text.synthetic) : '';
    if (attribution) map.attributionControl.addAttribution(attribution);
  }

  /* The interface language's words: the legend, the notes and the tooltips follow. */
  function setStrings(d) {
    Object.assign(text, d);
    document.documentElement.lang = text.lang;
    updateAttribution();
    legend.render();
    if (staff.last) setStaff(staff.last);
    if (map.hasLayer(tip)) map.removeLayer(tip);   // its next showing uses the new words
  }

  const Legend = L.Control.extend({
    options: {position: 'bottomright'},
    onAdd: function () {
      this._div = L.DomUtil.create('div', 'cc-legend');
      L.DomEvent.disableClickPropagation(this._div);
      // Folded to its title on a small map (a desk at 1280×720 leaves the map about
      // 530×430 px), where it would cover a third of the data; a click
      // on the title opens or folds it, and from then on it stays as the person left it.
      this._div.addEventListener('click', (e) => {
        if (!e.target.classList.contains('fold')) return;
        this.folded = !this.isFolded();
        this.render();
      });
      this.render();
      return this._div;
    },
    isFolded: function () {
      if (this.folded !== undefined) return this.folded;
      // A wall zooms the legend by its scale (setEmphasis): a map twice as large in
      // pixels is no larger in the legend's own units, so it folds there too.
      const size = map.getSize(), s = emph.scale || 1;
      return size.x / s < 760 || size.y / s < 520;
    },
    render: function () {
      if (!this._div) return;
      const title = text.legendTitle || '';
      // Hidden until the interface language's words arrive: never a Chinese legend on
      // an English screen, not even for the first frame.
      this._div.style.display = title ? '' : 'none';
      if (!title) return;
      if (title && this.isFolded()) {
        this._div.innerHTML = `<h4 class="fold">${esc(title)} ▸</h4>`;
        return;
      }
      const dots = STATE_COLOURS.map((c, s) =>
        `<span class="row"><span class="dot" style="background:${c}"></span>${esc(text.states[s])}</span>`).join('');
      let html = `<div class="${visible.markers ? '' : 'hidden'}"><h4>${esc(text.countdownTitle)}</h4>${dots}` +
        `<span class="row"><span class="dot urgent" style="background:#fff"></span>${esc(text.urgent)}</span></div>`;
      const b = areas.breaks;
      if (showLoad() && b.length && areas.lastLoad) {
        html += `<h4>${esc(text.loadTitle)}</h4>`;
        for (let k = 0; k < b.length; k++) {
          const range = k + 1 < b.length ? (b[k + 1] - 1 > b[k] ? `${b[k]}–${b[k + 1] - 1}` : `${b[k]}`) : `≥ ${b[k]}`;
          html += `<span class="row"><span class="swatch" style="background:${loadColour(k)}"></span>${range}</span>`;
        }
        html += `<span class="row"><span class="swatch late"></span>${fill(text.lateGrids, {n: areas.lateFrom})}</span>`;
      }
      if (visible.markers && text.ring) {  // the rings that stand for several cases
        html += `<span class="row"><span class="dot ring"></span>${esc(text.ring)}</span>`;
      }
      if (visible.staff && text.staffTitle) {
        html += `<h4>${esc(text.staffTitle)}</h4>` +
          `<span class="row"><span class="dot" style="background:#2f45c4"></span>${esc(text.staffOnDuty)}</span>` +
          `<span class="row"><span class="trail"></span>${esc(text.staffTrail)}</span>`;
        if (staff.ranked.size && text.staffCandidate) {
          html += `<span class="row"><span class="dot pick"></span>${esc(text.staffCandidate)}</span>`;
        }
        if (staff.last && staff.last.staff.some((p) => !p.on_duty)) {
          html += `<span class="row"><span class="dot" style="background:#9e9e9e"></span>${esc(text.staffOffDuty)}</span>`;
        }
      }
      if (title) html = `<h4 class="fold">${esc(title)} ▾</h4>` + html;
      this._div.innerHTML = html;
      // nothing to explain (cases and load both hidden): no empty box
      this._div.style.display = visible.markers || (showLoad() && b.length && areas.lastLoad)
        ? '' : 'none';
    }
  });
  const legend = new Legend().addTo(map);
  map.on('resize', () => legend.render());

  const areaLayer = new AreaLayer({pane: 'areas'}).addTo(map);
  let labelLayer = null;  // the case layer asks it to redraw: made after, so named first
  const caseLayer = new CaseLayer({pane: 'cases'}).addTo(map);
  labelLayer = new LabelLayer({pane: 'labels'}).addTo(map);

  // ---- pointer: hover, click, drag a case out --------------------------------------------
  const container = map.getContainer();
  let press = null;      // {index, x, y, dragged}
  let lastClick = null;

  function hitAt(containerPoint) {
    const [x, y] = caseLayer.toCanvas(containerPoint);
    return caseLayer.hit(x, y);
  }

  function gridAt(latlng) {
    const u = worldX(latlng.lng), v = worldY(latlng.lat);
    for (const g of areas.grids) {
      const b = g.box;
      if (u < b[0] || u > b[2] || v < b[1] || v > b[3]) continue;
      let inside = false;
      for (const a of g.rings) {
        for (let i = 0, j = a.length - 2; i < a.length; j = i, i += 2) {
          if ((a[i + 1] > v) !== (a[j + 1] > v) &&
              u < (a[j] - a[i]) * (v - a[i + 1]) / (a[j + 1] - a[i + 1]) + a[i]) inside = !inside;
        }
      }
      if (inside) return g;
    }
    return null;
  }

  /* What a click at a container point does; the mouse handler and ccMap.clickAt share it. */
  function clickAt(containerPoint) {
    const person = staffAt(containerPoint);   // the staff are drawn above the cases
    if (person) {
      if (bridge) bridge.staffClicked(String(person.id));
      return {staff: person.id};
    }
    if (!visible.markers && !visible.grids) return null;
    const hit = visible.markers ? hitAt(containerPoint) : null;
    if (hit && hit.caseIndex !== undefined) {
      const id = cases.id[hit.caseIndex];
      if (bridge) bridge.caseClicked(String(id));
      return {case: id};
    }
    if (hit && hit.cluster) {
      const c = hit.cluster, f = caseLayer._frame;
      const centre = map.unproject([c.x + f.ox, c.y + f.oy], f.z);
      map.setView(centre, Math.min(f.z + 2, 17));
      return {cluster: c.n};
    }
    const at = map.containerPointToLatLng(containerPoint);
    if (bridge) bridge.pointClicked(JSON.stringify({lon: at.lng, lat: at.lat}));
    const g = gridAt(at);
    if (g && bridge) bridge.gridClicked(g.code);
    return g ? {grid: g.code} : null;
  }

  map.on('click', (e) => {
    if (e.originalEvent === lastClick) return;   // a canvas renderer may pass it on twice
    lastClick = e.originalEvent;
    if (press && press.dragged) return;
    clickAt(e.containerPoint);
  });

  let hoverRaf = 0;
  const tip = L.tooltip({className: 'cc-tip', direction: 'top', offset: [0, -8]});
  map.on('mousemove', (e) => {
    if (press) {
      const moved = Math.abs(e.containerPoint.x - press.x) + Math.abs(e.containerPoint.y - press.y);
      if (!press.dragged && moved > DRAG_THRESHOLD) {
        press.dragged = true;
        container.classList.add('cc-dragging-case');
        if (bridge) bridge.caseDragStarted(String(cases.id[press.index]));
      }
      return;
    }
    if (hoverRaf) return;
    const point = e.containerPoint;
    hoverRaf = requestAnimationFrame(() => {
      hoverRaf = 0;
      // Over a person their own tooltip shows, not the case's under them.
      const hit = visible.markers && !staffAt(point) ? hitAt(point) : null;
      container.classList.toggle('cc-over-case', !!hit);
      if (hit && hit.caseIndex !== undefined) {
        const i = hit.caseIndex;
        tip.setLatLng([latOf(cases.v[i]), lonOf(cases.u[i])]).setContent(caseTip(i));
        if (!map.hasLayer(tip)) tip.addTo(map);
      } else if (map.hasLayer(tip)) {
        map.removeLayer(tip);
      }
    });
  });

  // Capture phase: decide before Leaflet's own handlers whether a press drags the map.
  container.addEventListener('mousedown', (e) => {
    map.dragging.enable();
    press = null;
    if (e.button !== 0 || !visible.markers || replay.on) return;   // no dispatching the past
    const point = map.mouseEventToContainerPoint(e);
    if (staffAt(point)) return;   // a press on a person is a click on them, never a drag
    const hit = hitAt(point);
    if (hit && hit.caseIndex !== undefined) {
      press = {index: hit.caseIndex, x: point.x, y: point.y, dragged: false};
      map.dragging.disable();
    }
  }, true);
  const release = () => {
    if (!press) return;
    setTimeout(() => { press = null; }, 0);   // after the click that may follow
    container.classList.remove('cc-dragging-case');
    map.dragging.enable();
  };
  window.addEventListener('mouseup', release, true);
  container.addEventListener('mouseleave', release);

  map.on('moveend', () => {
    if (!bridge) return;
    const b = map.getBounds();
    bridge.viewChanged(JSON.stringify({zoom: map.getZoom(), west: b.getWest(), south: b.getSouth(),
                                       east: b.getEast(), north: b.getNorth()}));
  });

  // ---- replay: a past stretch of time in place of the live cases, load and staff --------
  /* sig_replay brings, in order: "cases" (the stretch's cases in parts, part 0 starts the
     replay), "staff" (each person's trail points on duty, in parts), then "frame"s — the
     cases whose state changed, by index in that list (code = stage × 4 + countdown, −1
     gone), and the people shown with the range of their trail to draw — and "end", after
     which the live picture, kept up to date meanwhile, is drawn again. */
  Object.assign(replay, {t: '', cat: null, store: null, people: [], heads: null});

  const ReplayStaffLayer = CanvasLayer.extend({
    draw: function (ctx, f) {
      const h = replay.heads;
      this.shownCount = 0;
      if (!visible.staff || !h) return;
      const S = f.S;
      ctx.lineJoin = 'round';
      // Trails through their points, leaving out those within MIN_STEP px of the last one
      // drawn: at district zoom a day's points lie a pixel apart, and the rasteriser's
      // time follows the segments, not what they look like.
      const MIN_STEP = 3;
      ctx.beginPath();
      for (let k = 0; k < h.k.length; k++) {
        const p = replay.people[h.k[k]];
        if (!p || !h.d[k] || h.b[k] <= h.a[k]) continue;
        let x0 = p.u[h.a[k]] * S - f.ox, y0 = p.v[h.a[k]] * S - f.oy;
        ctx.moveTo(x0, y0);
        for (let i = h.a[k] + 1; i < h.b[k]; i++) {
          const x = p.u[i] * S - f.ox, y = p.v[i] * S - f.oy;
          if (Math.abs(x - x0) + Math.abs(y - y0) < MIN_STEP) continue;
          ctx.lineTo(x, y);
          x0 = x; y0 = y;
        }
        ctx.lineTo(h.u[k] * S - f.ox, h.v[k] * S - f.oy);
      }
      ctx.setLineDash([4, 4]);
      ctx.globalAlpha = 0.55;
      stroke(ctx, '#3c55d0', 2 * emph.scale);
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
      // Smaller at district zoom, where a whole shift of people would bury the cases.
      const r = (f.z >= 15 ? 5.5 : f.z >= 13.5 ? 4.5 : 3.5) * emph.scale;
      for (const duty of [0, 1]) {   // people on duty drawn last, on top
        ctx.beginPath();
        for (let k = 0; k < h.k.length; k++) {
          if (h.d[k] !== duty) continue;
          const x = h.u[k] * S - f.ox, y = h.v[k] * S - f.oy;
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, 2 * Math.PI);
          this.shownCount++;
        }
        ctx.fillStyle = duty ? '#2f45c4' : '#9e9e9e';
        ctx.fill();
        stroke(ctx, '#ffffff', r > 4 ? 2 : 1.2);
      }
    }
  });
  // Under the cases (the live staff are above them): a day's people at once are many.
  const replayStaffLayer = new ReplayStaffLayer({pane: 'replayStaff'});

  const Badge = L.Control.extend({
    options: {position: 'topleft'},   // the district is narrow: its corner is mostly free
    onAdd: function () {
      this._div = L.DomUtil.create('div', 'cc-replay-badge');
      this._div.style.zoom = emph.scale;
      return this._div;
    },
    show: function () {
      const t = replay.oneDay ? replay.t.slice(11) : replay.t;
      if (this._div) this._div.textContent = text.replay.replace('{time}', t);
    }
  });
  const badge = new Badge();

  function startReplay() {
    replay.on = true;
    replay.store = caseStore();
    replay.heads = null;
    replay.t = '';
    cases = replay.store;
    if (map.hasLayer(tip)) map.removeLayer(tip);
    map.removeLayer(staffLayer);
    replayStaffLayer.addTo(map);
    badge.addTo(map);
    legend.render();
    areaLayer.redraw();
  }

  function endReplay() {
    if (!replay.on) return;
    Object.assign(replay, {on: false, cat: null, store: null, people: [], heads: null, t: ''});
    cases = liveCases;
    map.removeLayer(replayStaffLayer);
    badge.remove();
    if (map.hasLayer(tip)) map.removeLayer(tip);
    if (visible.staff) staffLayer.addTo(map);
    legend.render();
    areaLayer.redraw();
    caseLayer.redraw();
  }

  function replayCases(d) {
    if (!d.part) {
      startReplay();
      replay.cat = {id: [], no: [], u: [], v: [], urg: []};
      replay.oneDay = !!d.oneDay;
    }
    columns(d);
    const c = replay.cat;
    for (let j = 0; j < d.id.length; j++) {
      c.id.push(d.id[j]);
      c.no.push(d.no[j]);
      c.u.push(worldX((d.lon0 + d.lon[j]) / 1e6));
      c.v.push(worldY((d.lat0 + d.lat[j]) / 1e6));
      c.urg.push(d.u[j]);
    }
    replay.store.stages = d.stages;
    return false;   // nothing to draw before the first frame
  }

  function replayStaff(d) {
    if (!d.part) replay.people = [];
    let o = 0;
    for (let k = 0; k < d.id.length; k++) {
      const n = d.n[k], u = new Float64Array(n), v = new Float64Array(n);
      let x = d.lon0, y = d.lat0;   // a person's first point from the origin, then steps
      for (let i = 0; i < n; i++, o++) {
        x += d.x[o];
        y += d.y[o];
        u[i] = worldX(x / 1e6);
        v[i] = worldY(y / 1e6);
      }
      replay.people[d.first + k] = {id: d.id[k], name: d.name[k], u: u, v: v};
    }
    return false;
  }

  function replayFrame(d) {
    const st = replay.store, c = replay.cat;
    if (!st || !c) return true;
    if (d.full) {
      st.n = 0;
      st.index = new Map();
      st.no = [];
    }
    reserve(st, st.n + d.i.length);
    for (let k = 0; k < d.i.length; k++) {
      const j = d.i[k], code = d.c[k], id = c.id[j];
      if (code < 0) { removeCase(st, id); continue; }
      let i = st.index.get(id);
      if (i === undefined) {
        i = st.n++;
        st.index.set(id, i);
        st.id[i] = id; st.u[i] = c.u[j]; st.v[i] = c.v[j]; st.no[i] = c.no[j];
      }
      st.f[i] = (code & 3) | (c.urg[j] ? URGENT : 0);
      st.st[i] = code >> 2;
    }
    const s = d.s, n = s.k.length, u = new Float64Array(n), v = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      u[k] = worldX((s.lon0 + s.x[k]) / 1e6);
      v[k] = worldY((s.lat0 + s.y[k]) / 1e6);
    }
    replay.heads = {k: s.k, d: s.d, a: s.a, b: s.b, u: u, v: v};
    replay.t = d.t;
    badge.show();
    if (d.full || d.i.length) caseLayer.redraw();   // and the names around the cases
    replayStaffLayer.redraw();
    return true;
  }

  function onReplay(d) {
    if (d.op === 'cases') return replayCases(d);
    if (d.op === 'staff') return replayStaff(d);
    if (d.op === 'frame') return replayFrame(d);
    if (d.op === 'end') endReplay();
    return true;
  }

  /* What the replay shows now, for the painted report: instant, cases per countdown. */
  function replayReport() {
    if (!replay.on) return null;
    const st = replay.store, states = [0, 0, 0];
    let urgent = 0;
    for (let i = 0; i < st.n; i++) {
      states[st.f[i] & 3]++;
      if (st.f[i] & URGENT) urgent++;
    }
    const h = replay.heads;
    let trail = 0;
    if (h) for (let k = 0; k < h.k.length; k++) if (h.d[k]) trail += Math.max(0, h.b[k] - h.a[k]);
    return {t: replay.t, cases: st.n, states: states, urgent: urgent,
            staff: h ? h.k.length : 0, onDuty: h ? h.d.reduce((a, b) => a + b, 0) : 0,
            trailPoints: trail};
  }

  // ---- the channel ----------------------------------------------------------------------
  let paintRaf = 0;
  function reportPainted() {
    if (paintRaf) return;
    // After this frame's canvas draws (earlier rAF callbacks) and the frame itself.
    paintRaf = requestAnimationFrame(() => {
      paintRaf = 0;
      setTimeout(() => {
        if (bridge) {
          bridge.painted(JSON.stringify({seq: lastSeq, areasMs: areaLayer.lastDrawMs || 0,
                                         casesMs: caseLayer.lastDrawMs || 0,
                                         replay: replayReport(),
                                         replayStaffMs: replay.on ? replayStaffLayer.lastDrawMs || 0 : 0,
                                         updates: Object.fromEntries(Object.entries(timings).map(
                                           ([k, t]) => [k, t.map(Math.round)]))}));
          for (const key of Object.keys(timings)) delete timings[key];
        }
      }, 0);
    });
  }

  const timings = {};    // per update kind: [parse ms, apply ms, bytes] since the last report

  function receiver(name, apply) {
    return function (seq, text) {
      try {
        const t0 = performance.now(), data = JSON.parse(text), t1 = performance.now();
        const done = apply(data) !== false;
        const t = timings[name] || [0, 0, 0];
        timings[name] = [t[0] + t1 - t0, t[1] + performance.now() - t1, t[2] + text.length];
        if (!done) return;   // more parts of this update follow
      } catch (err) {
        if (bridge) bridge.pageError(`${name}: ${err && err.stack ? err.stack : err}`);
      }
      lastSeq = Math.max(lastSeq, seq);
      reportPainted();
    };
  }

  window.addEventListener('error', (e) => {
    if (bridge) bridge.pageError(`${e.message} (${e.filename}:${e.lineno})`);
  });

  new QWebChannel(qt.webChannelTransport, (channel) => {
    bridge = channel.objects.bridge;
    bridge.sig_grids.connect(receiver('grids', setGrids));
    bridge.sig_outlines.connect(receiver('outlines', setOutlines));
    bridge.sig_markers_replace.connect(receiver('markers_replace', replaceCases));
    bridge.sig_markers_patch.connect(receiver('markers_patch', patchCases));
    bridge.sig_grid_load.connect(receiver('grid_load', setGridLoad));
    bridge.sig_staff.connect(receiver('staff', setStaff));
    bridge.sig_staff_pick.connect(receiver('staff_pick', setStaffPick));
    bridge.sig_focus.connect(receiver('focus', setFocus));
    bridge.sig_layers.connect(receiver('layers', setLayers));
    bridge.sig_basemap.connect(receiver('basemap', setBasemap));
    bridge.sig_strings.connect(receiver('strings', setStrings));
    bridge.sig_emphasis.connect(receiver('emphasis', setEmphasis));
    bridge.sig_replay.connect(receiver('replay', onReplay));
    // Only with --js-flags=--expose-gc (the wall's memory bound) is there a gc() to call.
    bridge.sig_collect.connect(() => { if (typeof window.gc === 'function') window.gc(); });
    bridge.ready(JSON.stringify({leaflet: L.version, pixelRatio: window.devicePixelRatio || 1}));
  });

  // ---- inspection and simulated clicks, for tests and diagnostics ------------------------
  window.ccMap = {
    leafletVersion: () => L.version,
    state: () => ({cases: cases.n, grids: areas.grids.length, streets: areas.street.length,
                   communities: areas.community.length, loaded: areas.grids.filter((g) => g.open > 0).length,
                   staff: map.hasLayer(staffLayer) ? staffLayer.getLayers().length : 0, staffRadius: staffRadius(),
                   zoom: map.getZoom(), lastSeq: lastSeq,
                   clusters: (caseLayer.clusters || []).length, shown: caseLayer.shownCount || 0,
                   basemap: !!basemap.layer, visible: Object.assign({}, visible),
                   lang: text.lang, scale: emph.scale, flash: emph.flash,
                   collector: typeof window.gc === 'function',
                   pulses: Array.from(emph.pulses.keys()), replay: replayReport()}),
    /* The legend's and the attribution's text as shown. */
    /* The names drawn now, each with its box in container px. */
    labels: () => {
      const f = labelLayer._frame, o = map.getPixelOrigin();
      const at = (x, y) => map.layerPointToContainerPoint(L.point(x + f.ox - o.x, y + f.oy - o.y));
      return placedLabels.map((p) => {
        const a = at(p.box[0], p.box[1]), b = at(p.box[2], p.box[3]);
        return {text: p.text, box: [a.x, a.y, b.x, b.y]};
      });
    },
    /* Tiles loaded and failed since the last reset, with each load's time (ms). */
    basemapStats: () => ({loaded: basemap.loaded, errors: basemap.errors, ms: basemap.ms.slice(),
                          loading: !!(basemap.layer && basemap.layer.isLoading())}),
    resetBasemapStats: () => { basemap.loaded = 0; basemap.errors = 0; basemap.ms = []; },
    panBy: (dx, dy) => { map.panBy([dx, dy], {animate: false}); },
    setView: (lon, lat, zoom) => { map.setView([lat, lon], zoom, {animate: false}); },
    texts: () => ({legend: legend._div ? legend._div.innerText : '',
                   attribution: map.attributionControl.getContainer().innerText}),
    marker: (id) => {
      const i = cases.index.get(id);
      if (i === undefined) return null;
      return {id: cases.id[i], number: cases.no[i], lon: lonOf(cases.u[i]), lat: latOf(cases.v[i]),
              countdown: ['normal', 'warning', 'overdue'][cases.f[i] & 3],
              urgent: !!(cases.f[i] & URGENT), stage: (cases.stages[cases.st[i]] || [])[0]};
    },
    markers: () => Array.from(cases.index.keys()).map((id) => window.ccMap.marker(id)),
    containerPointOf: (id) => {
      const i = cases.index.get(id);
      if (i === undefined) return null;
      const p = map.latLngToContainerPoint([latOf(cases.v[i]), lonOf(cases.u[i])]);
      return [p.x, p.y];
    },
    clickAt: (x, y) => clickAt(L.point(x, y)),
    /* A person's dot in container px, and their tooltip's text as it reads. */
    staffPointOf: (id) => {
      const p = staff.last && staff.last.staff.find((q) => q.id === id);
      if (!p) return null;
      const q = map.latLngToContainerPoint([p.lat, p.lon]);
      return [q.x, q.y];
    },
    staffTip: (id) => {
      const p = staff.last && staff.last.staff.find((q) => q.id === id);
      if (!p) return null;
      const div = document.createElement('div');
      div.innerHTML = staffTip(p).split('<br>').join(' | ');
      return div.textContent;
    },
    staffPick: () => ({pickable: staff.pickable, ranked: Array.from(staff.ranked.keys())}),
    lonLatAt: (x, y) => { const ll = map.containerPointToLatLng([x, y]); return [ll.lng, ll.lat]; },
    /* Redraw both canvases now and say how long each took (ms). */
    drawTimes: () => {
      areaLayer._drawNow();
      caseLayer._drawNow();
      labelLayer._drawNow();
      return {areas: areaLayer.lastDrawMs, cases: caseLayer.lastDrawMs, labels: labelLayer.lastDrawMs};
    }
  };
})();
