/**
 * JSON that keeps the spelling of numbers.
 *
 * FHIR treats decimal precision as significant (75.0 is not 75), but JSON.parse turns every number into a double
 * and JSON.stringify writes the shortest spelling of it. parseJson still returns ordinary JS values, so validators
 * and the rest of the code see plain numbers; the lexeme of any number whose spelling would change is kept on the
 * side, keyed by its container and key, and stringifyJson writes it back for as long as the value is unchanged.
 */

/** Lexemes of numbers whose spelling differs from String(value), by container and then key (or array index). */
const rawNumbers = new WeakMap<object, Map<string | number, string>>();

const DEFAULT_MAX_DEPTH = 100;

export interface ParseJsonOptions {
  /** Deepest nesting of objects and arrays accepted; deeper input throws JsonDepthError. Defaults to 100. */
  maxDepth?: number;
}

/** Malformed JSON; the message says what was wrong and where (line and column are 1-based, position 0-based). */
export class JsonSyntaxError extends SyntaxError {
  readonly position: number;
  readonly line: number;
  readonly column: number;
  constructor(problem: string, text: string, position: number) {
    const { line, column } = lineAndColumn(text, position);
    super(`${problem} at line ${line}, column ${column} (position ${position})`);
    this.name = 'JsonSyntaxError';
    this.position = position;
    this.line = line;
    this.column = column;
  }
}

/** Well-formed so far, but nested deeper than allowed: callers may want to answer this one differently. */
export class JsonDepthError extends JsonSyntaxError {
  constructor(maxDepth: number, text: string, position: number) {
    super(`JSON nested deeper than ${maxDepth} levels`, text, position);
    this.name = 'JsonDepthError';
  }
}

/**
 * Parses like JSON.parse (same values, __proto__ kept as an own key) and remembers the lexemes stringifyJson needs.
 * Text with no number worth remembering goes to the native parser. A document that is a bare number has no
 * container to remember its lexeme by, so it comes back as the plain number.
 */
export function parseJson(text: string, options: ParseJsonOptions = {}): unknown {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (nativeParseIsLossless(text, maxDepth)) {
    try {
      return JSON.parse(text);
    } catch {
      // Malformed: the parser below finds the same fault and says where it is.
    }
  }
  return new LosslessParser(text, maxDepth).parseDocument();
}

/** Compact JSON like JSON.stringify, writing numbers with the lexeme they were parsed with while their value holds. */
export function stringifyJson(value: unknown): string {
  const text = writeValue(value, []);
  if (text === undefined) throw new TypeError(`Cannot write ${typeof value} as JSON`);
  return text;
}

/** Deep copy of JSON data; the copies keep the number lexemes of the originals. */
export function cloneJson<T>(value: T): T {
  return cloneValue(value) as T;
}

/**
 * Makes target[targetKey] keep the lexeme source[sourceKey] was parsed with (or forget its own, when the source has
 * none). For code that moves values between containers or shifts array items, such as JSON Patch; lexemes can only
 * be copied, never invented, so nothing but parsed text is ever written raw.
 */
export function copyRawNumber(source: object, sourceKey: string | number, target: object, targetKey: string | number): void {
  const lexeme = rawNumbers.get(source)?.get(sourceKey);
  if (lexeme !== undefined) rawNumbersOf(target).set(targetKey, lexeme);
  else rawNumbers.get(target)?.delete(targetKey);
}

function rawNumbersOf(container: object): Map<string | number, string> {
  let raw = rawNumbers.get(container);
  if (raw === undefined) {
    raw = new Map();
    rawNumbers.set(container, raw);
  }
  return raw;
}

function spellingChanges(lexeme: string): boolean {
  return String(Number(lexeme)) !== lexeme;
}

// ---- Parsing ----------------------------------------------------------------------------------------------------

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const isDigit = (code: number): boolean => code >= ZERO && code <= NINE;
const isNumberChar = (code: number): boolean =>
  isDigit(code) || code === DOT || code === MINUS || code === PLUS || code === LOWER_E || code === UPPER_E;
const isWhitespace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

/**
 * True when JSON.parse would lose nothing: no number outside strings changes spelling and nesting stays within
 * maxDepth. The scan does not validate; anything odd (like 01 or a bare -) counts as a changing spelling, so
 * malformed numbers go to the full parser too.
 */
function nativeParseIsLossless(text: string, maxDepth: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = closingQuote(text, i);
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > maxDepth) return false;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    } else if (code === MINUS || isDigit(code)) {
      let end = i + 1;
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
      if (spellingChanges(text.slice(i, end))) return false;
      i = end - 1;
    }
  }
  return true;
}

