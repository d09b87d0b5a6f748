/*
 * Similar signals while typing (templates/signals/signal_form.html).
 *
 * Without this script the form's "Check for similar signals" button does the
 * same in a round trip. With it, the list under the description follows the
 * title and description as they are written: a short pause after the last
 * keystroke, then one request; a newer request cancels the older one.
 * The server renders the list (signals:signal_similar), with the same rights
 * check and the same fingerprint the form carries once the list was seen.
 * No inline script: the Content-Security-Policy allows scripts from 'self'.
 */
(function () {
  "use strict";

  var PAUSE_MS = 500;
  var MIN_LETTERS = 4;

  var region = document.getElementById("similar-signals");
  if (!region || !window.fetch || !window.FormData) {
    return;
  }
  var form = region.closest("form");
  var title = form && form.elements.namedItem("title");
  var description = form && form.elements.namedItem("description");
  var token = form && form.elements.namedItem("csrfmiddlewaretoken");
  var status = document.getElementById("similar-status");
  if (!title || !description || !token) {
    return;
  }

  var timer = null;
  var pending = null;
  var lastAsked = title.value + "\n" + description.value;

  function ask() {
    var text = title.value + "\n" + description.value;
    if (text === lastAsked) {
      return;
    }
    lastAsked = text;
    if (title.value.trim().length + description.value.trim().length < MIN_LETTERS) {
      return;
    }
    if (pending && window.AbortController) {
      pending.abort();
    }
    pending = window.AbortController ? new AbortController() : null;
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token.value);
    body.append("title", title.value);
    body.append("description", description.value);
    fetch(region.getAttribute("data-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      signal: pending ? pending.signal : undefined,
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        region.innerHTML = html;
        var section = region.querySelector("[data-summary]");
        if (status && section) {
          status.textContent = section.getAttribute("data-summary");
        }
      })
      .catch(function () {
        // A cancelled or failed request leaves the list as it was; the
        // check button and the check on raising still work.
      });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, PAUSE_MS);
  }

  title.addEventListener("input", later);
  description.addEventListener("input", later);
})();
