// Imported first by `npm start` and `npm test`: a Node.js older than package.json's `engines`
// (20.19) fails later with errors that do not say why, so it stops here with what to do.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(
    `Candor needs Node.js 20.19 or later; this is ${process.version}. ` +
      "Debian 12's own nodejs is 18: take Node from https://nodejs.org/ or NodeSource.",
  );
  process.exit(1);
}
