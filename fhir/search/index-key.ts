// Index rows keep at most this many characters of a text key (a folded string, a token's system or code): a
// btree entry has a size limit, and no real name, code or identifier comes near it. Search values are cut the
// same way, so a longer value still matches itself.
export const MAX_KEY_LENGTH = 256;

export function indexKey(text: string): string {
  return text.length > MAX_KEY_LENGTH ? text.slice(0, MAX_KEY_LENGTH) : text;
}
