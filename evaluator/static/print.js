// A "Print" button for pages that have one: shown only where scripts run, so it never does nothing.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
