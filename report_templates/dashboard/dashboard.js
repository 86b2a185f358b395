/* quickscan dashboard: the comparison of `quickscan compare --html`, offline in one file.
 *
 * Everything a person reads that compare computes (scores, bands, quality labels, ranks,
 * percentiles, group scores, wave changes and their intervals) arrives rounded from Python
 * in the data, with the words of the labels and bands. This script computes only what
 * depends on a choice made in the page: the peer group (with the rules of
 * quickscan.compare.peers.select_peers) and the focal municipality's position among its
 * peers (quickscan.compare.table.peer_positions), and rounds those with the same rule as
 * quickscan.rounding.display. docs/compare.md ("The dashboard") explains the page.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("dashboard-data").textContent);
  // Group scores, gaps and wave changes: read when the municipality page first needs them.
  var detailData = null;
  function detail() {
    if (!detailData) detailData = JSON.parse(document.getElementById("dashboard-detail").textContent);
    return detailData;
  }
  var T = DATA.text;
  var OVERALL = "overall";
  var AREA_IDS = [OVERALL].concat(DATA.areas.map(function (a) { return a.id; }));
  var BAND_INDEX = {};
  DATA.bands.forEach(function (b, i) { BAND_INDEX[b.id] = i; });
  var NUMBER_FORMAT = DATA.lang === "nl" ? "," : ".";

  // --- numbers: the rules of quickscan.rounding and quickscan.compare.ranking ------------

  /* quickscan.rounding.display: one decimal, half away from zero, on the shortest decimal
   * representation of the double (JavaScript's String() and Python's repr() give the same
   * digits), so 6.25 -> "6.3" and -0.04 -> "0.0" as in Python. */
  function display(value) {
    if (value === null || value === undefined || isNaN(value)) return "";
    var negative = value < 0 || Object.is(value, -0);
    var text = String(Math.abs(value));
    var mantissa = text, exponent = 0;
    var e = text.indexOf("e");
    if (e >= 0) { mantissa = text.slice(0, e); exponent = parseInt(text.slice(e + 1), 10); }
    var dot = mantissa.indexOf(".");
    var digits = mantissa.replace(".", "");
    var intLength = (dot < 0 ? mantissa.length : dot) + exponent;
    // digits with the decimal point after intLength digits (may be <= 0 or > length)
    if (intLength <= 0) { digits = "0".repeat(1 - intLength) + digits; intLength = 1; }
    while (digits.length < intLength + 2) digits += "0";
    var keep = digits.slice(0, intLength + 1);
    var next = digits.charCodeAt(intLength + 1) - 48;
    var units = keep.split("").map(Number);
    if (next >= 5) {
      var i = units.length - 1;
      while (i >= 0) {
        if (units[i] === 9) { units[i] = 0; i--; } else { units[i] += 1; break; }
      }
      if (i < 0) units.unshift(1);
    }
    var whole = units.slice(0, units.length - 1).join("").replace(/^0+(?=\d)/, "");
    var zero = /^0*$/.test(whole) && units[units.length - 1] === 0;
    // Never "-0.0": -0.04 shows as 0.0, as quickscan.rounding.display does.
    return (negative && !zero ? "-" : "") + (whole || "0") + "." + units[units.length - 1];
  }

  /* quickscan.rounding.clean: every derived number keeps 10 decimals (no binary noise) and
   * no negative zero. toFixed rounds the exact value of the double, as Python's round()
   * does; the two differ only on an exact tie at the 11th decimal, which a mean of scores
   * with at most 10 decimals does not reach in practice. */
  function clean(value) {
    return value === null ? null : Number(value.toFixed(10)) + 0;
  }

  /* Python's math.fsum (Shewchuk's exact partials, correctly rounded), so that the peers'
   * mean is the same double as statistics.fmean computes. */
  function fsum(values) {
    var partials = [];
    values.forEach(function (value) {
      var x = value, i = 0;
      for (var j = 0; j < partials.length; j++) {
        var y = partials[j];
        if (Math.abs(x) < Math.abs(y)) { var t = x; x = y; y = t; }
        var hi = x + y;
        var lo = y - (hi - x);
        if (lo !== 0) partials[i++] = lo;
        x = hi;
      }
      partials.length = i;
      partials.push(x);
    });
    var n = partials.length;
    if (n === 0) return 0;
    var total = partials[--n], rest = 0;
    while (n > 0) {
      var a = total, b = partials[--n];
      total = a + b;
      rest = b - (total - a);
      if (rest !== 0) break;
    }
    if (n > 0 && ((rest < 0 && partials[n - 1] < 0) || (rest > 0 && partials[n - 1] > 0))) {
      var twice = rest * 2, sum = total + twice;
      if (twice === sum - total) total = sum;
    }
    return total;
  }

  /* Python's sum() of floats: left to right, and from Python 3.12 on with Neumaier's
   * compensation (the data says which Python made the page). */
  function pythonSum(values) {
    var total = 0, c = 0;
    for (var i = 0; i < values.length; i++) {
      var x = values[i];
      if (!DATA.peers.compensated_sum) { total += x; continue; }
      var t = total + x;
      c += Math.abs(total) >= Math.abs(x) ? (total - t) + x : (x - t) + total;
      total = t;
    }
    return c !== 0 && isFinite(c) ? total + c : total;
  }

  function median(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var n = sorted.length, mid = Math.floor(n / 2);
    return n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /* quickscan.compare.ranking.percentile_of: share of others below, ties counting half. */
  function percentileOf(value, others) {
    if (!others.length) return null;
    var lower = 0, tied = 0;
    others.forEach(function (w) { if (w < value) lower++; else if (w === value) tied++; });
    return clean(100 * (lower + 0.5 * tied) / others.length);
  }

  /* The text of an export cell: text a spreadsheet would run as a formula gets a leading
   * quote (quickscan.export.neutralise); numbers stay numbers. */
  var FORMULA_START = ["=", "+", "-", "@", "\t", "\r"];
  function neutralise(value) {
    if (typeof value !== "string") return value;
    return FORMULA_START.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
  }

  function csvField(value) {
    var text = value === null || value === undefined ? "" : String(value);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function shown(text) {
    // Decimal comma in Dutch; the data holds "6.3".
    return text ? text.replace(".", NUMBER_FORMAT) : "";
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? "{" + key + "}" : String(values[key]);
    });
  }

  function esc(text) {
    return String(text === null || text === undefined ? "" : text)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  // --- rows -----------------------------------------------------------------------------

  var M = DATA.municipalities;
  var ROWS = DATA.rows;
  var rowsByWave = DATA.waves.map(function () { return {}; });
  ROWS.forEach(function (row, i) { rowsByWave[row.w][row.m] = i; });

  function label(m) {
    var mun = M[m];
    return mun.code && mun.code !== mun.name ? mun.code + " " + mun.name : mun.name;
  }

  function waveLabel(w) { return DATA.waves[w] || ""; }

  function areaTitle(areaId) {
    if (areaId === OVERALL) return T.overall;
    var area = DATA.areas[AREA_IDS.indexOf(areaId) - 1];
    return area.number + " " + area.short;
  }

  function bandLabel(bandId) {
    var i = BAND_INDEX[bandId];
    return i === undefined ? "" : DATA.bands[i].label;
  }

  function statusText(status) {
    return status === "suppressed" ? T.suppressed : T.no_score;
  }

  // --- quality labels (docs/methodology.md 14.7) ----------------------------------------
  // Words, marks and legend come from Python (report.i18n), as in every other output: a
  // cell holds the index of its label; betrouwbaar has no mark and no word.

  var Q = DATA.quality;
  var MARK_SPACE = "\u202f"; // a narrow no-break space between a score and its mark

  function qualityWord(q) { return q === null || q === undefined ? "" : Q.words[q]; }

  function qualityMark(q) { return q === null || q === undefined ? "" : Q.marks[q]; }

  /* '5.0 (indicative)': a score in a sentence, with its label in words. */
  function withWord(text, q) {
    var word = qualityWord(q);
    return word ? text + " (" + word + ")" : text;
  }

  /* The mark after a score, its word as the mark's accessible name. `slot`: a score in a
   * column of numbers keeps the room of a mark it does not have, so the decimals line up. */
  function markHtml(q, slot) {
    var mark = qualityMark(q);
    if (!mark) return slot ? '<span class="qmark" aria-hidden="true"></span>' : "";
    var word = esc(qualityWord(q));
    return '<span class="qmark" role="img" aria-label="' + word + '" title="' + word + '">' +
      MARK_SPACE + esc(mark) + "</span>";
  }

  /* A score with its band as a patterned chip (the pattern, not only the colour, tells the
   * band apart), the band in words for screen readers, and its quality mark. */
  function scoreHtml(text, band, status, q) {
    if (!text) return '<span class="none">' + esc(statusText(status)) + "</span>";
    var i = BAND_INDEX[band];
    // One element per score: the chip is an image whose text is the band's name.
    return (i === undefined ? "" : '<span class="chip band' + i + '" role="img" aria-label="' +
      esc(DATA.bands[i].label) + '"></span>') + esc(shown(text)) + markHtml(q, true);
  }

  // --- peers: the rules of quickscan.compare.peers.select_peers ------------------------

  var P = DATA.peers;

  /* Municipalities with results in wave w (indices), as `compare --wave` has them. */
  function available(w) {
    return Object.keys(rowsByWave[w]).map(Number).filter(function (m) { return M[m].code; })
      .sort(function (a, b) { return M[a].code < M[b].code ? -1 : M[a].code > M[b].code ? 1 : 0; });
  }

  function byCode(a, b) {
    return M[a].code < M[b].code ? -1 : M[a].code > M[b].code ? 1 : 0;
  }

  /* spec: {method: 'size-class'|'column'|'nearest'|'codes', column, value (index), k,
   * columns, codes (indices)}. Returns {peers, description, distances, warnings, error}. */
  function selectPeers(spec, focal, w) {
    var candidates = available(w).filter(function (m) { return m !== focal; });
    var out = { peers: [], description: "", distances: {}, warnings: [], error: null };
    var code = M[focal].code;
    if (spec.method === "codes") {
      var wanted = {};
      spec.codes.forEach(function (m) { wanted[m] = true; });
      out.peers = candidates.filter(function (m) { return wanted[m]; });
      out.description = fill(T.desc_codes, { n: spec.codes.length });
    } else if (spec.method === "column") {
      var column = P.columns[spec.column];
      out.peers = candidates.filter(function (m) { return column.of[m] === spec.value; });
      out.description = column.id + " = " + column.values[spec.value];
    } else if (spec.method === "size-class") {
      if (!P.in_table[focal]) return failed(out, fill(T.err_not_in_file, { code: code }));
      var cls = P.size_class[focal];
      if (cls === null) return failed(out, fill(T.err_no_value, { code: code, column: T.inhabitants }));
      out.peers = candidates.filter(function (m) { return P.size_class[m] === cls; });
      out.description = P.size_labels[String(cls)];
    } else if (spec.method === "nearest") {
      // No list means every numeric column (as nearest:K); an empty list is no choice at all.
      var columns = (spec.columns ? spec.columns : Object.keys(P.z).sort())
        .filter(function (c) { return P.z[c] && P.z[c].spread; });
      if (!columns.length) return failed(out, T.err_no_columns);
      if (!P.in_table[focal]) return failed(out, fill(T.err_not_in_file, { code: code }));
      for (var c = 0; c < columns.length; c++) {
        if (P.z[columns[c]].z[focal] === null) {
          return failed(out, fill(T.err_no_value, { code: code, column: columns[c] }));
        }
      }
      var distances = {}, skipped = [];
      candidates.forEach(function (m) {
        var squares = [];
        for (var i = 0; i < columns.length; i++) {
          var z = P.z[columns[i]].z;
          if (z[m] === null) { skipped.push(m); return; }
          var d = z[m] - z[focal];
          squares.push(d * d);
        }
        distances[m] = Math.sqrt(pythonSum(squares));
      });
      var chosen = Object.keys(distances).map(Number).sort(function (a, b) {
        return distances[a] - distances[b] || byCode(a, b);
      }).slice(0, spec.k);
      out.peers = chosen.sort(byCode);
      chosen.forEach(function (m) { out.distances[m] = distances[m]; });
      out.description = fill(T.desc_nearest, { k: spec.k, columns: columns.join(", ") });
      if (skipped.length) {
        out.warnings.push(fill(T.warn_missing_values, {
          n: skipped.length, columns: columns.join(", "),
          codes: skipped.slice(0, 20).map(function (m) { return M[m].code; }).join(", ")
        }));
      }
    }
    if (out.peers.length < P.min) {
      out.warnings.push(fill(T.warn_few_peers, {
        code: code, description: out.description, n: out.peers.length, min: P.min
      }));
    }
    return out;
  }

  function failed(out, message) { out.error = message; return out; }

  /* quickscan.compare.table.peer_positions for one focal row, plus the spread (lowest and
   * highest peer score) and the focal municipality's rank among itself and its peers. */
  function positions(focal, peers, w) {
    var focalRow = ROWS[rowsByWave[w][focal]];
    var peerRows = peers.map(function (m) { return ROWS[rowsByWave[w][m]]; })
      .filter(function (r) { return r; });
    return AREA_IDS.map(function (areaId, a) {
      var cell = focalRow.cells[a];
      var scored = peerRows.map(function (r) { return r.cells[a][0]; })
        .filter(function (v) { return v !== null; });
      var p = { area: areaId, score: cell[0], shown: cell[1], band: cell[2], status: cell[3],
        quality: cell[9], n: scored.length, mean: null, median: null, min: null, max: null, percentile: null,
        difference: null, rank: null, among: null, values: scored };
      if (scored.length) {
        p.mean = clean(fsum(scored) / scored.length);
        p.median = clean(median(scored));
        p.min = Math.min.apply(null, scored);
        p.max = Math.max.apply(null, scored);
        if (cell[0] !== null) {
          p.percentile = percentileOf(cell[0], scored);
          p.difference = clean(cell[0] - p.mean);
          p.rank = 1 + scored.filter(function (v) { return v > cell[0]; }).length;
          p.among = scored.length + 1;
        }
      }
      return p;
    });
  }

  // --- the table ------------------------------------------------------------------------

  // Rows drawn at first: enough to read, few enough to draw fast (the rest on request).
  var PAGE = 100;
  var state = { sort: { key: "overall", dir: -1 }, shownRows: [], limit: PAGE };
  var columns = buildColumns();

  function buildColumns() {
    var cols = [
      { key: "code", title: T.code, text: true, value: function (r) { return M[r.m].code || ""; } },
      { key: "name", title: T.municipality, text: true, value: function (r) { return M[r.m].name; } }
    ];
    if (DATA.waves.length > 1 || DATA.waves[0]) {
      cols.push({ key: "wave", title: T.wave, text: true, value: function (r) { return waveLabel(r.w); } });
    }
    (P.columns || []).forEach(function (c, ci) {
      cols.push({ key: "char:" + c.id, title: c.id, text: !c.numeric, characteristic: ci,
        value: function (r) {
          if (c.numeric) return c.number[r.m] === undefined ? null : c.number[r.m];
          return c.of[r.m] === null ? "" : c.values[c.of[r.m]];
        },
        shownValue: function (r) { return c.of[r.m] === null ? "" : c.values[c.of[r.m]]; } });
    });
    cols.push({ key: "n", title: T.respondents, value: function (r) { return r.n; } });
    DATA.groups.forEach(function (g, gi) {
      cols.push({ key: "resp:" + g.id, title: g.label, group: gi, value: function (r) { return r.resp[gi]; } });
    });
    AREA_IDS.forEach(function (areaId, a) {
      cols.push({ key: areaId, title: areaTitle(areaId), area: a, value: function (r) { return r.cells[a][0]; } });
    });
    cols.push({ key: "rank", title: T.rank, value: function (r) { return r.cells[0][6]; } });
    return cols;
  }

  function filters() {
    var f = { search: byId("f-search").value.trim().toLowerCase(), wave: byId("f-wave").value,
      band: byId("f-band").value, bandArea: Number(byId("f-band-area").value), chars: [] };
    (P.columns || []).forEach(function (c, ci) {
      if (c.list) {
        var el = byId("f-char-" + ci);
        if (el.value !== "") f.chars.push({ ci: ci, value: Number(el.value) });
      } else {
        var low = byId("f-char-" + ci + "-min").value, high = byId("f-char-" + ci + "-max").value;
        if (low !== "" || high !== "") {
          f.chars.push({ ci: ci, min: low === "" ? -Infinity : Number(low),
            max: high === "" ? Infinity : Number(high) });
        }
      }
    });
    return f;
  }

  function matches(row, f) {
    if (f.wave !== "" && row.w !== Number(f.wave)) return false;
    if (f.search) {
      var mun = M[row.m];
      if ((mun.code || "").toLowerCase().indexOf(f.search) < 0 &&
          mun.name.toLowerCase().indexOf(f.search) < 0) return false;
    }
    if (f.band !== "") {
      var cell = row.cells[f.bandArea];
      if (f.band === "none" ? cell[2] !== null : cell[2] !== f.band) return false;
    }
    for (var i = 0; i < f.chars.length; i++) {
      var c = P.columns[f.chars[i].ci];
      if ("value" in f.chars[i]) {
        if (c.of[row.m] !== f.chars[i].value) return false;
      } else {
        var v = c.number[row.m];
        if (v === null || v === undefined || v < f.chars[i].min || v > f.chars[i].max) return false;
      }
    }
    return true;
  }

  function compareValues(a, b, text) {
    var aMissing = a === null || a === undefined || a === "";
    var bMissing = b === null || b === undefined || b === "";
    if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
    if (text) return String(a).localeCompare(String(b), DATA.lang, { numeric: true });
    return a - b;
  }

  function sortedRows(list) {
    var col = columns.filter(function (c) { return c.key === state.sort.key; })[0];
    var dir = state.sort.dir;
    return list.slice().sort(function (x, y) {
      var a = col.value(ROWS[x]), b = col.value(ROWS[y]);
      var missing = (a === null || a === "") - (b === null || b === "");
      if (missing) return missing; // rows without a value last, whatever the direction
      var c = compareValues(a, b, col.text) * dir;
      return c || ROWS[x].w - ROWS[y].w || byKey(ROWS[x].m, ROWS[y].m);
    });
  }

  function byKey(a, b) { return M[a].key < M[b].key ? -1 : M[a].key > M[b].key ? 1 : 0; }

  function cellHtml(col, row) {
    if (col.area !== undefined) {
      var cell = row.cells[col.area];
      return '<td class="score">' + scoreHtml(cell[1], cell[2], cell[3], cell[9]) + "</td>";
    }
    if (col.key === "name") {
      return '<th scope="row"><a href="#municipality=' + encodeURIComponent(M[row.m].key) +
        '" data-open="' + row.m + '">' + esc(M[row.m].name) + "</a></th>";
    }
    if (col.group !== undefined) {
      var g = DATA.groups[col.group].id;
      var flag = row.supp.indexOf(g) >= 0
        ? '<abbr class="flag" title="' + esc(T.suppressed_group) + '">s</abbr><span class="sr"> ' +
          esc(T.suppressed_group) + "</span>" : "";
      return '<td class="count">' + row.resp[col.group] + flag + "</td>";
    }
    if (col.key === "rank") {
      var rank = row.cells[0][6];
      return '<td class="count">' + (rank === null ? "" : rank + '<span class="of"> / ' + row.cells[0][8] + "</span>") + "</td>";
    }
    var value = col.shownValue ? col.shownValue(row) : col.value(row);
    return '<td' + (col.text ? "" : ' class="count"') + ">" + esc(value === null ? "" : value) + "</td>";
  }

  function renderTable() {
    var f = filters();
    var list = [];
    for (var i = 0; i < ROWS.length; i++) if (matches(ROWS[i], f)) list.push(i);
    state.shownRows = sortedRows(list);
    var head = columns.map(function (col) {
      var sorted = state.sort.key === col.key;
      var aria = sorted ? (state.sort.dir > 0 ? "ascending" : "descending") : "none";
      return '<th scope="col" aria-sort="' + aria + '"' + (col.key === "name" ? ' class="name"' : "") +
        '><button type="button" data-sort="' + esc(col.key) + '">' + esc(col.title) +
        '<span class="arrow" aria-hidden="true">' + (sorted ? (state.sort.dir > 0 ? "▲" : "▼") : "") +
        "</span></button></th>";
    }).join("");
    var body = state.shownRows.slice(0, state.limit).map(function (i) {
      var row = ROWS[i];
      return "<tr>" + columns.map(function (col) { return cellHtml(col, row); }).join("") + "</tr>";
    }).join("");
    byId("rows-table").innerHTML = "<caption>" + esc(fill(T.table_caption, {
      shown: state.shownRows.length, total: ROWS.length })) + "</caption><thead><tr>" + head +
      "</tr></thead><tbody>" + body + "</tbody>";
    byId("rows-count").textContent = fill(T.rows_shown, { shown: state.shownRows.length, total: ROWS.length });
    var more = byId("rows-more");
    var hidden = state.shownRows.length - state.limit;
    more.hidden = hidden <= 0;
    if (hidden > 0) more.textContent = fill(T.show_more, { n: Math.min(hidden, 400), left: hidden });
  }

  function showMore() {
    state.limit += 400;
    renderTable();
  }

  function onFilter() {
    state.limit = PAGE;
    renderTable();
  }

  function onSort(event) {
    var button = event.target.closest("button[data-sort]");
    if (!button) return;
    var key = button.getAttribute("data-sort");
    var col = columns.filter(function (c) { return c.key === key; })[0];
    if (state.sort.key === key) state.sort.dir = -state.sort.dir;
    else state.sort = { key: key, dir: col.text ? 1 : -1 };
    renderTable();
    var again = byId("rows-table").querySelector('button[data-sort="' + key + '"]');
    if (again) again.focus();
  }

  /* The rows that pass the filters, as CSV with the table's columns: text a spreadsheet
   * would run as a formula is neutralised as in every export; numbers stay numbers (a score
   * is written as compare's CSV writes it, "6.3"). Each score has its band and its quality
   * label, the label's id as in compare's CSV ("indicatief"; empty without a score). */
  function tableCsv() {
    var header = [];
    columns.forEach(function (col) {
      if (col.area !== undefined) {
        header.push(col.title + " " + T.score.toLowerCase(), col.title + " " + T.band.toLowerCase(),
          col.title + " " + T.quality.toLowerCase());
      } else header.push(col.title);
    });
    var lines = [header.map(function (h) { return csvField(neutralise(h)); }).join(",")];
    state.shownRows.forEach(function (i) {
      var row = ROWS[i], fields = [];
      columns.forEach(function (col) {
        if (col.area !== undefined) {
          var cell = row.cells[col.area];
          fields.push(cell[1] || "", neutralise(cell[1] ? bandLabel(cell[2]) : statusText(cell[3])),
            cell[1] && cell[9] !== null ? Q.labels[cell[9]] : "");
        } else if (col.key === "rank") {
          fields.push(row.cells[0][6] === null ? "" : row.cells[0][6]);
        } else {
          var v = col.value(row);
          if (v === null || v === undefined) fields.push("");
          else fields.push(col.text ? neutralise(String(v)) : v);
        }
      });
      lines.push(fields.map(csvField).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  function downloadCsv() {
    var blob = new Blob(["\ufeff" + tableCsv()], { type: "text/csv;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = DATA.csv_name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  // --- peer view ------------------------------------------------------------------------

  function peerSpec() {
    var method = (document.querySelector('input[name="p-method"]:checked') || {}).value;
    if (method === "column") {
      return { method: method, column: Number(byId("p-column").value), value: Number(byId("p-value").value) };
    }
    if (method === "nearest") {
      var k = parseInt(byId("p-k").value, 10);
      var chosen = Array.prototype.slice.call(document.querySelectorAll('input[name="p-near"]:checked'))
        .map(function (el) { return el.value; });
      return { method: method, k: k, columns: chosen };
    }
    if (method === "codes") {
      return { method: method, codes: Array.prototype.slice.call(byId("p-codes").selectedOptions)
        .map(function (o) { return Number(o.value); }) };
    }
    return { method: "size-class" };
  }

  function renderPeers() {
    var focal = Number(byId("p-focal").value);
    var w = Number(byId("p-wave").value);
    var method = peerSpec().method;
    ["column", "nearest", "codes"].forEach(function (name) {
      var box = byId("p-" + name + "-options");
      if (box) box.hidden = method !== name;
    });
    var out = byId("peer-result");
    if (rowsByWave[w][focal] === undefined) {
      out.innerHTML = '<p class="warning" role="alert">' + esc(fill(T.err_no_wave, { name: label(focal), wave: waveLabel(w) })) + "</p>";
      return;
    }
    var spec = peerSpec();
    if (spec.method === "nearest" && !(spec.k >= 1)) {
      out.innerHTML = '<p class="warning" role="alert">' + esc(T.err_k) + "</p>";
      return;
    }
    var chosen = selectPeers(spec, focal, w);
    if (chosen.error) {
      out.innerHTML = '<p class="warning" role="alert">' + esc(chosen.error) + "</p>";
      return;
    }
    var html = "<h3>" + esc(fill(T.peers_heading, { name: label(focal), wave: waveLabel(w) })) + "</h3>";
    html += '<p id="peer-description">' + esc(fill(T.peers_summary, {
      description: chosen.description, n: chosen.peers.length })) + "</p>";
    chosen.warnings.forEach(function (text) {
      html += '<p class="warning" role="status"><strong>' + esc(T.warning) + ":</strong> " + esc(text) + "</p>";
    });
    if (chosen.peers.length) {
      html += '<details><summary>' + esc(fill(T.peer_list, { n: chosen.peers.length })) + '</summary><ul class="peer-list" id="peer-list">' +
        chosen.peers.map(function (m) {
          var d = chosen.distances[m];
          return '<li data-key="' + esc(M[m].key) + '">' + esc(label(m)) +
            (d === undefined ? "" : ' <span class="muted">(' + esc(T.distance) + " " + esc(shown(d.toFixed(2))) + ")</span>") + "</li>";
        }).join("") + "</ul></details>";
    }
    var rows = positions(focal, chosen.peers, w);
    // In a scroll region of its own, as the other tables: a narrow window scrolls the table,
    // not the page.
    var caption = fill(T.peer_table_caption, { name: label(focal) });
    html += '<div class="scroll" tabindex="0" role="region" aria-label="' + esc(caption) + '">' +
      '<table class="data" id="peer-table"><caption>' + esc(caption) +
      '</caption><thead><tr><th scope="col">' + esc(T.area) + '</th><th scope="col">' + esc(T.score) +
      '</th><th scope="col">' + esc(T.peer_mean) + '</th><th scope="col">' + esc(T.peer_median) +
      '</th><th scope="col">' + esc(T.peer_spread) + '</th><th scope="col">' + esc(T.difference) +
      '</th><th scope="col">' + esc(T.rank_among) + '</th><th scope="col">' + esc(T.percentile_among) +
      '</th><th scope="col">' + esc(T.peers_with_score) + '</th><th scope="col">' + esc(T.chart) + "</th></tr></thead><tbody>";
    rows.forEach(function (p) {
      html += '<tr data-area="' + esc(p.area) + '"><th scope="row">' + esc(areaTitle(p.area)) + "</th>" +
        '<td class="score" data-col="score">' + scoreHtml(p.shown, p.band, p.status, p.quality) + "</td>" +
        '<td class="count" data-col="mean">' + esc(shown(display(p.mean))) + "</td>" +
        '<td class="count" data-col="median">' + esc(shown(display(p.median))) + "</td>" +
        '<td class="count" data-col="spread">' + (p.min === null ? "" : esc(shown(display(p.min)) + " – " + shown(display(p.max)))) + "</td>" +
        '<td class="count" data-col="difference">' + esc(shown(display(p.difference))) + "</td>" +
        '<td class="count" data-col="rank">' + (p.rank === null ? "" : esc(fill(T.rank_of, { rank: p.rank, n: p.among }))) + "</td>" +
        '<td class="count" data-col="percentile">' + esc(shown(display(p.percentile))) + "</td>" +
        '<td class="count" data-col="n">' + p.n + "</td>" +
        "<td>" + stripSvg(p.values, p.score, fill(T.peer_chart_alt, {
          area: areaTitle(p.area), n: p.n, low: shown(display(p.min)), high: shown(display(p.max)),
          score: p.shown ? withWord(shown(p.shown), p.quality) : statusText(p.status) }), 180, 26) + "</td></tr>";
    });
    html += "</tbody></table></div>";
    out.innerHTML = html;
  }

  /* A strip of every value on 0-10 over the bands, the marked one larger and outlined. */
  function stripSvg(values, marked, alt, width, height) {
    var pad = 4, scale = function (v) { return pad + (width - 2 * pad) * v / 10; };
    var svg = '<svg class="strip" role="img" width="' + width + '" height="' + height +
      '" viewBox="0 0 ' + width + " " + height + '"><title>' + esc(alt) + "</title>";
    DATA.bands.forEach(function (b, i) {
      svg += '<rect class="zone band' + i + '" x="' + scale(b.min) + '" y="' + (height / 2 - 3) +
        '" width="' + (scale(b.max) - scale(b.min)) + '" height="6"></rect>';
    });
    values.forEach(function (v) {
      svg += '<line class="tick" x1="' + scale(v) + '" x2="' + scale(v) + '" y1="3" y2="' + (height - 3) + '"></line>';
    });
    if (marked !== null && marked !== undefined) {
      svg += '<circle class="focal" cx="' + scale(marked) + '" cy="' + height / 2 + '" r="5"></circle>';
    }
    return svg + "</svg>";
  }

  // --- heat map and distributions ----------------------------------------------------------

  function renderHeatmap() {
    var w = Number(byId("h-wave").value);
    var list = Object.keys(rowsByWave[w]).map(Number).sort(byKey);
    var html = "<caption>" + esc(fill(T.heatmap_caption, { wave: waveLabel(w), n: list.length })) +
      '</caption><thead><tr><th scope="col">' + esc(T.municipality) + "</th>" +
      AREA_IDS.map(function (id) { return '<th scope="col">' + esc(areaTitle(id)) + "</th>"; }).join("") +
      "</tr></thead><tbody>";
    list.forEach(function (m) {
      var row = ROWS[rowsByWave[w][m]];
      html += '<tr><th scope="row"><a href="#municipality=' + encodeURIComponent(M[m].key) + '" data-open="' + m + '">' + esc(label(m)) + "</a></th>" +
        row.cells.map(function (cell) {
          var i = BAND_INDEX[cell[2]];
          if (!cell[1]) return '<td class="heat"><span class="v none">' + esc(statusText(cell[3])) + "</span></td>";
          // The quality mark is text in the cell, and its word is in the cell's name.
          var word = qualityWord(cell[9]), mark = qualityMark(cell[9]);
          return '<td class="heat band' + i + '"><span class="v" role="img" aria-label="' +
            esc(shown(cell[1]) + ", " + DATA.bands[i].label + (word ? ", " + word : "")) + '">' +
            esc(shown(cell[1]) + (mark ? MARK_SPACE + mark : "")) + "</span></td>";
        }).join("") + "</tr>";
    });
    byId("heat-table").innerHTML = html + "</tbody>";
  }

  function renderDistributions() {
    var w = Number(byId("d-wave").value);
    var focal = byId("d-focal").value === "" ? null : Number(byId("d-focal").value);
    var list = Object.keys(rowsByWave[w]).map(Number);
    var html = "";
    AREA_IDS.forEach(function (areaId, a) {
      var values = [], counts = DATA.bands.map(function () { return 0; });
      list.forEach(function (m) {
        var cell = ROWS[rowsByWave[w][m]].cells[a];
        if (cell[0] !== null) { values.push(cell[0]); counts[BAND_INDEX[cell[2]]]++; }
      });
      var focalCell = focal !== null && rowsByWave[w][focal] !== undefined ? ROWS[rowsByWave[w][focal]].cells[a] : null;
      var parts = DATA.bands.map(function (b, i) { return counts[i] + " " + b.label.toLowerCase(); }).join(", ");
      var alt = fill(T.dist_alt, { area: areaTitle(areaId), n: values.length,
        low: values.length ? shown(display(Math.min.apply(null, values))) : "",
        median: values.length ? shown(display(median(values))) : "",
        high: values.length ? shown(display(Math.max.apply(null, values))) : "", bands: parts });
      if (focalCell) {
        alt += " " + fill(T.dist_alt_focal, { name: label(focal),
          score: focalCell[1] ? withWord(shown(focalCell[1]), focalCell[9]) : statusText(focalCell[3]),
          rank: focalCell[6] === null ? "-" : focalCell[6], n: focalCell[8] });
      }
      html += '<figure class="dist"><figcaption>' + esc(areaTitle(areaId)) + '</figcaption>' +
        distSvg(list, w, a, focal, alt) + '<p class="alt">' + esc(alt) + "</p></figure>";
    });
    byId("dist-charts").innerHTML = html;
  }

  /* Every municipality as a dot on 0-10, stacked where scores are close (a beeswarm on a
   * grid of 0.1), so each one stays visible; the focal municipality is a ringed diamond. */
  function distSvg(list, w, a, focal, alt) {
    var width = 640, pad = 16, bins = {}, dots = [], top = 0;
    list.forEach(function (m) {
      var cell = ROWS[rowsByWave[w][m]].cells[a];
      if (cell[0] === null) return;
      var bin = Math.round(cell[0] * 10);
      var level = bins[bin] = (bins[bin] || 0) + 1;
      top = Math.max(top, level);
      dots.push({ m: m, v: cell[0], level: level, band: BAND_INDEX[cell[2]] });
    });
    var step = Math.min(6, 120 / Math.max(top, 1)), height = 36 + step * top;
    var x = function (v) { return pad + (width - 2 * pad) * v / 10; };
    var svg = '<svg class="swarm" role="img" viewBox="0 0 ' + width + " " + height +
      '" preserveAspectRatio="xMinYMin meet"><title>' + esc(alt) + "</title>";
    DATA.bands.forEach(function (b, i) {
      svg += '<rect class="zone band' + i + '" x="' + x(b.min) + '" y="' + (height - 22) +
        '" width="' + (x(b.max) - x(b.min)) + '" height="6"></rect>';
    });
    for (var t = 0; t <= 10; t += 2) {
      svg += '<text class="axis" x="' + x(t) + '" y="' + (height - 4) + '" text-anchor="middle">' + t + "</text>";
    }
    var focalDot = null;
    dots.forEach(function (d) {
      if (d.m === focal) { focalDot = d; return; }
      svg += '<circle class="dot band' + d.band + '" cx="' + x(d.v).toFixed(1) + '" cy="' +
        (height - 26 - step * (d.level - 0.5)).toFixed(1) + '" r="' + Math.max(1.5, step / 2 - 0.3).toFixed(1) + '"></circle>';
    });
    if (focalDot) {
      var cx = x(focalDot.v), cy = height - 26 - step * (focalDot.level - 0.5);
      svg += '<path class="focal-mark" d="M' + cx + " " + (cy - 8) + "l8 8l-8 8l-8 -8z" + '"></path>';
    }
    return svg + "</svg>";
  }

  // --- municipality page -----------------------------------------------------------------

  function renderMunicipality() {
    var m = Number(byId("m-select").value);
    var mun = M[m];
    var html = '<h3 tabindex="-1">' + esc(label(m)) + "</h3>";
    var waves = DATA.waves.map(function (_, w) { return w; }).filter(function (w) { return rowsByWave[w][m] !== undefined; });
    var more = detail();
    waves.forEach(function (w) {
      var r = rowsByWave[w][m], row = ROWS[r], groups = more.groups[r], gaps = more.gaps[r];
      var title = waveLabel(w) ? fill(T.wave_heading, { wave: waveLabel(w) }) : T.profile;
      html += '<section class="wave-profile" aria-label="' + esc(title) + '"><h4>' + esc(title) + "</h4>";
      html += '<p>' + esc(fill(T.respondents_line, { n: row.n })) + " " + DATA.groups.map(function (g, gi) {
        return esc(g.label) + " " + row.resp[gi] + (row.supp.indexOf(g.id) >= 0 ? " (" + esc(T.suppressed_group) + ")" : "");
      }).join(", ") + "</p>";
      html += '<div class="scroll" tabindex="0" role="region" aria-label="' + esc(title) + '"><table class="data profile"><caption>' + esc(fill(T.profile_caption, { name: label(m), wave: waveLabel(w) })) +
        '</caption><thead><tr><th scope="col">' + esc(T.area) + '</th><th scope="col">' + esc(T.all_groups) +
        '</th><th scope="col">' + esc(T.rank) + "</th>" +
        DATA.groups.map(function (g) { return '<th scope="col">' + esc(g.label) + "</th>"; }).join("") +
        "</tr></thead><tbody>";
      AREA_IDS.forEach(function (areaId, a) {
        var cell = row.cells[a];
        html += '<tr data-area="' + esc(areaId) + '"><th scope="row">' + esc(areaTitle(areaId)) + "</th>" +
          '<td class="score">' + scoreHtml(cell[1], cell[2], cell[3], cell[9]) + "</td>" +
          '<td class="count">' + (cell[6] === null ? "" : esc(fill(T.rank_of, { rank: cell[6], n: cell[8] }))) + "</td>" +
          groups[a].map(function (g) { return '<td class="score">' + groupHtml(g) + "</td>"; }).join("") + "</tr>";
      });
      html += "</tbody></table></div>";
      html += "<h5>" + esc(T.gaps_title) + "</h5>";
      if (gaps.length) {
        html += '<ul class="gaps">' + gaps.map(function (g) {
          return "<li>" + esc(fill(T.gap_sentence, { area: areaTitle(AREA_IDS[g[0]]), a: groupLabel(g[1]), b: groupLabel(g[2]),
            sa: shown(g[3]), sb: shown(g[4]), d: shown(g[5]) })) + "</li>";
        }).join("") + "</ul>";
      } else html += "<p>" + esc(T.no_gaps) + "</p>";
      html += "</section>";
    });
    var changes = more.changes[String(m)];
    html += "<h4>" + esc(T.changes_title) + "</h4>";
    if (!changes) {
      html += "<p>" + esc(T.no_changes) + "</p>";
    } else {
      html += '<div class="scroll" tabindex="0" role="region" aria-label="' + esc(T.changes_title) + '"><table class="data" id="change-table"><caption>' + esc(fill(T.changes_caption, { name: label(m), waves: changes.waves.map(waveLabel).join(" → ") })) +
        '</caption><thead><tr>' + [T.area, T.group, T.waves, T.from, T.to, T.change, T.interval, T.verdict].map(function (h) {
          return '<th scope="col">' + esc(h) + "</th>"; }).join("") + "</tr></thead><tbody>";
      changes.items.forEach(function (c) {
        var area = AREA_IDS[c[0]], group = c[1] < 0 ? "all" : DATA.groups[c[1]].id;
        var verdict = c[9] === true ? T.larger_than_chance : c[9] === false ? T.may_be_chance
          : c[10] === "no_ci" && c[6] ? T.no_interval : "";
        html += '<tr data-area="' + esc(area) + '" data-group="' + esc(group) + '"' + (c[1] < 0 ? ' class="all"' : "") + ">" +
          '<th scope="row">' + esc(areaTitle(area)) + "</th><td>" + esc(c[1] < 0 ? T.all_groups : groupLabel(c[1])) + "</td>" +
          "<td>" + esc(waveLabel(c[2]) + " → " + waveLabel(c[3])) + '</td><td class="count">' + esc(shown(c[4])) + '</td><td class="count">' + esc(shown(c[5])) +
          '</td><td class="count" data-col="change">' + esc(shown(c[6])) + '</td><td class="count" data-col="interval">' +
          (c[7] ? esc(fill(T.interval_text, { low: shown(c[7]), high: shown(c[8]) })) : "") + "</td><td>" + esc(verdict) + "</td></tr>";
      });
      html += "</tbody></table></div>";
    }
    byId("municipality-view").innerHTML = html;
    if (location.hash !== "#municipality=" + encodeURIComponent(mun.key)) {
      history.replaceState(null, "", "#municipality=" + encodeURIComponent(mun.key));
    }
  }

  function groupLabel(i) { return DATA.groups[i].label; }

  /* A group's score: [shown, band index, quality index], "s" (suppressed: nothing else is
   * in the data) or null (no score). */
  function groupHtml(g) {
    if (g === "s") return scoreHtml("", null, "suppressed");
    if (g === null) return scoreHtml("", null, "no_score");
    return scoreHtml(g[0], g[1] === null ? null : DATA.bands[g[1]].id, "ok", g[2]);
  }

  // --- tabs, events, start ---------------------------------------------------------------

  var rendered = {};
  var RENDER = { table: renderTable, peers: renderPeers, heatmap: renderHeatmap,
    distributions: renderDistributions, municipality: renderMunicipality };

  function byId(id) { return document.getElementById(id); }

  function showTab(name, focusTab) {
    var tabs = document.querySelectorAll('[role="tab"]');
    for (var i = 0; i < tabs.length; i++) {
      var selected = tabs[i].getAttribute("data-tab") === name;
      tabs[i].setAttribute("aria-selected", selected ? "true" : "false");
      tabs[i].tabIndex = selected ? 0 : -1;
      byId("panel-" + tabs[i].getAttribute("data-tab")).hidden = !selected;
      if (selected && focusTab) tabs[i].focus();
    }
    if (!rendered[name]) { RENDER[name](); rendered[name] = true; }
  }

  function onTabKey(event) {
    var tabs = Array.prototype.slice.call(document.querySelectorAll('[role="tab"]'));
    var i = tabs.indexOf(document.activeElement);
    if (i < 0) return;
    var next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    showTab(tabs[(next + tabs.length) % tabs.length].getAttribute("data-tab"), true);
  }

  function openMunicipality(m) {
    byId("m-select").value = String(m);
    rendered.municipality = false;
    showTab("municipality");
    renderMunicipality();
    rendered.municipality = true;
    byId("municipality-view").querySelector("h3").focus();
  }

  function fromHash() {
    var match = /^#municipality=(.+)$/.exec(location.hash);
    if (!match) return false;
    var key = decodeURIComponent(match[1]);
    for (var m = 0; m < M.length; m++) if (M[m].key === key) { openMunicipality(m); return true; }
    return false;
  }

  function setUpPeerForm() {
    var init = DATA.initial;
    var focal = init.focal === null ? 0 : M.map(function (x) { return x.key; }).indexOf(init.focal);
    byId("p-focal").value = String(Math.max(focal, 0));
    byId("d-focal").value = init.focal === null ? "" : String(focal);
    var method = init.method === "column" || init.method === "nearest" || init.method === "codes" ||
      init.method === "size-class" ? init.method : (P.file ? (P.has_inhabitants ? "size-class" : "nearest") : "codes");
    var radio = document.querySelector('input[name="p-method"][value="' + method + '"]');
    if (radio) radio.checked = true;
    if (method === "column" && init.column) {
      var ci = P.columns.map(function (c) { return c.id; }).indexOf(init.column);
      if (ci >= 0) {
        byId("p-column").value = String(ci);
        fillValues();
        var vi = P.columns[ci].values.map(function (v) { return v.toLowerCase(); }).indexOf(String(init.value).toLowerCase());
        if (vi >= 0) byId("p-value").value = String(vi);
      }
    }
    if (method === "nearest") {
      byId("p-k").value = String(init.k || 10);
      (init.nearest_columns || []).forEach(function (c, i) {
        if (i === 0) document.querySelectorAll('input[name="p-near"]').forEach(function (el) { el.checked = false; });
        var box = document.querySelector('input[name="p-near"][value="' + c + '"]');
        if (box) box.checked = true;
      });
    }
    if (method === "codes" && init.codes) {
      var wanted = init.codes;
      Array.prototype.forEach.call(byId("p-codes").options, function (o) {
        o.selected = wanted.indexOf(M[Number(o.value)].code) >= 0;
      });
    }
  }

  function fillValues() {
    var select = byId("p-value");
    if (!select) return;
    var column = P.columns[Number(byId("p-column").value)];
    select.innerHTML = column.values.map(function (v, i) { return '<option value="' + i + '">' + esc(v) + "</option>"; }).join("");
  }

  function start() {
    document.querySelectorAll('[role="tab"]').forEach(function (tab) {
      tab.addEventListener("click", function () { showTab(tab.getAttribute("data-tab")); });
    });
    byId("tabs").addEventListener("keydown", onTabKey);
    byId("table-filters").addEventListener("input", onFilter);
    byId("rows-more").addEventListener("click", showMore);
    byId("table-filters").addEventListener("submit", function (e) { e.preventDefault(); });
    byId("rows-table").addEventListener("click", onSort);
    byId("csv-download").addEventListener("click", downloadCsv);
    byId("peer-form").addEventListener("change", function (e) {
      if (e.target.id === "p-column") fillValues();
      renderPeers();
    });
    byId("peer-form").addEventListener("input", function (e) { if (e.target.id === "p-k") renderPeers(); });
    byId("peer-form").addEventListener("submit", function (e) { e.preventDefault(); renderPeers(); });
    byId("h-wave").addEventListener("change", renderHeatmap);
    byId("d-form").addEventListener("change", renderDistributions);
    byId("m-select").addEventListener("change", renderMunicipality);
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-open]");
      if (!link) return;
      event.preventDefault();
      openMunicipality(Number(link.getAttribute("data-open")));
    });
    if (P.columns && P.columns.length && byId("p-column")) fillValues();
    setUpPeerForm();
    if (!fromHash()) showTab("table");
    window.addEventListener("hashchange", fromHash);
    document.documentElement.setAttribute("data-ready", "true");
    window.quickscanDashboard.renderedMs = performance.now();
    performance.mark("quickscan-rendered");
  }

  // For the tests: the page's own rules, called as the page calls them.
  window.quickscanDashboard = { display: display, fsum: fsum, pythonSum: pythonSum, neutralise: neutralise,
    selectPeers: selectPeers, positions: positions, tableCsv: tableCsv, data: DATA, detail: detail };
  start();
})();
