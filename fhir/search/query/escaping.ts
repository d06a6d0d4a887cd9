// FHIR search escaping: `\,` `\|` `\$` and `\\` stand for the character itself; unescaped ones separate
// alternatives (`,`), token/quantity parts (`|`) and composite components (`$`).

/** Splits on unescaped `separator`, leaving escapes in the parts (they are removed by `unescape`). */
export function splitUnescaped(text: string, separator: ',' | '|' | '$'): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[i + 1];
      i += 1;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

export function unescape(text: string): string {
  return text.replace(/\\([\\,|$])/g, '$1');
}
