// The B1 check while an author types (docs/decisions/0018-plain-language-check.md).
// Progressive enhancement: without this script the "Check language" button
// gives the same advice. The server does the check; this only asks for it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-plain-language]");
  var status = document.getElementById("plain-language-status");
  var result = document.getElementById("plain-language-result");
  if (!form || !status || !result || !window.fetch) return;
  var names = form.getAttribute("data-plain-language-fields").split(" ");
  var timer = null;
  var asked = 0;
  function check() {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    names.forEach(function (name) {
      if (form.elements[name]) body.append("text", form.elements[name].value);
    });
    var number = ++asked;
    fetch(form.getAttribute("data-plain-language"), {
      method: "POST", body: body, credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      // An answer to an older request than the last one is dropped.
      if (html === null || number !== asked) return;
      var page = new DOMParser().parseFromString(html, "text/html");
      var freshStatus = page.getElementById("plain-language-status");
      var fresh = page.getElementById("plain-language-result");
      if (!freshStatus || !fresh) return;
      // The status element stays, so its new text is announced politely.
      status.className = freshStatus.className;
      status.innerHTML = freshStatus.innerHTML;
      result.innerHTML = fresh.innerHTML;
    }).catch(function () {});
  }
  form.addEventListener("input", function (event) {
    if (names.indexOf(event.target.name) === -1) return;
    clearTimeout(timer);
    timer = setTimeout(check, 1000);
  });
})();
