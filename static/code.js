/* code.js: fills a single-use code into its form from the address's fragment (OWASP ASVS V14.2.1).
 * Links in e-mails and QR codes carry the code after '#' ("/family/login#kod=..."), which a browser never
 * sends to a server, so that it is not kept by proxies, logs or the server. This script copies it into the
 * field the form names (data-fill), takes it out of the address bar and the history, and puts the focus on
 * what to do next; a form marked data-fill-submit (the survey's, which opening uses nothing up) is sent at
 * once. It must not send anything else or do anything else: every page works without it (the person types
 * the code), and only the pages that load it allow a script at all (their Content-Security-Policy). */
(function () {
  'use strict';
  function fill() {
    var m = /^#kod=([A-Za-z0-9_-]{1,64})$/.exec(window.location.hash);
    var form, input, fields, next = null, i;
    if (!m) {
      return;
    }
    window.history.replaceState(null, '', window.location.pathname);
    form = document.querySelector('form[data-fill]');
    input = form ? form.elements.namedItem(form.getAttribute('data-fill')) : null;
    if (!input) {
      return;
    }
    input.value = m[1];
    if (form.hasAttribute('data-fill-submit')) {
      form.submit();
      return;
    }
    fields = form.querySelectorAll('input:not([type=hidden])'); /* the first still empty, or the button */
    for (i = 0; i < fields.length && !next; i++) {
      if (!fields[i].value) {
        next = fields[i];
      }
    }
    next = next || form.querySelector('button[type=submit]');
    if (next) {
      next.focus();
    }
  }
  fill();
  window.addEventListener('hashchange', fill); /* a link to the page already open only changes the fragment */
}());
