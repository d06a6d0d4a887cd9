// RFC 4180 CSV: quoted fields may hold the delimiter, doubled quotes and line breaks (the Ministry's ICD-10 export
// does). Spreadsheets set to Vietnamese locale save with ";" instead of ",", so the delimiter can be detected.

export interface CsvRow {
  cells: string[];
  /** 1-based line where the row starts in the file, for error messages a person can act on. */
  line: number;
}

export type CsvDelimiter = ',' | ';' | '\t';

/** The delimiter the header line uses most: ",", ";" or tab. */
export function detectDelimiter(text: string): CsvDelimiter {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = ([',', ';', '\t'] as const).map((delimiter) => [delimiter, header.split(delimiter).length] as const);
  return counts.reduce((best, candidate) => (candidate[1] > best[1] ? candidate : best))[0];
}

export function parseCsvRows(text: string, delimiter: CsvDelimiter = ','): CsvRow[] {
  const rows: CsvRow[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\n') line++;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') {
        i++;
        line++;
      }
      row.push(field);
      rows.push({ cells: row, line: rowLine });
      row = [];
      field = '';
      rowLine = line;
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push({ cells: row, line: rowLine });
  }
  return rows;
}

/** Rows as objects keyed by the header row; rows with a different number of cells are dropped. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsvRows(text.replace(/^\uFEFF/, '')).map((row) => row.cells);
  return rows
    .filter((cells) => cells.length === header.length)
    .map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
}
