// What `require('candor')` (or any of its entries) loads from CommonJS: Candor is an ES module only,
// so instead of Node's ERR_PACKAGE_PATH_NOT_EXPORTED the error says how to load it.
throw Object.assign(
  new Error(
    "candor is an ES module: use import … from 'candor' (or 'candor/ui', 'candor/page'), " +
      "or from CommonJS dynamic import(): const { createConsent } = await import('candor')",
  ),
  { code: 'ERR_REQUIRE_ESM' },
);
