// The locale keys the first layer (banner, launcher, the reload offer) shows: the build writes
// them for each locale into dist/locales/first/<locale>.json, which is all a first visit fetches
// before the banner (issue 16); the panel fetches the whole locale file when it first opens.
// test/dom/first-layer-keys.test.ts proves the banner needs nothing else.

/** Whether the first layer shows the text of `key`. */
export const isFirstLayerKey = (key) =>
  /^(banner\.|format\.|launcher\.label$|panel\.(saved|close)$|revoke\.|purpose\.[^.]+\.title$)/.test(key);
