// The locale keys the first layer (banner, launcher, the announcement after a choice) shows: the
// build writes them for each locale into dist/locales/first/<locale>.json, which is all a first
// visit fetches before the banner (issue 16); the panel, and the reload offer after a revoke, fetch
// the whole locale file when they are first needed (ui/shell.ts `allMessages`).
// test/dom/first-layer-keys.test.ts proves the banner needs nothing else.

/**
 * Whether the first layer shows the text of `key`. The banner names the purposes it asks for,
 * never `necessary`: a config is refused unless that one is required (core/parse-purposes.ts).
 */
export const isFirstLayerKey = (key) =>
  /^(banner\.|format\.|launcher\.label$|panel\.saved$|purpose\.(?!necessary\.)[^.]+\.title$)/.test(key);
