// A local stand-in for an analytics or ad tag: it logs what a real one would collect and sets the
// cookie a real one would set, so you can watch consent gating work without any third party.
(function (name, cookie) {
  var log = document.getElementById('tracker-log');
  var line =
    new Date().toLocaleTimeString() +
    '  ' +
    name +
    ' loaded: would collect page "' +
    location.pathname +
    '", screen ' +
    screen.width +
    'x' +
    screen.height +
    ', referrer "' +
    document.referrer +
    '"';
  if (log) log.textContent += line + '\n';
  console.info('[demo tracker] ' + line);
  document.cookie = cookie + '=' + Math.random().toString(36).slice(2) + '; path=/; max-age=31536000; samesite=lax';
  (window.__demoTrackers = window.__demoTrackers || []).push(name);
})(document.currentScript.getAttribute('data-name'), document.currentScript.getAttribute('data-cookie'));
