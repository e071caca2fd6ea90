// Text from the account or the server, made safe to show. One list of the characters that can hide
// or reorder what a person reads: C0 and C1 controls, the Arabic letter mark and the bidi marks,
// embeddings, overrides and isolates (they make "gpj.exe" read as "exe.jpg"), and the line and
// paragraph separators.

export const UNSAFE_CHARACTERS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One line of text, safe to show: unsafe characters become U+FFFD, long text ends in an ellipsis. */
export function displayText(raw: string, max: number): string {
  const chars = Array.from(raw.replace(UNSAFE_CHARACTERS, '\uFFFD'));
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}
