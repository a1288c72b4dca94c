// The live cluster page: polls GET /switchboard/cluster every REFRESH_MS with the management token
// (kept in this tab's sessionStorage, sent as a bearer token) and redraws. Every value from the
// server is inserted with textContent or as an attribute, never as HTML.
"use strict";
(function () {
  const REFRESH_MS = 1500;
  const KEY = "switchboard.management.token";
  let timer = null;

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  }

  function row(cells) {
    const tr = document.createElement("tr");
    cells.forEach(c => tr.appendChild(c));
    return tr;
  }

  function time(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  }

  // pekko://switchboard@127.0.0.1:7355 -> 127.0.0.1:7355
  function shortAddress(address) {
    const at = String(address).lastIndexOf("@");
    return at < 0 ? String(address) : String(address).substring(at + 1);
  }

  function setState(text, kind) {
    const s = document.getElementById("state");
    s.textContent = text;
    s.className = "state" + (kind ? " " + kind : "");
  }

  function drawMembers(view) {
    const body = document.querySelector("#members tbody");
    body.replaceChildren();
    view.members.forEach(m => {
      const status = el("td", m.status, "status-" + m.status);
      const tr = row([
        el("td", shortAddress(m.address) + (m.self ? " (this node)" : "")),
        status,
        el("td", m.unreachable ? "unreachable" : "yes"),
        el("td", (m.roles || []).filter(r => !r.startsWith("dc-")).join(", ")),
        el("td", time(m.upSince)),
        el("td", m.leader ? "leader" : "")
      ]);
      tr.dataset.address = m.address;
      tr.dataset.status = m.status;
      tr.dataset.unreachable = String(m.unreachable);
      if (m.unreachable) tr.classList.add("unreachable");
      else if (m.status !== "Up") tr.classList.add("leaving");
      body.appendChild(tr);
    });
    const up = view.members.filter(m => m.status === "Up" && !m.unreachable).length;
    document.getElementById("member-count").textContent = up + " of " + view.members.length + " Up and reachable";
  }

  function drawShards(view) {
    const addresses = view.members.map(m => m.address);
    view.entityTypes.forEach(t => t.regions.forEach(r => {
      if (!addresses.includes(r.address)) addresses.push(r.address);
    }));
    const head = document.querySelector("#shards thead tr");
    head.replaceChildren(el("th", "Entity type"));
    addresses.forEach(a => head.appendChild(el("th", shortAddress(a))));
    head.appendChild(el("th", "Total"));
    const body = document.querySelector("#shards tbody");
    body.replaceChildren();
    view.entityTypes.forEach(t => {
      const tr = row([el("td", t.name)]);
      tr.dataset.type = t.name;
      addresses.forEach(a => {
        const r = t.regions.find(x => x.address === a);
        const td = el("td", null, "num");
        td.dataset.type = t.name;
        td.dataset.address = a;
        if (t.error && !t.stale) {
          td.textContent = "?";
          td.title = t.error;
        } else if (!r) {
          td.textContent = "\u2013";
          td.classList.add("empty");
        } else {
          td.textContent = r.shards + " / " + r.entities;
          td.dataset.shards = String(r.shards);
          td.dataset.entities = String(r.entities);
          const bar = el("div", null, "bar");
          bar.style.width = (t.shards ? Math.round(100 * r.shards / t.shards) : 0) + "%";
          td.appendChild(bar);
          if (t.stale) {
            td.classList.add("stale");
            td.dataset.stale = "true";
            td.title = "last complete answer: " + t.error;
          }
        }
        tr.appendChild(td);
      });
      const total = el("td", t.error && !t.stale ? "no answer" : t.shards + " / " + t.entities + (t.stale ? " (stale)" : ""), "num");
      total.dataset.total = String(t.shards);
      if (t.error) total.title = t.error;
      tr.appendChild(total);
      body.appendChild(tr);
    });
  }

  function drawNode(view) {
    const dl = document.getElementById("node");
    dl.replaceChildren();
    const n = view.node || {};
    [["Address", shortAddress(n.address)],
     ["Client streams", n.clientStreams === null || n.clientStreams === undefined ? "not started" : n.clientStreams],
     ["Server-to-server streams", n.serverStreams === null || n.serverStreams === undefined ? "off" : n.serverStreams],
     ["Leader", view.leader ? shortAddress(view.leader) : "none"]].forEach(([k, v]) => {
      dl.appendChild(el("dt", k));
      dl.appendChild(el("dd", v));
    });
  }

  function drawEvents(view) {
    const list = document.getElementById("events");
    list.replaceChildren();
    view.events.forEach(e => {
      const li = el("li");
      li.dataset.kind = e.kind;
      li.dataset.member = e.member;
      li.appendChild(el("span", time(e.at), "at"));
      li.appendChild(el("span", e.kind, "kind kind-" + e.kind));
      const detail = e.detail ? " \u2014 " + String(e.detail).replace(/pekko:\/\/[^@\s]+@/g, "") : "";
      li.appendChild(el("span", shortAddress(e.member) + detail));
      list.appendChild(li);
    });
    if (view.events.length === 0) list.appendChild(el("li", "none yet"));
  }

  function draw(view, ms) {
    drawMembers(view);
    drawShards(view);
    drawNode(view);
    drawEvents(view);
    const updated = document.getElementById("updated");
    updated.textContent = "Updated " + time(view.at) + " from " + shortAddress(view.self) + " (answered in " + ms
        + " ms), every " + REFRESH_MS / 1000 + " s";
    updated.dataset.at = view.at;
    updated.dataset.ms = String(ms);
    document.getElementById("view").hidden = false;
  }

  async function poll() {
    const token = sessionStorage.getItem(KEY);
    if (!token) return;
    try {
      const started = performance.now();
      const res = await fetch("/switchboard/cluster", {
        headers: { "Authorization": "Bearer " + token }, cache: "no-store", credentials: "omit"
      });
      if (res.status === 401) {
        sessionStorage.removeItem(KEY);
        stop("token refused", "error");
        return;
      }
      if (res.status === 429) {
        stop("too many wrong tokens: wait a minute", "error");
        return;
      }
      if (!res.ok) throw new Error("HTTP " + res.status);
      const view = await res.json();
      draw(view, Math.round(performance.now() - started));
      setState("live", "live");
    } catch (e) {
      setState("node not answering (" + e.message + ")", "error");
    }
    timer = setTimeout(poll, REFRESH_MS);
  }

  function stop(text, kind) {
    if (timer) clearTimeout(timer);
    timer = null;
    document.getElementById("view").hidden = true;
    document.getElementById("login").hidden = false;
    setState(text, kind);
  }

  function start() {
    document.getElementById("login").hidden = true;
    setState("connecting");
    if (timer) clearTimeout(timer);
    poll();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("login").addEventListener("submit", ev => {
      ev.preventDefault();
      const input = document.getElementById("token");
      const token = input.value.trim();
      input.value = "";
      if (!token) return;
      sessionStorage.setItem(KEY, token);
      start();
    });
    document.getElementById("forget").addEventListener("click", () => {
      sessionStorage.removeItem(KEY);
      stop("not connected");
    });
    if (sessionStorage.getItem(KEY)) start();
  });
})();
