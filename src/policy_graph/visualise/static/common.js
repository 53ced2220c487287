/* Shared helpers. Data from the graph is only ever put into the page as text (textContent,
   createTextNode, attribute values): never through innerHTML. */
"use strict";
var PGDATA = JSON.parse(document.getElementById("pg-data").textContent);
var ROLE_ORDER = PGDATA.roleOrder || [], LEVEL_ORDER = PGDATA.levelOrder || [];

function el(tag, attrs) {
  var node = document.createElement(tag);
  if (attrs) {
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = String(v);
      else if (k === "cls") node.className = v;
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, String(v));
    });
  }
  for (var i = 2; i < arguments.length; i++) {
    var c = arguments[i];
    if (c === null || c === undefined) continue;
    if (Array.isArray(c)) c.forEach(function (x) { if (x !== null && x !== undefined) node.appendChild(typeof x === "string" ? document.createTextNode(x) : x); });
    else node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return node;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

function roleBadge(code, roles) {
  var info = roles[code] || [code.charAt(0).toUpperCase(), code, code];
  return el("span", { cls: "badge role-" + code, title: info[1] + " · " + info[2], "data-role": code }, info[0]);
}

function hashParams() {
  var out = {};
  (location.hash || "").replace(/^#/, "").split("&").forEach(function (kv) {
    if (!kv) return;
    var i = kv.indexOf("=");
    var k = i < 0 ? kv : kv.slice(0, i);
    out[decodeURIComponent(k)] = i < 0 ? "" : decodeURIComponent(kv.slice(i + 1));
  });
  return out;
}
