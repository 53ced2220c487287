// The offline query page: posts to /sparql and renders JSON results as a table.
// Text is always inserted with textContent (never innerHTML): results contain source text.
(function () {
  "use strict";
  var form = document.getElementById("form");
  var query = document.getElementById("query");
  var accept = document.getElementById("accept");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var named = document.getElementById("named");
  var question = document.getElementById("question");
  var catalogue = [];

  function localHref(value) {
    // IRIs of this dataset are served here: keep the path, drop the base.
    var m = /^https?:\/\/[^\/]+\/policy-graph\/(.*)$/.exec(value);
    return m ? "/" + m[1] : value;
  }

  function cell(binding) {
    var td = document.createElement("td");
    if (!binding) { return td; }
    if (binding.type === "uri") {
      var a = document.createElement("a");
      a.href = localHref(binding.value);
      a.textContent = binding.value;
      td.appendChild(a);
    } else {
      td.textContent = binding.value;
      if (binding["xml:lang"]) { td.lang = binding["xml:lang"]; }
    }
    return td;
  }

  function renderJson(data) {
    results.textContent = "";
    if (typeof data.boolean === "boolean") {
      var p = document.createElement("p");
      p.textContent = "ASK → " + data.boolean;
      results.appendChild(p);
      return;
    }
    var vars = data.head.vars, rows = data.results.bindings;
    var table = document.createElement("table");
    var head = table.createTHead().insertRow();
    vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    var body = table.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
    });
    results.appendChild(table);
    status.textContent = rows.length + " row(s)";
  }

  var paramBox = document.getElementById("params");

  function request() {
    // an unedited named query runs as /queries/NAME?param=value (parameters bound by the
    // server); anything else is posted to /sparql as written
    var q = catalogue[Number(named.value)];
    if (q && query.value === q.text) {
      var args = new URLSearchParams();
      Array.prototype.forEach.call(paramBox.querySelectorAll("input"), function (input) {
        if (input.value) { args.set(input.name, input.value); }
      });
      return fetch("/queries/" + encodeURIComponent(q.name) + "?" + args.toString(),
                   { headers: { "Accept": accept.value } });
    }
    var body = new URLSearchParams();
    body.set("query", query.value);
    return fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": accept.value },
      body: body.toString()
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    status.textContent = "running…";
    results.textContent = "";
    request().then(function (response) {
      return response.text().then(function (text) { return { response: response, text: text }; });
    }).then(function (r) {
      if (!r.response.ok) {
        status.textContent = r.response.status + ": " + r.text;
        return;
      }
      var type = r.response.headers.get("Content-Type") || "";
      if (type.indexOf("json") >= 0 && type.indexOf("ld+json") < 0) {
        renderJson(JSON.parse(r.text));
      } else {
        var pre = document.createElement("pre");
        pre.textContent = r.text;
        results.appendChild(pre);
        status.textContent = "done";
      }
      if (r.response.headers.get("X-Result-Truncated")) {
        status.textContent += " (truncated: " + r.response.headers.get("X-Result-Truncated") + ")";
      }
    }).catch(function (err) { status.textContent = "error: " + err; });
  });

  fetch("/api/queries").then(function (r) { return r.json(); }).then(function (items) {
    catalogue = items;
    items.forEach(function (q, i) {
      var opt = document.createElement("option");
      opt.value = String(i);
      opt.textContent = q.name + (q.question_zh ? " — " + q.question_zh : "");
      named.appendChild(opt);
    });
  }).catch(function () { /* the page works without the catalogue */ });

  named.addEventListener("change", function () {
    var q = catalogue[Number(named.value)];
    if (!q) { return; }
    query.value = q.text;
    question.textContent = q.question_en || "";
    paramBox.textContent = "";
    q.params.forEach(function (name) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.name = name;
      input.placeholder = "?" + name;
      label.textContent = name + " ";
      label.appendChild(input);
      paramBox.appendChild(label);
    });
  });
}());
