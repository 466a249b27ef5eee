// Starts Swagger UI on /docs; a file of its own, since the Content-Security-Policy allows no inline script.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/docs/openapi-3.0.json",  // the 3.0 telling of /openapi.json, which this Swagger UI reads
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
