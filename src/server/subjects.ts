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
 * not allow. A hook that throws (a session store down) allows nothing and is thrown on: the handler
 * answers 500 and tells `onError`. A 403 would make the SDK drop the records it refused (any 4xx
 * but 408 and 429), a 5xx keeps them in its outbox until the hook answers.
 */
export async function forbiddenSubjects(
  request: Request,
  subjects: readonly string[],
  check: { authorize: Authorize | null; isAnonymous: (subject: string) => boolean },
): Promise<string[]> {
  const out: string[] = [];
  for (const subject of new Set(subjects))
    if (!check.isAnonymous(subject) && (await check.authorize?.(request, subject)) !== true) out.push(subject);
  return out;
}
