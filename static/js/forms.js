// A form sent back with errors: move the focus to its error summary, so that keyboard and screen
// reader users start from the list of what to fix (each entry links to its field). Without
// JavaScript the summary is still announced (role="alert") and read first in the form.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});
