/* irkg review: links the marked quotes of an article to its claims.
   Reads the page's JSON data block; builds every element with textContent,
   never from HTML strings, so nothing from the graph can run as code. */
(function () {
  "use strict";
  var block = document.getElementById("irkg-data");
  var text = document.getElementById("article-text");
  if (!block || !text) { return; }
  var data = JSON.parse(block.textContent);
  var tip = document.getElementById("tip");
  var marks = {};  // evidence id -> its marks, in text order
  Array.prototype.forEach.call(text.querySelectorAll("mark[data-ev]"), function (m) {
    m.getAttribute("data-ev").split(" ").forEach(function (id) {
      (marks[id] = marks[id] || []).push(m);
    });
  });

  function claimsOf(mark) {
    var seen = [];
    mark.getAttribute("data-ev").split(" ").forEach(function (id) {
      var key = data.ev[id];
      if (key && seen.indexOf(key) < 0) { seen.push(key); }
    });
    return seen;
  }

  function showTip(mark) {
    var list = document.createElement("ul");
    claimsOf(mark).forEach(function (key) {
      var item = document.createElement("li");
      item.textContent = data.claims[key].label;
      list.appendChild(item);
    });
    mark.getAttribute("data-ev").split(" ").forEach(function (id) {
      (data.findings[id] || []).forEach(function (message) {
        var item = document.createElement("li");
        item.className = "bad";
        item.textContent = message;
        list.appendChild(item);
      });
    });
    tip.replaceChildren(list);
    var box = mark.getBoundingClientRect();
    tip.style.left = Math.max(0, box.left + window.scrollX) + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
    tip.hidden = false;
    mark.setAttribute("aria-describedby", "tip");
  }

  function hideTip(mark) {
    tip.hidden = true;
    if (mark) { mark.removeAttribute("aria-describedby"); }
  }

  var active = [];
  function highlight(ids, focus) {
    active.forEach(function (m) { m.classList.remove("active"); });
    active = [];
    ids.forEach(function (id) {
      (marks[id] || []).forEach(function (m) { m.classList.add("active"); active.push(m); });
    });
    if (active.length) {
      active[0].scrollIntoView({ block: "center" });
      if (focus) { active[0].focus({ preventScroll: true }); }
    }
  }

  function selectClaim(key, focus) {
    var claim = data.claims[key];
    if (!claim) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("tr.selected"), function (row) {
      row.classList.remove("selected");
    });
    var row = document.getElementById("c-" + key);
    if (row) { row.classList.add("selected"); }
    highlight(claim.ev, focus);
  }

  function markOf(event) {
    var target = event.target;
    return target && target.closest ? target.closest("mark[data-ev]") : null;
  }
  text.addEventListener("mouseover", function (e) { var m = markOf(e); if (m) { showTip(m); } });
  text.addEventListener("mouseout", function (e) { var m = markOf(e); if (m) { hideTip(m); } });
  text.addEventListener("focusin", function (e) { var m = markOf(e); if (m) { showTip(m); } });
  text.addEventListener("focusout", function (e) { hideTip(markOf(e)); });
  text.addEventListener("click", function (e) {
    var m = markOf(e);
    if (m) { selectRow(claimsOf(m)[0]); }
  });
  text.addEventListener("keydown", function (e) {
    var m = markOf(e);
    if (e.key === "Escape") { hideTip(m); }
    if (m && e.key === "Enter") { selectRow(claimsOf(m)[0]); }
  });

  function selectRow(key) {  /* from a quote to its claim's row in the table */
    var row = document.getElementById("c-" + key);
    if (!row) { return; }
    selectClaim(key, false);
    row.scrollIntoView({ block: "nearest" });
    var button = row.querySelector("button");
    if (button) { button.focus({ preventScroll: true }); }
  }

  document.addEventListener("click", function (e) {
    /* a link to another claim's row: the hash changes and selects it, unless it is already
       the hash, when it is selected again */
    var link = e.target && e.target.closest ? e.target.closest("a.claim-link") : null;
    if (link && link.getAttribute("href") === window.location.hash) { fromHash(); }
    var button = e.target && e.target.closest ? e.target.closest("button.show") : null;
    if (!button) { return; }
    if (button.hasAttribute("data-claim")) {
      selectClaim(button.getAttribute("data-claim"), true);
    } else if (button.hasAttribute("data-ev")) {
      highlight(button.getAttribute("data-ev").split(" "), true);
    }
  });

  var filters = document.querySelectorAll("[data-filter]");
  var rows = document.querySelectorAll("section.claims tbody tr");
  var count = document.querySelector("section.claims .count");
  function applyFilters() {
    var want = {};
    Array.prototype.forEach.call(filters, function (f) {
      want[f.getAttribute("data-filter")] = f.value.trim();
    });
    var shown = 0;
    Array.prototype.forEach.call(rows, function (row) {
      var ok = Object.keys(want).every(function (name) {
        var value = want[name];
        if (!value) { return true; }
        if (name === "q") { return row.textContent.toLowerCase().indexOf(value.toLowerCase()) >= 0; }
        if (name === "holder") { return row.getAttribute("data-holder").split(" ").indexOf(value) >= 0; }
        return row.getAttribute("data-" + name) === value;  /* kind, polarity, modality, ... */
      });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    if (count) { count.textContent = shown + " of " + rows.length + " claim(s) shown"; }
  }
  Array.prototype.forEach.call(filters, function (f) {
    f.addEventListener(f.tagName === "SELECT" ? "change" : "input", applyFilters);
  });

  function fromHash() {
    var key = decodeURIComponent(window.location.hash.replace(/^#c-/, ""));
    if (window.location.hash.indexOf("#c-") === 0 && data.claims[key]) { selectClaim(key, false); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
}());
