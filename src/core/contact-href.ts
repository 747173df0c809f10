/**
 * The href of the policy's contact, for the panel's dashboard. Its own module, so that it travels
 * with the panel: the first layer (which checks the contact with url-rules.ts) never shows it.
 */
import { isEmail } from './url-rules';

/** The href for a contact: `mailto:` for an email address, else the (validated) link itself. */
export const contactHref = (contact: string): string => (isEmail(contact) ? `mailto:${contact}` : contact);
