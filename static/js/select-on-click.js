// Fields marked data-select-on-click select their whole text when clicked (a private address
// to copy). A static file, not an onclick attribute: the site's CSP allows no inline script.
document.querySelectorAll("[data-select-on-click]").forEach((field) => {
  field.addEventListener("click", () => field.select());
});
