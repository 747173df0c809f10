// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example/"}
/**
 * A marked element whose URL is on the hosts of a service its marking names neither by id nor by
 * purpose (the Meta Pixel's URL pasted into a tag marked "analytics", a Vimeo frame marked
 * "youtube"): it runs on a grant the visitor gave for something else, while the panel says that
 * service is off. The script tag's engine says it (loader/config-diagnostics.ts), with the fix.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { engineSays } from './config-console';

const config = {
  policy: { revision: 1, contact: 'privacy@example.com' },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }, { id: 'functional' }],
  services: [
    { id: 'ga4', purpose: 'analytics', hosts: ['www.googletagmanager.com'] },
    { id: 'google-ads', purpose: 'marketing', hosts: ['https://www.googletagmanager.com/'] },
    { id: 'meta-pixel', purpose: 'marketing', hosts: ['*.facebook.net'] },
    { id: 'youtube', purpose: 'functional', hosts: ['www.youtube.com'] },
    { id: 'vimeo', purpose: 'marketing', hosts: ['player.vimeo.com'] },
  ],
};

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('a marking that does not cover the service its URL is on', () => {
  it.each([
    [
      "the Meta Pixel's URL in a tag marked analytics",
      '<script type="text/plain" data-consent="analytics" src="https://connect.facebook.net/en_US/fbevents.js"></script>',
      '<script data-consent="analytics"> loads from a host of "meta-pixel" (marketing)',
    ],
    [
      'a Vimeo frame marked youtube',
      '<iframe data-consent="youtube" data-src="https://player.vimeo.com/video/1"></iframe>',
      '<iframe data-consent="youtube"> loads from a host of "vimeo" (marketing)',
    ],
  ])('%s: the console names the service and the fix', async (_, markup, words) => {
    document.body.innerHTML = markup;
    expect(await engineSays(config)).toContain(words);
  });

  it('says nothing where the marking names the service, its purpose, or one of two sharing a host, nor of an inline tag or an unlisted host', async () => {
    document.body.innerHTML = [
      '<script type="text/plain" data-consent="meta-pixel" src="https://connect.facebook.net/x.js"></script>',
      '<script type="text/plain" data-consent="marketing" src="https://connect.facebook.net/y.js"></script>',
      '<script type="text/plain" data-consent="ga4" src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>',
      '<script type="text/plain" data-consent="analytics">window.x = 1</script>',
      '<iframe data-consent="functional" data-src="https://www.youtube.com/embed/x"></iframe>',
      '<iframe data-consent="marketing" data-src="https://maps.example.com/embed"></iframe>',
    ].join('');
    expect(await engineSays(config)).not.toContain('loads from a host of');
  });
});
