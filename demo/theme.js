// The demo's look: ?theme=crust or ?theme=night loads that example theme (demo/themes/, only
// Candor's documented custom properties) and remembers it in this browser; ?theme=default goes
// back to Candor's own look.
{
  const KEY = 'demo:theme';
  const asked = new URLSearchParams(location.search).get('theme');
  if (asked !== null) localStorage.setItem(KEY, asked);
  const theme = localStorage.getItem(KEY);
  if (theme === 'crust' || theme === 'night') {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = `/demo/themes/${theme}.css`;
    document.head.append(link);
  }
}
