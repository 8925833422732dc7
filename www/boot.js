// Starts the app. Trunk would do this in an inline module script, which the Content Security
// Policy forbids; Trunk.toml's pattern_script puts this file's tag in its place, carrying the
// build's hashed file names. Both are relative to the page, like every URL in the build.
const tag = document.querySelector('script[data-app-js]');
const at = (name) => new URL(tag.getAttribute(name), document.baseURI).href;
const { default: init } = await import(at('data-app-js'));
await init({ module_or_path: at('data-app-wasm') });
