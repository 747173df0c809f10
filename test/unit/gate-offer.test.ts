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
    return { services: o.services.map((s) => s.id), grant: o.grant };
  };

  it('a service id grants that service; a list of service ids grants those', () => {
    expect(offer('youtube')).toEqual({ services: ['youtube'], grant: 'youtube' });
    expect(offer('youtube, maps')).toEqual({ services: ['youtube', 'maps'], grant: 'youtube,maps' });
  });

  it('names each service it grants once, so that a repeated id is named from the config like a single one', () => {
    expect(offer('youtube,youtube')).toEqual({ services: ['youtube'], grant: 'youtube' });
    expect(offer('maps, youtube, maps')).toEqual({ services: ['maps', 'youtube'], grant: 'maps,youtube' });
  });

  it('a purpose id grants the one service of that purpose whose hosts serve the embed', () => {
    expect(offer('marketing')).toEqual({ services: ['youtube'], grant: 'youtube' });
    expect(offer('analytics')).toEqual({ services: ['stats'], grant: 'stats' }); // the service of that purpose, not the first with the host
    expect(offer('marketing', embed({ 'data-href': 'https://maps.example/tiles.css' }, 'link'))).toEqual({
      services: ['maps'],
      grant: 'maps',
    });
    // A <picture>'s source has only candidates: the first one's host decides.
    expect(
      offer(
        'marketing',
        embed({ 'data-srcset': ' https://maps.example/a.webp 1x, https://px.example/b.webp 2x' }, 'source'),
      ),
    ).toEqual({ services: ['maps'], grant: 'maps' });
  });

  it('grants nothing for a purpose no service of which serves the embed, a mix of ids, an unknown id or no URL', () => {
    expect(offer('marketing', embed({ 'data-src': 'https://widgets.example/w' }))).toEqual({
      services: [],
      grant: null,
    });
    expect(offer('necessary')).toEqual({ services: [], grant: null });
    expect(offer('youtube,marketing')).toEqual({ services: [], grant: null });
    expect(offer('unknown')).toEqual({ services: [], grant: null });
    expect(offer('marketing', embed({}))).toEqual({ services: [], grant: null });
  });
});
