// askdocs search page. Everything that comes from documents or questions is put into the page as
// text; the only markup kept is <mark> from the server's snippets, rebuilt element by element.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const input = $("q"), form = $("search"), status = $("status"), results = $("results");
  const answerBox = $("answer"), declined = $("declined"), didYouMean = $("didyoumean"), sectionView = $("section");
  const empty = $("empty"), filters = $("filters"), docSelect = $("doc"), folderSelect = $("folder"), moreButton = $("more");
  const DEBOUNCE_MS = 250, PAGE = 10, MAX_K = 50;
  let timer = 0, seq = 0, controller = null;
  // The question shown, its filters and how many results; the words the engine matched (for the section view).
  const state = { q: "", doc: "", folder: "", k: PAGE, marks: new Set() };
  let documents = null;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  // Snippets are escaped HTML with <mark> around matches. Parse them inert (a template never runs
  // scripts or loads images) and copy only text and <mark> elements.
  function snippetNode(html) {
    const t = document.createElement("template");
    t.innerHTML = html;
    const out = document.createDocumentFragment();
    const copy = (from, to) => {
      for (const n of from.childNodes) {
        if (n.nodeType === Node.TEXT_NODE) to.append(document.createTextNode(n.textContent));
        else if (n.nodeType === Node.ELEMENT_NODE && n.tagName === "MARK") { const m = el("mark"); copy(n, m); to.append(m); }
        else if (n.nodeType === Node.ELEMENT_NODE) to.append(document.createTextNode(n.textContent));
      }
    };
    copy(t.content, out);
    return out;
  }

  // A snippet that holds table rows shows them as a table, its marked words marked again in the cells.
  function snippetContent(html) {
    const node = snippetNode(html);
    const text = node.textContent;
    const lines = text.split("\n");
    if (!lines.some((l, i) => i + 1 < lines.length && row(l) && row(lines[i + 1]))) return node;
    const marked = new Set();
    for (const m of node.querySelectorAll("mark")) {
      for (const w of m.textContent.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []) marked.add(w);
    }
    return sectionText(text, (w) => marked.has(w.toLowerCase()));
  }

  // Where the page is: a question with its filters, or a section opened from it.
  function pageUrl(extra) {
    const p = new URLSearchParams();
    if (extra && extra.section) p.set("section", extra.section);
    if (state.q) p.set("q", state.q);
    if (state.doc) p.set("doc", state.doc);
    if (state.folder) p.set("folder", state.folder);
    const s = p.toString().replace(/\+/g, "%20");
    return s ? "/?" + s : "/";
  }
  const sectionHref = (id) => pageUrl({ section: id });
  const sectionLink = (id) => location.origin + "/?section=" + encodeURIComponent(id);
  // A page of a crawled website links back to the original, at the heading (a PDF's anchor opens its page).
  const originalLink = (source, anchor) => /^https?:\/\//i.test(source)
    ? el("a", { href: source + "#" + anchor, rel: "noopener noreferrer" }, source) : source;

  function setStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", !!isError);
  }

  function clear() {
    answerBox.hidden = true; declined.hidden = true; didYouMean.hidden = true; sectionView.hidden = true;
    empty.hidden = true; moreButton.hidden = true;
    results.replaceChildren();
  }

  // A server started with --token asks for it once per browser session.
  async function getJson(url, signal, retried) {
    const headers = { Accept: "application/json" };
    const token = sessionStorage.getItem("askdocs-token");
    if (token) headers.Authorization = "Bearer " + token;
    const res = await fetch(url, { signal, headers });
    if (res.status === 401 && !retried) {
      const given = window.prompt("This askdocs server needs its access token:");
      if (given) { sessionStorage.setItem("askdocs-token", given.trim()); return getJson(url, signal, true); }
    }
    const body = await res.json().catch(() => ({ message: "the server sent a reply that is not JSON" }));
    if (!res.ok) throw new Error(body.message || ("request failed with status " + res.status));
    return body;
  }

  // typing: the last word may be unfinished (prefix=last), and a decline is never shown for it.
  async function search(q, opts) {
    const { push = false, typing = false } = opts || {};
    q = q.trim();
    if (q !== state.q) state.k = PAGE;
    state.q = q;
    if (controller) controller.abort();
    if (!q) { clear(); setStatus(""); updateUrl(push); showEmpty(); return; }
    const mine = ++seq;
    controller = new AbortController();
    setStatus("Searching…");
    updateUrl(push);
    let url = "/api/ask?facets=true&k=" + state.k + "&q=" + encodeURIComponent(q);
    if (typing) url += "&prefix=last";
    if (state.doc) url += "&source=" + encodeURIComponent(state.doc);
    if (state.folder) url += "&folder=" + encodeURIComponent(state.folder);
    try {
      const r = await getJson(url, controller.signal);
      if (mine !== seq) return;
      render(r, typing);
    } catch (e) {
      if (e.name === "AbortError" || mine !== seq) return;
      clear();
      setStatus("Something went wrong: " + e.message, true);
    }
  }

  function render(r, typing) {
    clear();
    if (r.didYouMean && !typing) {
      const a = el("a", { href: "/?q=" + encodeURIComponent(r.didYouMean) }, r.didYouMean);
      a.addEventListener("click", (ev) => { ev.preventDefault(); input.value = r.didYouMean; search(r.didYouMean, { push: true }); });
      didYouMean.replaceChildren("Did you mean ", a, "?");
      didYouMean.hidden = false;
    }
    if (r.answered) {
      answerBox.querySelector(".answer-text").textContent = r.answer.text;
      const id = r.answer.source + "#" + r.answer.anchor;
      answerBox.querySelector(".answer-source").replaceChildren(openLink(id, r.answer.heading), " — " + r.answer.source);
      answerBox.hidden = false;
    } else if (r.results.length && !typing) {
      declined.hidden = false;
    }
    const searched = r.searched ? ` for “${r.searched}”` : "";
    const n = r.results.length;
    if (n) setStatus(`${n} ${n === 1 ? "passage" : "passages"}${searched} in ${r.tookMs} ms`);
    else setStatus(typing ? "No passage matches yet; keep typing." : "No passage matches this question.");
    state.marks = new Set();
    for (const p of r.results) results.append(resultItem(p));
    for (const m of results.querySelectorAll(".snippet mark")) state.marks.add(m.textContent.toLowerCase());
    moreButton.hidden = !(r.results.length >= state.k && state.k < MAX_K);
    if (r.facets) renderFilters(r.facets.documents, r.facets.folders);
  }

  // The filters list what the question's words match, with counts; a chosen one stays listed.
  function renderFilters(docs, folders) {
    const fill = (select, items, key, all, chosen) => {
      const options = [el("option", { value: "" }, all)];
      let seen = false;
      for (const it of items) {
        seen = seen || it[key] === chosen;
        options.push(el("option", { value: it[key] }, `${it[key]} (${it.passages})`));
      }
      if (chosen && !seen) options.push(el("option", { value: chosen }, `${chosen} (0)`));
      select.replaceChildren(...options);
      select.value = chosen;
    };
    fill(docSelect, docs, "source", "All documents", state.doc);
    fill(folderSelect, folders, "folder", "All folders", state.folder);
    $("folder-filter").hidden = folders.length === 0 && !state.folder;
    filters.hidden = false;
  }

  async function showEmpty() {
    clear();
    try {
      const [ex, docs] = await Promise.all([getJson("/api/examples"), loadDocuments()]);
      if (state.q || !sectionView.hidden) return;
      $("examples").replaceChildren(...ex.examples.map((q) => {
        const a = el("a", { href: "/?q=" + encodeURIComponent(q) }, q);
        a.addEventListener("click", (ev) => { ev.preventDefault(); input.value = q; search(q, { push: true }); });
        return el("li", {}, a);
      }));
      $("documents").replaceChildren(...docs.map((d) => {
        const b = el("button", { type: "button", class: "link" }, d.source);
        b.addEventListener("click", () => { state.doc = d.source; renderFilters(documentFacets(), folderFacets()); updateUrl(true); input.focus(); });
        return el("li", {}, b, el("span", { class: "doc-title" }, " " + d.title), el("span", { class: "count" }, ` · ${d.passages} ${d.passages === 1 ? "passage" : "passages"}`));
      }));
      renderFilters(documentFacets(), folderFacets());
      empty.hidden = false;
    } catch (e) {
      setStatus("Could not load the documents: " + e.message, true);
    }
  }

  async function loadDocuments() {
    if (!documents) documents = (await getJson("/api/documents")).documents;
    return documents;
  }
  const documentFacets = () => (documents || []).map((d) => ({ source: d.source, passages: d.passages }));
  function folderFacets() {
    const counts = new Map();
    for (const d of documents || []) {
      const slash = d.source.indexOf("/");
      if (slash > 0) counts.set(d.source.slice(0, slash + 1), (counts.get(d.source.slice(0, slash + 1)) || 0) + d.passages);
    }
    return [...counts].map(([folder, passages]) => ({ folder, passages }));
  }

  // A link that opens a section in the page and keeps the question for the way back.
  function openLink(id, text) {
    const a = el("a", { href: sectionHref(id) }, text);
    a.addEventListener("click", (ev) => {
      if (ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      ev.preventDefault();
      history.pushState({ section: id, fromResults: true }, "", sectionHref(id));
      showSection(id);
    });
    return a;
  }

  function copyButtons(id, headingPath, source) {
    const link = el("button", { type: "button", class: "copy copy-link" }, "Copy link");
    link.addEventListener("click", () => copy(sectionLink(id), "link"));
    const cite = el("button", { type: "button", class: "copy copy-citation" }, "Copy citation");
    cite.addEventListener("click", () => copy(`${headingPath.join(" › ")}, ${source}. ${sectionLink(id)}`, "citation"));
    return [link, cite];
  }

  async function copy(text, what) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      const t = el("textarea", { class: "visually-hidden" });
      t.value = text;
      document.body.append(t);
      t.select();
      const ok = document.execCommand("copy");
      t.remove();
      if (!ok) { setStatus("Could not copy the " + what + ": " + text, true); return; }
    }
    setStatus("Copied the " + what + ".");
  }

  function resultItem(p) {
    const li = el("li", { class: "result", tabindex: "0", "data-id": p.id });
    li.append(
      el("p", { class: "breadcrumb" }, p.headingPath.join(" › ")),
      el("h2", {}, openLink(p.id, p.heading)),
      el("div", { class: "snippet" }, snippetContent(p.snippet)),
      el("p", { class: "source" }, originalLink(p.source, p.anchor)));
    const more = el("button", { class: "expand", type: "button", "aria-expanded": "false" }, "Show the whole section");
    more.addEventListener("click", () => toggleSection(li, p, more));
    li.append(el("div", { class: "actions" }, more, ...copyButtons(p.id, p.headingPath, p.source)));
    li.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && ev.target === li) { ev.preventDefault(); toggleSection(li, p, more); }
    });
    return li;
  }

  // The whole section replaces the snippet (not below it, which would repeat it).
  async function toggleSection(li, p, button) {
    const open = li.querySelector(".full"), snippet = li.querySelector(".snippet");
    if (open) {
      open.remove(); snippet.hidden = false;
      button.textContent = "Show the whole section"; button.setAttribute("aria-expanded", "false"); return;
    }
    button.disabled = true;
    try {
      const s = await getJson("/api/sections/" + encodeURIComponent(p.id));
      snippet.hidden = true;
      li.insertBefore(el("div", { class: "full" }, sectionText(s.text, marker())), li.querySelector(".source"));
      button.textContent = "Hide the section";
      button.setAttribute("aria-expanded", "true");
    } catch (e) {
      setStatus("Could not load the section: " + e.message, true);
    } finally {
      button.disabled = false;
    }
  }

  // Which words of a section to mark: those the engine marked in the results, and words that
  // start like the question's own (so "patching" marks "patch" and "patches").
  const FILLER = new Set(["who", "what", "when", "where", "why", "how", "does", "the", "and", "for", "with", "can",
    "are", "is", "do", "to", "of", "in", "on", "an", "a", "or", "my", "i", "you", "your", "this", "that", "from"]);
  function marker() {
    const stems = [];
    for (const w of state.q.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []) {
      if (w.length < 3 || FILLER.has(w)) continue;
      stems.push(w.length >= 5 ? w.replace(/(ing|ed|es|s)$/, "") : w);
    }
    const marks = state.marks;
    return (word) => { const w = word.toLowerCase(); return marks.has(w) || stems.some((s) => w.startsWith(s)); };
  }

  function highlighted(text, marks) {
    const out = document.createDocumentFragment();
    let at = 0;
    for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
      if (!marks(m[0])) continue;
      if (m.index > at) out.append(text.slice(at, m.index));
      out.append(el("mark", {}, m[0]));
      at = m.index + m[0].length;
    }
    if (at < text.length) out.append(text.slice(at));
    return out;
  }

  // The index keeps a table row as one line of "Header: cell" pairs joined by "; ". Two or more
  // such lines in a row that share their headers are shown as a table again.
  const CELL = /^([^:;]{1,60}): (.+)$/s;
  function row(line) {
    const parts = line.split("; ");
    if (parts.length < 2) return null;
    const cells = [];
    for (const part of parts) {
      const m = CELL.exec(part.trim());
      if (!m) return null;
      cells.push([m[1].trim(), m[2].trim()]);
    }
    return cells;
  }

  function sectionText(text, marks) {
    const out = document.createDocumentFragment();
    const lines = text.split("\n");
    let plain = [];
    const flush = () => { if (plain.length) out.append(highlighted(plain.join("\n") + "\n", marks)); plain = []; };
    for (let i = 0; i < lines.length; ) {
      const rows = [];
      const headers = [];
      for (let j = i; j < lines.length; j++) {
        const r = row(lines[j]);
        if (!r) break;
        const names = r.map((c) => c[0]);
        if (rows.length && !names.some((n) => headers.includes(n))) break;
        for (const n of names) if (!headers.includes(n)) headers.push(n);
        rows.push(new Map(r));
      }
      if (rows.length < 2) { plain.push(lines[i]); i++; continue; }
      flush();
      const head = el("tr", {}, ...headers.map((h) => el("th", { scope: "col" }, h)));
      const body = rows.map((r) => el("tr", {}, ...headers.map((h) => el("td", {}, highlighted(r.get(h) || "", marks)))));
      out.append(el("div", { class: "table-wrap" }, el("table", {}, el("thead", {}, head), el("tbody", {}, ...body))));
      i += rows.length;
    }
    flush();
    return out;
  }

  async function showSection(id) {
    clear();
    setStatus("Loading…");
    try {
      const s = await getJson("/api/sections/" + encodeURIComponent(id));
      const nav = el("nav");
      nav.append(s.previous ? openLink(s.previous.id, "← " + s.previous.heading) : el("span"));
      nav.append(s.next ? openLink(s.next.id, s.next.heading + " →") : el("span"));
      const top = el("p", { class: "section-tools" });
      if (state.q) {
        const back = el("a", { href: pageUrl(), class: "back" }, "← Back to the results for “" + state.q + "”");
        back.addEventListener("click", (ev) => {
          ev.preventDefault();
          if (history.state && history.state.fromResults) history.back();
          else { history.pushState({ q: state.q }, "", pageUrl()); fromUrl(); }
        });
        top.append(back);
      }
      top.append(...copyButtons(s.id, s.headingPath, s.source));
      sectionView.replaceChildren(top,
        el("p", { class: "breadcrumb" }, s.headingPath.join(" › ")),
        el("h1", {}, s.heading),
        el("p", { class: "source" }, s.source + "#" + s.anchor),
        el("div", { class: "text" }, sectionText(s.text, marker())), nav);
      sectionView.hidden = false;
      filters.hidden = true;
      document.title = s.heading + " — askdocs";
      setStatus("");
    } catch (e) {
      setStatus("Could not load the section: " + e.message, true);
    }
  }

  function updateUrl(push) {
    const url = pageUrl();
    document.title = state.q ? state.q + " — askdocs" : "askdocs";
    if (location.pathname + location.search === url) return;
    (push ? history.pushState : history.replaceState).call(history, { q: state.q }, "", url);
  }

  function fromUrl() {
    const params = new URLSearchParams(location.search);
    state.q = (params.get("q") || "").trim();
    state.doc = params.get("doc") || "";
    state.folder = params.get("folder") || "";
    input.value = state.q;
    const section = params.get("section");
    if (section) { showSection(section); return; }
    state.q = "";
    search(params.get("q") || "", {});
  }

  function refilter() {
    state.doc = docSelect.value;
    state.folder = folderSelect.value;
    state.k = PAGE;
    if (state.q) search(state.q, { push: true }); else updateUrl(true);
  }

  form.addEventListener("submit", (ev) => { ev.preventDefault(); clearTimeout(timer); search(input.value, { push: true }); });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value, { typing: true }), DEBOUNCE_MS);
  });
  docSelect.addEventListener("change", refilter);
  folderSelect.addEventListener("change", refilter);
  moreButton.addEventListener("click", () => {
    state.k = Math.min(MAX_K, state.k + PAGE);
    search(state.q, {});
  });
  window.addEventListener("popstate", fromUrl);
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "/" && document.activeElement !== input) { ev.preventDefault(); input.focus(); input.select(); return; }
    if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
    if (document.activeElement && document.activeElement.tagName === "SELECT") return;
    const items = [...results.querySelectorAll(".result")];
    if (!items.length) return;
    const at = items.indexOf(document.activeElement.closest ? document.activeElement.closest(".result") : null);
    let next;
    if (ev.key === "ArrowDown") next = document.activeElement === input ? 0 : Math.min(items.length - 1, at + 1);
    else next = at <= 0 ? -1 : at - 1;
    ev.preventDefault();
    if (next < 0) input.focus(); else items[next].focus();
  });
  getJson("/api/health").then((h) => {
    $("health").textContent = `${h.documents} documents, ${h.passages} passages, indexed ${new Date(h.builtAt).toLocaleString()}`;
  }).catch(() => {});
  fromUrl();
})();
