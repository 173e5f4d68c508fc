// askdocs search page. Everything that comes from documents or questions is put into the page as
// text; the only markup kept is <mark> from the server's snippets, rebuilt element by element.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const input = $("q"), form = $("search"), status = $("status"), results = $("results");
  const answerBox = $("answer"), declined = $("declined"), didYouMean = $("didyoumean"), sectionView = $("section");
  const DEBOUNCE_MS = 250;
  let timer = 0, seq = 0, controller = null;

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

  const sectionHref = (id) => "/?section=" + encodeURIComponent(id);
  // A page of a crawled website links back to the original, at the heading (a PDF's anchor opens its page).
  const originalLink = (source, anchor) => /^https?:\/\//i.test(source)
    ? el("a", { href: source + "#" + anchor, rel: "noopener noreferrer" }, source) : source;

  function setStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", !!isError);
  }

  function clear() {
    answerBox.hidden = true; declined.hidden = true; didYouMean.hidden = true; sectionView.hidden = true;
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

  async function search(q, push) {
    q = q.trim();
    if (controller) controller.abort();
    if (!q) { clear(); setStatus(""); updateUrl("", push); return; }
    const mine = ++seq;
    controller = new AbortController();
    setStatus("Searching…");
    updateUrl(q, push);
    try {
      const r = await getJson("/api/ask?k=10&q=" + encodeURIComponent(q), controller.signal);
      if (mine !== seq) return;
      render(r);
    } catch (e) {
      if (e.name === "AbortError" || mine !== seq) return;
      clear();
      setStatus("Something went wrong: " + e.message, true);
    }
  }

  function render(r) {
    clear();
    if (r.didYouMean) {
      const a = el("a", { href: "/?q=" + encodeURIComponent(r.didYouMean) }, r.didYouMean);
      a.addEventListener("click", (ev) => { ev.preventDefault(); input.value = r.didYouMean; search(r.didYouMean, true); });
      didYouMean.replaceChildren("Did you mean ", a, "?");
      didYouMean.hidden = false;
    }
    if (r.answered) {
      answerBox.querySelector(".answer-text").textContent = r.answer.text;
      const src = answerBox.querySelector(".answer-source");
      src.replaceChildren(r.answer.heading + " — ",
        el("a", { href: sectionHref(r.answer.source + "#" + r.answer.anchor) }, r.answer.source));
      answerBox.hidden = false;
    } else if (r.results.length) {
      declined.hidden = false;
    }
    setStatus(r.results.length ? `${r.results.length} passages in ${r.tookMs} ms` : "No passage matches this question.");
    for (const p of r.results) results.append(resultItem(p));
  }

  function resultItem(p) {
    const li = el("li", { class: "result", tabindex: "0", "data-id": p.id });
    li.append(
      el("p", { class: "breadcrumb" }, p.headingPath.join(" › ")),
      el("h2", {}, el("a", { href: sectionHref(p.id) }, p.heading)),
      el("p", { class: "snippet" }, snippetNode(p.snippet)),
      el("p", { class: "source" }, originalLink(p.source, p.anchor)));
    const more = el("button", { class: "expand", type: "button", "aria-expanded": "false" }, "Show the whole section");
    more.addEventListener("click", () => toggleSection(li, p, more));
    li.append(more);
    li.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && ev.target === li) { ev.preventDefault(); toggleSection(li, p, more); }
    });
    return li;
  }

  async function toggleSection(li, p, button) {
    const open = li.querySelector(".full");
    if (open) { open.remove(); button.textContent = "Show the whole section"; button.setAttribute("aria-expanded", "false"); return; }
    button.disabled = true;
    try {
      const s = await getJson("/api/sections/" + encodeURIComponent(p.id));
      li.insertBefore(el("div", { class: "full" }, s.text), button);
      button.textContent = "Hide the section";
      button.setAttribute("aria-expanded", "true");
    } catch (e) {
      setStatus("Could not load the section: " + e.message, true);
    } finally {
      button.disabled = false;
    }
  }

  async function showSection(id) {
    clear();
    setStatus("Loading…");
    try {
      const s = await getJson("/api/sections/" + encodeURIComponent(id));
      const nav = el("nav");
      nav.append(s.previous ? el("a", { href: sectionHref(s.previous.id) }, "← " + s.previous.heading) : el("span"));
      nav.append(s.next ? el("a", { href: sectionHref(s.next.id) }, s.next.heading + " →") : el("span"));
      sectionView.replaceChildren(
        el("p", { class: "breadcrumb" }, s.headingPath.join(" › ")),
        el("h1", {}, s.heading),
        el("p", { class: "source" }, s.source + "#" + s.anchor),
        el("div", { class: "text" }, s.text), nav);
      sectionView.hidden = false;
      setStatus("");
    } catch (e) {
      setStatus("Could not load the section: " + e.message, true);
    }
  }

  function updateUrl(q, push) {
    const url = q ? "/?q=" + encodeURIComponent(q) : "/";
    if (location.pathname + location.search === url) return;
    (push ? history.pushState : history.replaceState).call(history, { q }, "", url);
    document.title = q ? q + " — askdocs" : "askdocs";
  }

  function fromUrl() {
    const params = new URLSearchParams(location.search);
    const section = params.get("section");
    if (section) { showSection(section); return; }
    const q = params.get("q") || "";
    input.value = q;
    search(q, false);
  }

  form.addEventListener("submit", (ev) => { ev.preventDefault(); clearTimeout(timer); search(input.value, true); });
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => search(input.value, false), DEBOUNCE_MS); });
  window.addEventListener("popstate", fromUrl);
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "/" && document.activeElement !== input) { ev.preventDefault(); input.focus(); input.select(); return; }
    if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
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
