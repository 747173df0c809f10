/**
 * A page of one browser profile in the unit tests: `createConsent` over the real browser storage,
 * with the profile's cookie jar, this origin's copy and IndexedDB (fake-indexeddb) given.
 */
import { configHashOf, configStamp } from '../../src/core/policy';
import { sha256 } from '../../src/core/sha256';
import { createConsent } from '../../src/instance/create-consent';
import { createBrowserStorage } from '../../src/store/browser';
import type { CookieJar } from '../../src/store/cookie';
import type { MirrorCopy } from '../../src/store/cookie-mirror';
import type { sample } from './fixtures';
import { configOf, NOW } from './fixtures';

/** What a profile keeps; `secure`: an https page. */
export interface Profile {
  readonly cookies: CookieJar;
  readonly copy: MirrorCopy;
  readonly idb: IDBFactory;
  readonly secure: boolean;
}

/** A page of `profile` under the config `input`, at `now`, without GPC. */
export function pageOf(input: typeof sample, profile: Profile, now = NOW) {
  const config = configOf(input);
  return createConsent(input, {
    now: () => now,
    gpc: false,
    storage: (ctx) =>
      createBrowserStorage(
        {
          config,
          configHash: configHashOf(config, 'opt-in', sha256),
          stamp: configStamp(input, null),
          cookies: profile.cookies,
          copy: profile.copy,
          indexedDB: () => profile.idb,
          now: () => now,
          secure: profile.secure,
        },
        ctx,
      ),
  });
}
