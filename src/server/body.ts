/**
 * Reading a request body without trusting it: at most `limit` bytes held (more: 413), JSON at
 * most MAX_DEPTH deep (`[[[[…`: a 400, not a stack overflow), no NUL (PostgreSQL refuses it: a
 * 500, retried for ever) nor unpaired surrogate (stored as U+FFFD) in any text.
 */

/** Nesting deeper than this is refused: a consent record needs about 4 levels. */
export const MAX_DEPTH = 32;

/** Why a body cannot be used; `reason` is what the client is told. */
export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; reason: string };

/** The body as text, or `null` when it is over `limit` bytes (the read stops there). */
async function readLimited(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** No NUL character and no unpaired surrogate in `text`. */
export const isStorableText = (text: string): boolean => !UNSTORABLE.test(text);

const UNSTORABLE_TEXT = 'a text in the body holds a NUL character or an unpaired surrogate';

/**
 * Why the parsed `value` cannot be taken, or null: it nests deeper than MAX_DEPTH, or a name or
 * text in it is not isStorableText. One walk, iterative (the depth itself is what is checked).
 */
function shapeProblem(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v === 'string' && !isStorableText(v)) return UNSTORABLE_TEXT;
    if (v === null || typeof v !== 'object') continue;
    if (depth > MAX_DEPTH) return `the body nests deeper than ${MAX_DEPTH} levels`;
    for (const [key, child] of Object.entries(v)) {
      if (!isStorableText(key)) return UNSTORABLE_TEXT;
      stack.push([child, depth + 1]);
    }
  }
  return null;
}

/**
 * The request's JSON body, checked for size, syntax, nesting and texts. With `emptyAs`, an empty
 * body stands for that value (a POST whose fields are all optional).
 */
export async function readJsonBody(
  request: Request,
  limit: number,
  options: { emptyAs?: unknown } = {},
): Promise<BodyResult> {
  let text: string | null;
  try {
    text = await readLimited(request, limit);
  } catch {
    return { ok: false, status: 400, reason: 'the body could not be read' };
  }
  if (text === null) return { ok: false, status: 413, reason: `the body is larger than ${limit} bytes` };
  if (text.trim() === '' && Object.hasOwn(options, 'emptyAs')) return { ok: true, value: options.emptyAs };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // The parser's message names the position only; it never echoes much of the input.
    const detail = e instanceof SyntaxError ? `: ${e.message.slice(0, 120)}` : '';
    return { ok: false, status: 400, reason: `the body is not valid JSON${detail}` };
  }
  const problem = shapeProblem(value);
  return problem ? { ok: false, status: 400, reason: problem } : { ok: true, value };
}
