/** What a gated embed's placeholder may grant: just the service that serves it, never a whole purpose. */
import { describe, expect, it } from 'vitest';
import { toSiteView } from '../../src/core/site-view';
import { offerOf } from '../../src/gate/embeds';

describe('what a placeholder offers', () => {
  const view = toSiteView({
    purposes: [{ id: 'necessary' }, { id: 'marketing' }, { id: 'analytics' }],
    services: [
      { id: 'youtube', purpose: 'marketing', name: 'YouTube', provider: 'Google', hosts: ['www.youtube-nocookie.com'] },
      { id: 'maps', purpose: 'marketing', name: 'Maps', hosts: ['maps.example'] },
      { id: 'stats', purpose: 'analytics', name: 'Stats', hosts: ['www.youtube-nocookie.com'] },
    ],
  });
  const embed = (attrs: Record<string, string>, localName = 'iframe') =>
    ({ localName, getAttribute: (n: string) => attrs[n] ?? null }) as unknown as Element;
  const offer = (condition: string, el = embed({ 'data-src': 'https://www.youtube-nocookie.com/embed/x' })) => {
    const o = offerOf(el, condition, view.services, 'https://shop.example/');
    return { service: o.service?.id ?? null, grant: o.grant };
  };

  it('a service id grants that service; a list of service ids grants those', () => {
    expect(offer('youtube')).toEqual({ service: 'youtube', grant: 'youtube' });
    expect(offer('youtube, maps')).toEqual({ service: null, grant: 'youtube,maps' });
  });

  it('a purpose id grants the one service of that purpose whose hosts serve the embed', () => {
    expect(offer('marketing')).toEqual({ service: 'youtube', grant: 'youtube' });
    expect(offer('analytics')).toEqual({ service: 'stats', grant: 'stats' }); // the service of that purpose, not the first with the host
    expect(offer('marketing', embed({ 'data-href': 'https://maps.example/tiles.css' }, 'link'))).toEqual({
      service: 'maps',
      grant: 'maps',
    });
  });

  it('grants nothing for a purpose no service of which serves the embed, a mix of ids, an unknown id or no URL', () => {
    expect(offer('marketing', embed({ 'data-src': 'https://widgets.example/w' }))).toEqual({
      service: null,
      grant: null,
    });
    expect(offer('necessary')).toEqual({ service: null, grant: null });
    expect(offer('youtube,marketing')).toEqual({ service: null, grant: null });
    expect(offer('unknown')).toEqual({ service: null, grant: null });
    expect(offer('marketing', embed({}))).toEqual({ service: null, grant: null });
  });
});
