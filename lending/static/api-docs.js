// The API documentation page: Swagger UI (vendor/swagger-ui, from npm) reading the app's own
// OpenAPI document. Its "Try it out" sends a token typed into "Authorize", never the cookie.
(function () {
  "use strict";
  var box = document.getElementById("api-docs");
  if (!box || typeof SwaggerUIBundle === "undefined") { return; }
  SwaggerUIBundle({
    url: box.getAttribute("data-spec"),
    domNode: box,
    deepLinking: false,
    withCredentials: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
}());
