// @vitest-environment happy-dom
/**
 * A frame the site marked with its own service, on a host two services share (docs/auto-blocking.md:
 * "Mark such tags with their own service to let each load on its own grant"), loads once that
 * service is granted: the gate's activation (embeds.ts activateEmbed: `active`, then `src` =
 * `data-src`) goes through auto-blocking's `intercept`, which asks for the services its marking names.
 * A lazy-loader that copies such a held frame's `data-src` to `src` leaves the site's marking as it
 * is: the frame stays held, and its own service's grant still loads it (also after a withdrawal).
 */
import { describe, expect, it, vi } from 'vitest';
import { SHARED_HOST_URL, sharedHostPage } from './autoblock-page';

const { gate, granted } = sharedHostPage();
const URL_ = SHARED_HOST_URL;

describe('a marked frame on a host two services share', () => {
  it('loads once its own service is granted (the placeholder grant of that service alone)', async () => {
    const frame = document.createElement('iframe');
    frame.setAttribute('data-consent', 'fb-comments');
    frame.setAttribute('data-src', URL_);
    document.body.append(frame);
    gate.scan(frame);
    await vi.waitFor(() => expect(frame.getAttribute('data-candor')).toBe('held'));
    granted.add('fb-comments'); // the placeholder's button: this service only
    gate.apply();
    await vi.waitFor(() => expect(frame.getAttribute('src')).toBe(URL_));
    expect(frame.getAttribute('data-consent')).toBe('fb-comments'); // the site's marking kept
  });

  const lazyCopy = (frame: HTMLIFrameElement): void => {
    frame.src = frame.getAttribute('data-src')!; // a lazy-loader, while the frame is held
  };
  const heldFrame = async (marking: string): Promise<HTMLIFrameElement> => {
    granted.clear();
    const frame = document.createElement('iframe');
    frame.setAttribute('data-consent', marking);
    frame.setAttribute('data-src', URL_);
    document.body.append(frame);
    gate.scan(frame);
    await vi.waitFor(() => expect(frame.getAttribute('data-candor')).toBe('held'));
    return frame;
  };

  it('held, then given its data-src by a lazy-loader: stays held, keeps its marking and loads on its own grant', async () => {
    const frame = await heldFrame('fb-comments');
    lazyCopy(frame);
    expect(frame.getAttribute('src')).toBeNull();
    expect(frame.getAttribute('data-consent')).toBe('fb-comments');
    granted.add('fb-comments');
    gate.apply();
    await vi.waitFor(() => expect(frame.getAttribute('src')).toBe(URL_));
    expect(frame.getAttribute('data-candor')).toBe('active');
    // Withdrawn, copied again, granted again: the same.
    granted.clear();
    gate.apply();
    const again = document.querySelectorAll('iframe')[
      document.querySelectorAll('iframe').length - 1
    ] as HTMLIFrameElement;
    await vi.waitFor(() => expect(again.getAttribute('data-candor')).toBe('held'));
    lazyCopy(again);
    expect(again.getAttribute('src')).toBeNull();
    granted.add('fb-comments');
    gate.apply();
    await vi.waitFor(() => expect(again.getAttribute('src')).toBe(URL_));
  });

  it('marked with its purpose: held through a lazy-loader copy, loaded by that purpose first service', async () => {
    const frame = await heldFrame('functional');
    lazyCopy(frame);
    expect(frame.getAttribute('src')).toBeNull();
    granted.add('fb-comments');
    gate.apply();
    await vi.waitFor(() => expect(frame.getAttribute('src')).toBe(URL_));
    expect(frame.getAttribute('data-consent')).toBe('functional');
  });

  it('another URL on the shared host given to it waits for every service on that host', async () => {
    const frame = await heldFrame('fb-comments');
    frame.src = 'https://www.facebook.com/tr?id=1'; // not its own data-src: the pixel
    expect(frame.getAttribute('src')).toBeNull();
    granted.add('fb-comments');
    gate.apply();
    await new Promise((r) => setTimeout(r, 0));
    expect(frame.getAttribute('src')).toBeNull();
    granted.add('meta-pixel');
    gate.apply();
    await vi.waitFor(() => expect(frame.getAttribute('src')).toBe('https://www.facebook.com/tr?id=1'));
  });
});
