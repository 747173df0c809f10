/** The `candor` Trusted Types policy: it creates only the one value the gate is reviving at that moment. */
import { describe, expect, it } from 'vitest';
import { createScriptPolicy, type ScriptPolicy } from '../../src/gate/scripts';

/** A stand-in for `window.trustedTypes` that keeps the rules and wraps what they return. */
function fakeTrustedTypes() {
  const made: Record<string, ScriptPolicy> = {};
  return {
    made,
    trustedTypes: {
      createPolicy(name: string, rules: ScriptPolicy): ScriptPolicy {
        const policy = {
          createScript: (t: string) => `script:${rules.createScript(t)}`,
          createScriptURL: (u: string) => `url:${rules.createScriptURL(u)}`,
        };
        made[name] = policy;
        return policy;
      },
    },
  };
}

describe('the candor Trusted Types policy', () => {
  it('creates the value the gate asks for, through the page policy named candor', () => {
    const tt = fakeTrustedTypes();
    const policy = createScriptPolicy(tt);
    expect(policy.createScript('run()')).toBe('script:run()');
    expect(policy.createScriptURL('https://a.example/x.js')).toBe('url:https://a.example/x.js');
    expect(Object.keys(tt.made)).toEqual(['candor']);
  });

  it('refuses anything else to whoever holds the page policy itself, before, between and after the gate’s calls', () => {
    const tt = fakeTrustedTypes();
    const policy = createScriptPolicy(tt);
    const leaked = tt.made['candor']!;
    expect(() => leaked.createScript('evil()')).toThrow(TypeError);
    policy.createScript('run()');
    expect(() => leaked.createScript('run()')).toThrow(TypeError); // one shot: the same text again is refused
    expect(() => leaked.createScriptURL('https://evil.example/x.js')).toThrow(TypeError);
  });

  it('does not take a script text as a URL or the other way round', () => {
    const tt = fakeTrustedTypes();
    let crossed = '';
    const policy = createScriptPolicy({
      trustedTypes: {
        createPolicy: (name, rules) => {
          const p = tt.trustedTypes.createPolicy(name, rules);
          // A policy whose createScript asks the rules for a URL instead.
          return {
            createScript: (t) => ((crossed = rules.createScriptURL(t)), p.createScript(t)),
            createScriptURL: p.createScriptURL,
          };
        },
      },
    });
    expect(() => policy.createScript('https://evil.example/x.js')).toThrow(TypeError);
    expect(crossed).toBe('');
  });

  it('falls back to plain strings without Trusted Types, or when the policy cannot be created', () => {
    expect(createScriptPolicy({}).createScript('run()')).toBe('run()');
    const refusing = {
      createPolicy: (): ScriptPolicy => {
        throw new TypeError('refused by the CSP');
      },
    };
    expect(createScriptPolicy({ trustedTypes: refusing }).createScriptURL('/x.js')).toBe('/x.js');
  });
});
