// Starts YASGUI on #yasgui, pointed at this server's SPARQL endpoint. A file of its own:
// the page's Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  if (!root || typeof window.Yasgui === "undefined") {
    return;
  }
  var endpoint = new URL(root.dataset.endpoint, window.location.href).href;
  // Only completions that need no network: the class/property completers ask a remote service.
  window.Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  var yasgui = new window.Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    copyEndpointOnNewTab: false,
    persistenceId: null
  });
  if (root.dataset.query) {
    yasgui.getTab().setQuery(root.dataset.query);
  }
})();
