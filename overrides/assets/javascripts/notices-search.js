// The notices' search page: Pagefind's index for the page's language, phrase first.
// No inline script and no innerHTML: results are built from text nodes, so the page
// runs under a strict Content-Security-Policy (Pagefind needs 'wasm-unsafe-eval').
(function () {
  "use strict";
  var out = document.getElementById("notices-search-results");
  var form = document.querySelector("form.notices-search");
  var input = document.getElementById("notices-search-query");
  if (!out || !form || !input) return;
  var pagefind = null;
  var latest = 0;

  // A counted message has one data-text-count-<category> per CLDR plural category of the page's language.
  var plurals = new Intl.PluralRules(document.documentElement.lang || undefined);
  function counted(name, params) {
    var form = name + "-" + plurals.select(params.count);
    return text(out.hasAttribute("data-text-" + form) ? form : name + "-other", params);
  }

  function text(name, params) {
    var message = out.getAttribute("data-text-" + name) || "";
    return message.replace(/%\((\w+)\)s/g, function (_, key) { return String(params[key]); });
  }

  function load() {
    if (!pagefind) {
      var bundle = new URL(out.getAttribute("data-bundle"), document.baseURI).href;
      var root = new URL(out.getAttribute("data-site-root"), document.baseURI).pathname;
      pagefind = import(bundle).then(function (pf) {
        return pf.options({ baseUrl: root }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };
  // The index was built from a copy of the pages with a zero-width space between
  // Thai and Japanese words (see notices/search_index.py): take them out again.
  function clean(s) {
    return String(s || "").replace(/\u200b/g, "");
  }
  function unescape(s) {
    return clean(s).replace(/&(amp|lt|gt|quot|#39|#x27);/g, function (e) { return ENTITIES[e]; });
  }

  // Pagefind excerpts mark matches with <mark>; everything else is escaped text.
  function excerpt(html) {
    var p = document.createElement("p");
    p.className = "notices-search__excerpt";
    html.split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
      var marked = /^<mark>(.*)<\/mark>$/.exec(part);
      var plain = unescape(marked ? marked[1] : part);
      if (marked) {
        var m = document.createElement("mark");
        m.textContent = plain;
        p.appendChild(m);
      } else {
        p.appendChild(document.createTextNode(plain));
      }
    });
    return p;
  }

  // The version in force and an announced one share their title: whichever Pagefind ranks
  // first, the one in force (its "dates" meta) comes first; notices keep Pagefind's order.
  function inForceFirst(pages) {
    var first = {};
    pages.forEach(function (data, i) {
      var key = data.meta.title || data.url;
      if (!(key in first)) first[key] = i;
    });
    return pages.map(function (data, i) { return [data, i]; }).sort(function (a, b) {
      var ka = first[a[0].meta.title || a[0].url], kb = first[b[0].meta.title || b[0].url];
      if (ka !== kb) return ka - kb;
      var fa = a[0].meta.dates ? 0 : 1, fb = b[0].meta.dates ? 0 : 1;
      return fa !== fb ? fa - fb : a[1] - b[1];
    }).map(function (pair) { return pair[0]; });
  }

  function render(query, pages) {
    out.replaceChildren();
    var summary = document.createElement("p");
    summary.className = "notices-search__summary";
    summary.textContent = pages.length ? counted("count", { query: query, count: pages.length }) : text("none", { query: query });
    out.appendChild(summary);
    if (!pages.length) return;
    var list = document.createElement("ol");
    list.className = "notices-search__list";
    pages.forEach(function (data) {
      var item = document.createElement("li");
      var title = document.createElement("h2");
      title.textContent = clean(data.meta.title || data.url);
      item.appendChild(title);
      if (data.meta.status) {
        var status = document.createElement("p");
        status.className = "notices-search__status";
        status.textContent = clean(data.meta.status);
        item.appendChild(status);
      }
      if (data.meta.dates) {
        var dates = document.createElement("p");
        dates.className = "notices-search__dates";
        dates.textContent = clean(data.meta.dates);
        item.appendChild(dates);
      }
      var sections = document.createElement("ul");
      (data.sub_results && data.sub_results.length ? data.sub_results : [data]).slice(0, 5).forEach(function (sub) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = sub.url;
        a.textContent = clean(sub.title || data.meta.title);
        li.appendChild(a);
        li.appendChild(excerpt(sub.excerpt || ""));
        sections.appendChild(li);
      });
      item.appendChild(sections);
      list.appendChild(item);
    });
    out.appendChild(list);
  }

  function search(query) {
    var id = ++latest;
    query = query.trim().normalize("NFC"); // the index is NFC too (notices.site.search_index)
    if (!query) { out.replaceChildren(); return; }
    out.textContent = text("searching", {});
    var bare = query.replace(/"/g, "");
    load().then(function (pf) {
      // Most exact first: the phrase as written (Vietnamese "bảo hiểm", not "bảo" alone nor
      // "bao"), then its words with their diacritics, then its words however they are accented.
      var tries = [['"' + bare + '"', true], [bare, true], [bare, false]];
      function attempt(i) {
        return pf.options({ exactDiacritics: tries[i][1] }).then(function () {
          return pf.search(tries[i][0]);
        }).then(function (found) {
          return found.results.length || i === tries.length - 1 ? found : attempt(i + 1);
        });
      }
      return attempt(0);
    }).then(function (found) {
      return Promise.all(found.results.slice(0, 10).map(function (r) { return r.data(); }));
    }).then(function (pages) {
      if (id === latest) render(query, inForceFirst(pages));
    }).catch(function () {
      if (id === latest) out.textContent = text("failed", {});
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    search(input.value);
  });
  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) { input.value = initial; search(initial); }
})();
