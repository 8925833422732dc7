// Starts the app. Trunk would do this in an inline module script, which the Content Security
// Policy forbids; Trunk.toml's pattern_script puts this file's tag in its place, carrying the
// build's hashed file names. Both are relative to the page, like every URL in the build.
//
// A trap on the main thread (a bug: panics abort) ends the app's code where it stands, and the
// page would sit there, silent. So the page says it stopped, with the engine's words, and
// offers a reload of the same scenario (all of it is in the address) without its autoplay, so
// that what broke does not start again by itself. A worker's trap reaches the page with no
// error object; the app reports those itself (a crashed pool, a crashed process).
function stopped(why) {
  if (document.getElementById('stopped')) return;
  const box = document.createElement('div');
  box.id = 'stopped';
  box.className = 'notice error stopped';
  box.setAttribute('role', 'alert');
  const text = document.createElement('p');
  text.textContent = `Interleave stopped: its code failed on this page (${why}). Nothing more can run here; ` +
    'reload to carry on with the same scenario.';
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.id = 'stopped-reload';
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => {
    const url = new URL(location.href);
    url.searchParams.delete('autoplay');
    url.searchParams.delete('autorun');
    location.replace(url.href);
  });
  box.append(text, reload);
  document.body.prepend(box);
}
const trapped = (error) => error instanceof WebAssembly.RuntimeError && stopped(error.message);
window.addEventListener('error', (e) => trapped(e.error));
window.addEventListener('unhandledrejection', (e) => trapped(e.reason));

const tag = document.querySelector('script[data-app-js]');
const at = (name) => new URL(tag.getAttribute(name), document.baseURI).href;
const { default: init } = await import(at('data-app-js'));
await init({ module_or_path: at('data-app-wasm') });
