export function kitchen_png(title) {
  return import(new URL('kitchen_png.js', document.baseURI).href).then((m) => m.kitchen_png(title));
}
