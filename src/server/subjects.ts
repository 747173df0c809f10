/**
 * Who may write and read a subject's records. The client's own subjects are random v4 UUIDs
 * until the site calls `identify(id)`: unguessable, so knowing one proves owning it. Any other is a
 * user's id, which anyone could type: accepted only when the site's `authorize(request, subject)`
 * says so; without that hook, refused (fail closed).
 */

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Whether `subject` has the form of the client's anonymous subjects (a lowercase random v4 UUID). */
export const isAnonymousSubject = (subject: string): boolean => UUID_V4.test(subject);

/** The site's check that a request belongs to the user `subject` (true: it does). */
export type Authorize = (request: Request, subject: string) => boolean | Promise<boolean>;

/**
 * The subjects among `subjects` this request may not write or read: identified ones the hook does
 * not allow (a hook that throws allows nothing; the error goes to `onError`).
 */
export async function forbiddenSubjects(
  request: Request,
  subjects: readonly string[],
  check: { authorize: Authorize | null; isAnonymous: (subject: string) => boolean; onError: (e: unknown) => void },
): Promise<string[]> {
  const out: string[] = [];
  for (const subject of new Set(subjects)) {
    if (check.isAnonymous(subject)) continue;
    let allowed = false;
    try {
      allowed = check.authorize ? (await check.authorize(request, subject)) === true : false;
    } catch (e) {
      check.onError(e);
    }
    if (!allowed) out.push(subject);
  }
  return out;
}
