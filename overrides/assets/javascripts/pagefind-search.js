// Material's search worker, answered by Pagefind: the page's search box sends its messages here (setup,
// then queries) and gets results in the shape Material renders. Pagefind fetches only the index chunks and
// page fragments a query needs. Everything from the index is plain text escaped here: Material inserts the
// titles and texts it is given as HTML, and the only markup added is <mark> around the words found.
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  // Material's message types
// Hits shown in steps: the first few as soon as their pages are read, then more while the reader looks.
const STEPS = [3, 10, 50];
const SECTIONS_SHOWN = 3;    // sections of a page shown under it; more sit behind "more on this page"
const SECTIONS_KEPT = 10;    // sections of a page listed at all (a common word is in every post of a day)
const MIN_LETTERS = 3;       // shorter queries answer nothing: "r" would match thousands of words
const EXCERPT_WORDS = 24;    // words of text shown under a hit
const EXCERPT_BEFORE = 6;    // of them, before the first word found
const PAGES_KEPT = 100;      // pages read kept for later queries (a day page's words take a few hundred kB)

const site = new URL("../../", self.location.href);  // this file is assets/javascripts/ of the site
let pagefind = null;
let latest = 0;

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"})[c]);
}

// A page's fragment as Pagefind wrote it (gzip, then its signature and JSON), kept for later queries.
// Read here rather than through Pagefind's result.data(), which works out an excerpt for every section
// holding the words by splitting the whole page again each time: on a day page with a common word,
// tens of milliseconds a page.
const fragments = new Map();
function fragment(id) {
  if (fragments.has(id)) {  // most recently used last
    const page = fragments.get(id);
    fragments.delete(id);
    fragments.set(id, page);
  } else {
    if (fragments.size >= PAGES_KEPT) fragments.delete(fragments.keys().next().value);
    fragments.set(id, fetch(new URL(`pagefind/fragment/${id}.pf_fragment`, site))
      .then(response => response.body.pipeThrough(new DecompressionStream("gzip")))
      .then(stream => new Response(stream).text())
      .then(text => {
        const page = JSON.parse(text.replace(/^pagefind_dcd/, ""));
        page.words = page.content.split(/\s+/);
        page.headings = (page.anchors || []).filter(a => /^h\d$/i.test(a.element) && a.id && /\S/.test(a.text || ""))
          .sort((x, y) => x.location - y.location);
        return page;
      })
      .catch(error => { fragments.delete(id); throw error; }));  // a page not read is asked for again
  }
  return fragments.get(id);
}

// The words around the first found one, escaped, the found ones marked.
function excerpt(words, found, from, to) {
  const start = Math.max(from, Math.min(found[0] - EXCERPT_BEFORE, to - EXCERPT_WORDS));
  const marked = new Set(found);
  const shown = [];
  for (let n = start; n < Math.min(to, start + EXCERPT_WORDS); n++) {
    const text = escapeHTML(words[n] || "");
    shown.push(marked.has(n) ? `<mark data-md-highlight>${text}</mark>` : text);
  }
  return `<p>${shown.join(" ")}</p>`;
}

function address(url, id) {
  return new URL(String(url).replace(/^\//, "") + (id ? `#${id}` : ""), site).href;
}

// One hit: the page first, then the sections (posts) that hold the words, each once.
function item(page, result, terms) {
  const found = [...result.words].sort((x, y) => x - y);
  const title = String(page.meta && page.meta.title || "");
  const hit = {location: address(page.url), title: escapeHTML(title), score: result.score || 0, terms,
               text: found.length ? excerpt(page.words, found, 0, page.words.length) : ""};
  const sections = [];
  page.headings.forEach((heading, n) => {
    const end = n + 1 < page.headings.length ? page.headings[n + 1].location : page.words.length;
    const inside = found.filter(w => w >= heading.location && w < end);
    if (!inside.length || heading.text === title || sections.length >= SECTIONS_KEPT) return;
    sections.push({location: address(page.url, heading.id), title: escapeHTML(heading.text), terms,
                   score: sections.length < SECTIONS_SHOWN ? hit.score : hit.score / 2,
                   text: excerpt(page.words, inside, heading.location, end)});
  });
  return [hit, ...sections];
}

async function load() {
  pagefind = await import(new URL("pagefind/pagefind.js", site).href);
  await pagefind.options({basePath: new URL("pagefind/", site).pathname, baseUrl: site.pathname});
  await pagefind.init();
}

async function items(results, terms) {
  const pages = await Promise.all(results.map(result => fragment(result.id)));
  return pages.map((page, n) => item(page, results[n], terms));
}

async function query(value, ticket) {
  const words = value.trim();
  if (words.replace(/\s+/g, "").length < MIN_LETTERS) return {items: []};
  const search = await pagefind.search(words);
  if (ticket !== latest || !search) return null;
  const terms = Object.fromEntries(words.toLowerCase().split(/\s+/).map(w => [w, true]));
  const shown = [];
  for (const step of STEPS) {
    shown.push(...await items(search.results.slice(shown.length, step), terms));
    if (ticket !== latest) return null;
    self.postMessage({type: RESULT, data: {items: shown}});
    if (search.results.length <= step) break;
  }
  return null;
}

self.addEventListener("message", async event => {
  const message = event.data;
  if (message.type === SETUP) {
    await load().catch(error => console.error("search: no index", error));  // then queries answer nothing
    self.postMessage({type: READY});
  } else if (message.type === QUERY) {
    const ticket = ++latest;
    let found = null;
    try {
      found = await query(String(message.data || ""), ticket);
    } catch (error) {  // the index could not be read (offline, a partial upload): say so, answer nothing
      console.error("search:", error);
      found = ticket === latest ? {items: []} : null;
    }
    if (found) self.postMessage({type: RESULT, data: found});  // a query too short: no results
  }
});
