// Accent-insensitive form of Vietnamese text, used for search keys: "Đặng  Thị Ánh" → "dang thi anh".
//
// Folding runs on every indexed name and every keystroke of a search box, so it avoids String.normalize
// and regular expressions on the hot path: each UTF-16 code unit is looked up in a table built once.

const COMBINING_MARKS_START = 0x0300;
const COMBINING_MARKS_END = 0x036f;
// Latin-1 Supplement through Latin Extended Additional covers every precomposed Vietnamese letter.
const TABLE_END = 0x1eff;
const D_LETTERS = 'đĐðÐ';

const foldedChar: string[] = buildFoldTable();

function buildFoldTable(): string[] {
  const table = new Array<string>(TABLE_END + 1);
  for (let code = 0; code <= TABLE_END; code++) {
    if (code >= COMBINING_MARKS_START && code <= COMBINING_MARKS_END) {
      table[code] = '';
      continue;
    }
    const char = String.fromCharCode(code);
    // đ/Đ are letters of their own, not d + mark, so NFD leaves them alone. Text converted from old
    // Vietnamese encodings often carries the look-alike Icelandic Ð/ð instead; fold those too.
    table[code] = D_LETTERS.includes(char) ? 'd' : char.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  return table;
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a);
}

/** Lower-cases, strips Vietnamese diacritics (đ → d), collapses runs of whitespace to one space and trims. */
export function foldVietnamese(s: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (isWhitespace(code)) {
      pendingSpace = out.length > 0;
      continue;
    }
    const folded = code <= TABLE_END ? foldedChar[code] : s[i].toLowerCase();
    if (folded === '') continue;
    if (pendingSpace) {
      out += ' ';
      pendingSpace = false;
    }
    out += folded;
  }
  return out;
}
