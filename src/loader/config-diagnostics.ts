/**
 * What the script tag's engine tells the site owner about the config, in every build (npm users
 * see the warnings in development builds: instance/warn.ts): its warnings (unknown keys, with
 * "did you mean"), and a valid config whose privacy dashboard has nowhere to send a data request
 * (neither `policy.contact` nor `sync.endpoint`: Dashboard.tsx). Shipped in the engine chunk, which
 * checks the config anyway; the words of the second load only when it applies (diagnostics chunk).
 */
import type { Diagnostic } from '../core/diagnostics';
import type { ConfigFindings } from '../instance/create-consent';

/** Says the config check's findings on the console, once each per page. */
export const tellConfig: ConfigFindings = (warnings, config) => {
  const found = warnings.map((w): Diagnostic => ({ code: 'config', path: w.path, message: w.message }));
  if (config && !config.sync && !config.policy.contact) found.push({ code: 'noRequests' });
  if (found.length) void import('../chunks/diagnostics').then((m) => m.tell(...found)).catch(() => {});
};
