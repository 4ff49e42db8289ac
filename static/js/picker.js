// The category picker (templates/categories/picker.html), made quicker with JavaScript. Without it
// every button sends the form and the page comes back with everything kept; with it the same
// fragments come from the portal (data-fragments) and replace the results or the level browsed in
// place, and a ticked category moves to the chosen ones at once. Each change is announced (the
// regions are aria-live) and the focus never falls off the page.
(() => {
  const DELAY = 300;

  function setUp(picker) {
    const url = picker.dataset.fragments;
    const chosen = picker.querySelector("[data-picker-chosen]");
    const empty = picker.querySelector("[data-picker-empty]");
    const status = picker.querySelector("[data-picker-status]");
    const query = picker.querySelector("[data-picker-query]");
    const results = picker.querySelector("[data-picker-results]");
    const browse = picker.querySelector("[data-picker-browse]");
    let timer = null;
    let latest = 0;

    function chosenCodes() {
      return [...chosen.querySelectorAll("input[name=categories]:checked")].map((box) => box.value);
    }

    async function load(target, parameters) {
      const address = new URL(url, window.location.href);
      for (const [name, value] of parameters) {
        address.searchParams.append(name, value);
      }
      for (const code of chosenCodes()) {
        address.searchParams.append("categories", code);
      }
      // Only the last search typed may fill the results (an earlier answer can arrive later).
      const ticket = target === results ? ++latest : latest;
      const response = await fetch(address, { headers: { "X-Requested-With": "fetch" } });
      if (response.ok && (target !== results || ticket === latest)) {
        target.innerHTML = await response.text();
      }
    }

    function search() {
      window.clearTimeout(timer);
      load(results, [["category_query", query.value]]);
    }

    function choose(box) {
      const item = box.closest("li");
      const next = item.nextElementSibling && item.nextElementSibling.querySelector("input, button");
      const moved = item.cloneNode(true);
      moved.querySelector("input").checked = true;
      const level = moved.querySelector(".muted");
      if (level) {
        level.remove();
      }
      moved.querySelectorAll("button").forEach((button) => button.remove());
      chosen.append(moved);
      // The same category may be offered in several places (suggested, found, browsed).
      picker.querySelectorAll("[data-picker-source] input[name=categories]").forEach((other) => {
        if (other.value === box.value && other.closest("li")) {
          other.closest("li").remove();
        }
      });
      empty.hidden = true;
      // Suggestions all taken: their heading and button have nothing left to offer.
      const suggested = picker.querySelector(".picker-suggested");
      if (suggested && !suggested.querySelector("input[name=categories]")) {
        suggested.remove();
      }
      status.textContent = `${picker.dataset.added} ${moved.textContent.trim()}`;
      (next && next.isConnected ? next : query).focus();
    }

    query.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DELAY);
    });
    query.addEventListener("keydown", (event) => {
      // Enter in the search field searches; it must not send (and save) the whole form.
      if (event.key === "Enter") {
        event.preventDefault();
        search();
      }
    });
    picker.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button || !picker.contains(button)) {
        return;
      }
      if (button.matches("[data-picker-search]")) {
        event.preventDefault();
        search();
      } else if (button.matches("[data-picker-open]")) {
        event.preventDefault();
        load(browse, [["category_browse", button.value]]).then(() => {
          const first = browse.querySelector("[aria-current], input, button");
          if (first) {
            first.setAttribute("tabindex", first.matches("input, button") ? "0" : "-1");
            first.focus();
          }
        });
      } else if (button.matches("[data-picker-add-all]")) {
        event.preventDefault();
        const boxes = [...button.parentElement.querySelectorAll("input[name=categories]")];
        boxes.forEach((box) => box.isConnected && choose(box));
        query.focus();
      }
    });
    picker.addEventListener("change", (event) => {
      const box = event.target;
      if (box.matches("input[name=categories]") && box.checked && box.closest("[data-picker-source]")) {
        choose(box);
      }
    });
    // Typed before this script ran (a slow connection): the input event was missed, search now.
    if (query.value !== query.defaultValue) {
      search();
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-category-picker]").forEach(setUp);
  });
})();
