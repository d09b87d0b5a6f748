"use strict";
// The admin's autocomplete fields (Select2) hide the real <select> and build a
// combobox of their own beside it, which has no accessible name: a screen
// reader says "combobox" and not which field it is (WCAG 4.1.2). Each such
// combobox, and the search box of a multiple choice, is named after the
// label of the select it stands for. Without JavaScript there is no Select2,
// and the plain select has its label already.
(function () {
  function labelOf(select) {
    if (select.id) {
      const label = document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
      if (label) {
        if (!label.id) label.id = `${select.id}_label`;
        return label;
      }
    }
    return null;
  }

  function columnName(select) {
    // A field in a tabular inline is labelled by its column's header.
    const cell = select.closest("td");
    const table = cell && cell.closest("table");
    const header = table && table.querySelectorAll("thead th")[cell.cellIndex];
    return header ? header.textContent.trim() : "";
  }

  function name(container) {
    const select = container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") return;
    const label = labelOf(select);
    const text = label ? label.textContent.replace(/[:*\s]+$/, "").trim() : columnName(select);
    if (!text) return;
    for (const box of container.querySelectorAll('[role="combobox"]')) {
      const shown = box.querySelector(".select2-selection__rendered");
      // The chosen value is text the combobox's name includes, not a
      // read-only text field of its own without a name.
      if (shown && shown.getAttribute("role") === "textbox") {
        shown.removeAttribute("role");
        shown.removeAttribute("aria-readonly");
      }
      // The "clear" cross of a multiple choice is put inside the list of
      // chosen items, where only list items belong: it moves beside it
      // (Select2 handles its click on the whole selection).
      const clear = shown && shown.tagName === "UL" && shown.querySelector(":scope > .select2-selection__clear");
      if (clear) box.insertBefore(clear, shown);
      if (label && shown && shown.id) {
        box.setAttribute("aria-labelledby", `${label.id} ${shown.id}`);
      } else {
        box.removeAttribute("aria-labelledby");
        box.setAttribute("aria-label", text);
      }
    }
    for (const search of container.querySelectorAll(".select2-search__field")) {
      search.setAttribute("aria-label", text);
    }
  }

  function nameAll(root) {
    for (const container of root.querySelectorAll(".select2-container")) name(container);
  }

  document.addEventListener("DOMContentLoaded", () => {
    nameAll(document);
    // Select2 starts after this script, renders again on each choice, and
    // inline rows are added later: name whatever it builds.
    new MutationObserver((changes) => {
      for (const change of changes) {
        const target = change.target.nodeType === 1 ? change.target : change.target.parentElement;
        const container = target && target.closest(".select2-container");
        if (container) name(container);
        for (const node of change.addedNodes) {
          if (node.nodeType === 1) {
            if (node.matches(".select2-container")) name(node);
            nameAll(node);
          }
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
