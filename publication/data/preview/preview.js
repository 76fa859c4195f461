// Keeps an open preview page current: polls /status.json, shows problems, reloads when its pages change.
(function () {
  "use strict";
  const script = document.currentScript;
  const pollMs = Number(script.dataset.pollMs) || 500;
  const documentKey = document.body.dataset.document || null;
  const documentSha = document.body.dataset.sha || null;
  const initial = JSON.parse(document.getElementById("preview-status").textContent);
  // The words in the messages' language (publication/preview/words.py), each "{placeholder}" filled here.
  const words = JSON.parse(document.getElementById("preview-words").textContent);
  const fill = (text, name, value) => text.split("{" + name + "}").join(value);
  const listing = (status) => Object.keys(status.documents).sort().map((k) => k + "=" + status.documents[k]).join(",");
  const shownListing = listing(initial);
  let shownProblems = null;
  let shownWarnings = null;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The same words as the terminal: "file:line: field message", then "fix: …".
  function showProblems(status) {
    const built = Object.keys(status.documents).length > 0;
    const key = JSON.stringify([status.problems, built]);
    if (key === shownProblems) return;
    shownProblems = key;
    const box = document.getElementById("problems");
    box.replaceChildren();
    document.body.classList.toggle("has-problems", status.problems.length > 0);
    box.hidden = status.problems.length === 0;
    if (box.hidden) return;
    box.append(element("h2", "", status.heading));
    box.append(element("p", "problems__note", (built ? words.built : words.nothing) + " " + words.goes_away));
    for (const problem of status.problems) {
      const item = element("div", "problem");
      if (problem.where) item.append(element("span", "problem__where", problem.where + ":"), " ");
      if (problem.field) item.append(element("span", "problem__field", problem.field), " ");
      item.append(element("span", "problem__message", problem.message));
      if (problem.fix) item.append("\n", element("span", "problem__fix", "    " + fill(words.fix, "fix", problem.fix)));
      box.append(item);
    }
  }

  function showWarnings(status) {
    const key = JSON.stringify(status.warnings);
    if (key === shownWarnings) return;
    shownWarnings = key;
    const button = document.getElementById("warnings-button");
    const panel = document.getElementById("warnings");
    const count = status.warnings.length;
    button.hidden = count === 0;
    button.textContent = status.warnings_label;
    panel.textContent = status.warnings.map((w) => fill(words.warning, "warning", w)).join("\n");
    if (count === 0) panel.hidden = true;
  }

  function showBadge(state, text) {
    const badge = document.getElementById("badge");
    badge.dataset.state = state;
    badge.textContent = text;
  }

  function show(status) {
    showProblems(status);
    showWarnings(status);
    if (status.building) showBadge("building", words.building);
    else if (status.problems.length) showBadge("error", words.error);
    else showBadge("ok", words.ok);
  }

  function reload() {
    sessionStorage.setItem("scroll:" + location.pathname, String(window.scrollY));
    location.reload();
  }

  // Reload only when what this page shows changed: its own PDF, or (index) the list of PDFs.
  function isStale(status) {
    if (documentKey) return status.documents[documentKey] !== undefined && status.documents[documentKey] !== documentSha;
    return listing(status) !== shownListing;
  }

  async function poll() {
    try {
      const response = await fetch("/status.json", { cache: "no-store" });
      const status = await response.json();
      if (isStale(status)) { reload(); return; }
      show(status);
    } catch (error) {
      showBadge("stopped", words.stopped);
    }
    setTimeout(poll, pollMs);
  }

  function setUpControls() {
    const zoom = document.getElementById("zoom");
    if (zoom) {
      zoom.addEventListener("change", () => {
        localStorage.setItem("preview-zoom", zoom.value);
        const url = new URL(location.href);
        url.searchParams.set("zoom", zoom.value);
        location.assign(url);
      });
      const remembered = localStorage.getItem("preview-zoom");
      if (remembered && !new URL(location.href).searchParams.has("zoom") && remembered !== zoom.value) {
        const url = new URL(location.href);
        url.searchParams.set("zoom", remembered);
        location.replace(url);
      }
    }
    const boxes = document.getElementById("boxes");
    if (boxes) {
      boxes.checked = localStorage.getItem("preview-boxes") === "1";
      document.body.classList.toggle("show-boxes", boxes.checked);
      boxes.addEventListener("change", () => {
        localStorage.setItem("preview-boxes", boxes.checked ? "1" : "0");
        document.body.classList.toggle("show-boxes", boxes.checked);
      });
    }
    const button = document.getElementById("warnings-button");
    button.addEventListener("click", () => {
      const panel = document.getElementById("warnings");
      panel.hidden = !panel.hidden;
      button.setAttribute("aria-expanded", String(!panel.hidden));
    });
  }

  function restoreScroll() {
    const key = "scroll:" + location.pathname;
    const y = sessionStorage.getItem(key);
    if (y !== null) {
      sessionStorage.removeItem(key);
      window.scrollTo(0, Number(y));
    }
  }

  setUpControls();
  show(initial);
  restoreScroll();
  setTimeout(poll, pollMs);
})();
