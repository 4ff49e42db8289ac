// The notice search: htmx sends the filter form as the user types or chooses; empty fields are left
// out so that the address in the bar (pushed by htmx, and bookmarkable) only says what was chosen.
// Without JavaScript the form is a plain GET form and everything still works.
document.addEventListener("htmx:configRequest", (event) => {
  if (!event.detail.elt.matches || !event.detail.elt.matches(".notice-filters")) {
    return;
  }
  const parameters = event.detail.parameters;
  const names = parameters instanceof FormData ? [...new Set(parameters.keys())] : Object.keys(parameters);
  for (const name of names) {
    const values = parameters instanceof FormData ? parameters.getAll(name) : [].concat(parameters[name]);
    if (values.every((value) => value === "")) {
      delete parameters[name];
      if (parameters instanceof FormData) {
        parameters.delete(name);
      }
    }
  }
});
