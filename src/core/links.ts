/**
 * The URL rules of `url-rules.ts` with their reasons in words (`config-messages.ts`), for callers
 * that show or test the text. The config check itself uses the rules, which carry no text.
 */
import { explain } from './config-messages';
import { contactProblem, endpointProblem, linkProblem } from './url-rules';

export { contactHref } from './contact-href';

/** Why `url` may not be a link from the config, in words, or null when it may. */
export const linkIssue = (url: string): string | null => explain(linkProblem(url));

/** Why `contact` is neither an email address nor an allowed link, in words, or null. */
export const contactIssue = (contact: string): string | null => explain(contactProblem(contact));

/** Why `url` may not be the sync endpoint, in words, or null. */
export const endpointIssue = (url: string): string | null => explain(endpointProblem(url));
