/**
 * What TypeScript sees for `require('candor')` in CommonJS: nothing, because Candor is an ES
 * module only (its require() throws with how to load it). Use `import { createConsent } from
 * 'candor'` in an ES module, or `const { createConsent } = await import('candor')` in CommonJS.
 */
export {};