/** Index of the quote closing the string opened at `open`, or text.length if it never closes. */
function closingQuote(text: string, open: number): number {
  let quote = text.indexOf('"', open + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

/** A run of string characters that need no decoding; sticky, so it matches from lastIndex only. */
const PLAIN_STRING_CHARS = /[^"\\\u0000-\u001f]*/y;
const ESCAPED: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Recursive descent over RFC 8259 JSON; recursion is bounded by maxDepth. */
class LosslessParser {
  private readonly text: string;
  private readonly maxDepth: number;
  private pos = 0;
  private depth = 0;

  constructor(text: string, maxDepth: number) {
    this.text = text;
    this.maxDepth = maxDepth;
  }

  parseDocument(): unknown {
    this.skipWhitespace();
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.pos < this.text.length) this.unexpected();
    return value;
  }

  /** Parses the value starting at pos (no leading whitespace) and leaves pos right after it. */
  private parseValue(): unknown {
    switch (this.text.charCodeAt(this.pos)) {
      case OPEN_BRACE:
        return this.parseObject();
      case OPEN_BRACKET:
        return this.parseArray();
      case QUOTE:
        return this.parseString();
      case 0x74: // t
        return this.parseLiteral('true', true);
      case 0x66: // f
        return this.parseLiteral('false', false);
      case 0x6e: // n
        return this.parseLiteral('null', null);
      default:
        return this.parseNumber();
    }
  }

  private parseObject(): Record<string, unknown> {
    this.enterContainer();
    const object: Record<string, unknown> = {};
    this.skipWhitespace();
    if (!this.consume(CLOSE_BRACE)) {
      do {
        this.skipWhitespace();
        if (this.text.charCodeAt(this.pos) !== QUOTE) this.unexpected();
        const key = this.parseString();
        this.skipWhitespace();
        this.expect(COLON);
        this.skipWhitespace();
        setOwn(object, key, this.parseMember(object, key));
        this.skipWhitespace();
      } while (this.consume(COMMA));
      this.expect(CLOSE_BRACE);
    }
    this.depth--;
    return object;
  }

  private parseArray(): unknown[] {
    this.enterContainer();
    const array: unknown[] = [];
    this.skipWhitespace();
    if (!this.consume(CLOSE_BRACKET)) {
      do {
        this.skipWhitespace();
        array.push(this.parseMember(array, array.length));
        this.skipWhitespace();
      } while (this.consume(COMMA));
      this.expect(CLOSE_BRACKET);
    }
    this.depth--;
    return array;
  }

  private enterContainer(): void {
    if (++this.depth > this.maxDepth) throw new JsonDepthError(this.maxDepth, this.text, this.pos);
    this.pos++;
  }

  /** Parses container[key], remembering the lexeme of a number whose spelling String() would change. */
  private parseMember(container: object, key: string | number): unknown {
    const start = this.pos;
    const value = this.parseValue();
    if (typeof value === 'number') {
      const lexeme = this.text.slice(start, this.pos);
      if (spellingChanges(lexeme)) rawNumbersOf(container).set(key, lexeme);
      else rawNumbers.get(container)?.delete(key); // a duplicate key replaced an earlier decimal
    }
    return value;
  }

  private parseString(): string {
    const open = this.pos++;
    let result = '';
    let chunkStart = this.pos;
    for (;;) {
      PLAIN_STRING_CHARS.lastIndex = this.pos;
      PLAIN_STRING_CHARS.test(this.text);
      this.pos = PLAIN_STRING_CHARS.lastIndex;
      if (this.pos >= this.text.length) this.fail('Unterminated string', open);
      const code = this.text.charCodeAt(this.pos);
      if (code === QUOTE) break;
      if (code !== BACKSLASH) this.fail(`Bad control character ${codePoint(code)} in string`, this.pos);
      result += this.text.slice(chunkStart, this.pos) + this.parseEscape();
      chunkStart = this.pos;
    }
    result += this.text.slice(chunkStart, this.pos++);
    return result;
  }

  private parseEscape(): string {
    const backslash = this.pos++;
    const letter = this.text.charAt(this.pos++);
    if (letter === 'u') {
      const hex = this.text.slice(this.pos, this.pos + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Bad unicode escape', backslash);
      this.pos += 4;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const escaped = Object.hasOwn(ESCAPED, letter) ? ESCAPED[letter] : undefined;
    if (escaped === undefined) this.fail('Bad escape', backslash);
    return escaped;
  }

  private parseNumber(): number {
    const start = this.pos;
    this.consume(MINUS);
    if (!this.consume(ZERO)) this.digits();
    if (this.consume(DOT)) this.digits();
    if (this.consume(LOWER_E) || this.consume(UPPER_E)) {
      if (!this.consume(PLUS)) this.consume(MINUS);
      this.digits();
    }
    return Number(this.text.slice(start, this.pos));
  }

  /** One or more digits, as every part of a JSON number needs. */
  private digits(): void {
    if (!isDigit(this.text.charCodeAt(this.pos))) this.unexpected();
    do this.pos++;
    while (isDigit(this.text.charCodeAt(this.pos)));
  }

  private parseLiteral<T>(word: string, value: T): T {
    for (let i = 0; i < word.length; i++, this.pos++) {
      if (this.text.charCodeAt(this.pos) !== word.charCodeAt(i)) this.unexpected();
    }
    return value;
  }

  private skipWhitespace(): void {
    while (isWhitespace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  private consume(code: number): boolean {
    if (this.text.charCodeAt(this.pos) !== code) return false;
    this.pos++;
    return true;
  }

  private expect(code: number): void {
    if (!this.consume(code)) this.unexpected();
  }

  private unexpected(): never {
    if (this.pos >= this.text.length) this.fail('Unexpected end of input', this.text.length);
    const code = this.text.charCodeAt(this.pos);
    const shown = code > 0x20 && code < 0x7f ? this.text.charAt(this.pos) : codePoint(code);
    this.fail(`Unexpected token ${shown}`, this.pos);
  }

  private fail(problem: string, position: number): never {
    throw new JsonSyntaxError(problem, this.text, position);
  }
}

function codePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < position; newline = text.indexOf('\n', newline + 1)) {
    line++;
    lineStart = newline + 1;
  }
  return { line, column: position - lineStart + 1 };
}

/** Assigns an own property even for the key __proto__, as JSON.parse does, so input cannot swap a prototype. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

// ---- Writing and copying ----------------------------------------------------------------------------------------

/** JSON text for value, or undefined where JSON.stringify would omit it (undefined, functions, symbols). */
function writeValue(value: unknown, ancestors: object[]): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return writeContainer(value, ancestors);
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    default:
      return undefined;
  }
}

/** Characters JSON.stringify escapes: quote, backslash, control characters and (possibly lone) surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify's string quoting, skipping the native call for the common string that needs no escapes. */
function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : '"' + text + '"';
}

function writeContainer(container: object, ancestors: object[]): string {
  if (ancestors.includes(container)) throw new TypeError('Converting circular structure to JSON');
  ancestors.push(container);
  const text = Array.isArray(container) ? writeArray(container, ancestors) : writeObject(container as Record<string, unknown>, ancestors);
  ancestors.pop();
  return text;
}

function writeArray(array: unknown[], ancestors: object[]): string {
  const raw = rawNumbers.get(array);
  let out = '[';
  for (let i = 0; i < array.length; i++) {
    if (i > 0) out += ',';
    out += writeMember(array[i], raw, i, ancestors) ?? 'null';
  }
  return out + ']';
}

function writeObject(object: Record<string, unknown>, ancestors: object[]): string {
  const raw = rawNumbers.get(object);
  let out = '{';
  for (const key of Object.keys(object)) {
    const text = writeMember(object[key], raw, key, ancestors);
    if (text === undefined) continue;
    out += (out.length > 1 ? ',' : '') + quote(key) + ':' + text;
  }
  return out + '}';
}

function writeMember(
  value: unknown,
  raw: Map<string | number, string> | undefined,
  key: string | number,
  ancestors: object[],
): string | undefined {
  if (raw !== undefined && typeof value === 'number') {
    const lexeme = raw.get(key);
    // Object.is so that -0 parsed as "-0" and later set to 0 is written as 0.
    if (lexeme !== undefined && Object.is(value, Number(lexeme))) return lexeme;
  }
  return writeValue(value, ancestors);
}

function cloneValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const copy = Array.isArray(value) ? cloneArray(value) : cloneObject(value as Record<string, unknown>);
  const raw = rawNumbers.get(value);
  if (raw !== undefined) rawNumbers.set(copy, new Map(raw));
  return copy;
}

function cloneArray(array: unknown[]): unknown[] {
  const copy: unknown[] = [];
  for (let i = 0; i < array.length; i++) copy.push(cloneValue(array[i]));
  return copy;
}

function cloneObject(object: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object)) setOwn(copy, key, cloneValue(object[key]));
  return copy;
}
