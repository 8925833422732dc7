// Loads the kitchen slide's drawing (www/kitchen_png.js, copied beside index.html) only when
// a PNG is asked for: nothing needs it to show the page or to run, so it stays off the first
// load.
export function kitchen_png(title) {
  return import(new URL('kitchen_png.js', document.baseURI).href).then((m) => m.kitchen_png(title));
}
