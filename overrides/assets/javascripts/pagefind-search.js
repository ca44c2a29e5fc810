// Material's search worker, answered by Pagefind: the page's search box sends its messages here (setup,
// then queries) and gets results in the shape Material renders. Pagefind fetches only the index chunks and
// page fragments a query needs. Everything from the index is escaped here: Material inserts the titles and
// texts it is given as HTML, and the only markup added is <mark> around the words found.
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  // Material's message types
// Hits shown in steps: the first few as soon as they are ready, then more while the reader looks at them.
// (Pagefind works out a page's excerpts when asked for its data: a day page with a common word takes tens
// of milliseconds.)
const STEPS = [3, 10, 50];
const SECTIONS_SHOWN = 3;    // sections of a page shown under it; more sit behind "more on this page"
const SECTIONS_KEPT = 10;    // sections of a page listed at all (a common word is in every post of a day)
const MIN_LETTERS = 3;       // shorter queries answer nothing: "r" would match thousands of words
const ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'"};

const site = new URL("../../", self.location.href);  // this file is assets/javascripts/ of the site
let pagefind = null;
let latest = 0;

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"})[c]);
}

// An excerpt as Pagefind gives it (text with <mark> around matches, perhaps with entities) made safe:
// decoded to plain text, escaped whole, then only the marks put back.
function safeExcerpt(excerpt) {
  const parts = String(excerpt || "").split(/<mark>|<\/mark>/);
  return parts.map((part, n) => {
    const text = escapeHTML(part.replace(/&(amp|lt|gt|quot|#39|#x27);/g, e => ENTITIES[e]).replace(/<[^>]*>/g, ""));
    return n % 2 ? `<mark data-md-highlight>${text}</mark>` : text;
  }).join("");
}

function plainTitle(title) {
  return escapeHTML(String(title || "").replace(/&(amp|lt|gt|quot|#39|#x27);/g, e => ENTITIES[e]));
}

function address(url) {
  return new URL(url, site).href;
}

// One hit: the page first, then its sections that hold the words (never the page, or its title, twice).
function item(data, score, terms) {
  const page = {location: address(data.url), title: plainTitle(data.meta && data.meta.title), score, terms,
                text: `<p>${safeExcerpt(data.excerpt)}</p>`};
  const sections = (data.sub_results || [])
    .filter(sub => sub.url && sub.url.includes("#") && sub.url !== data.url && sub.title !== data.meta.title)
    .slice(0, SECTIONS_KEPT)
    .map((sub, n) => ({location: address(sub.url), title: plainTitle(sub.title), terms,
                       score: n < SECTIONS_SHOWN ? score : score / 2, text: `<p>${safeExcerpt(sub.excerpt)}</p>`}));
  return [page, ...sections];
}

async function load() {
  pagefind = await import(new URL("pagefind/pagefind.js", site).href);
  await pagefind.options({basePath: new URL("pagefind/", site).pathname, baseUrl: site.pathname,
                          excerptLength: 24});
  await pagefind.init();
}

async function items(results, terms) {
  const found = await Promise.all(results.map(result => result.data()));
  return found.map((data, n) => item(data, results[n].score || 0, terms));
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
    await load();
    self.postMessage({type: READY});
  } else if (message.type === QUERY) {
    const ticket = ++latest;
    const found = await query(String(message.data || ""), ticket);
    if (found) self.postMessage({type: RESULT, data: found});  // a query too short: no results
  }
});
