/**
 * Splits a migration file into single statements: the database drivers run one statement per call. Semicolons
 * inside quotes, comments and dollar-quoted bodies (functions) do not end a statement.
 */
export function splitSqlStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i, i + 2);
    if (rest === '--') i = skipUntil(sql, i, '\n');
    else if (rest === '/*') i = skipUntil(sql, i + 2, '*/');
    else if (sql[i] === "'" || sql[i] === '"') i = skipUntil(sql, i + 1, sql[i]);
    else if (sql[i] === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      i = tag ? skipUntil(sql, i + tag.length, tag) : i + 1;
    } else if (sql[i] === ';') {
      statements.push(sql.slice(start, i));
      i += 1;
      start = i;
    } else i += 1;
  }
  statements.push(sql.slice(start));
  return statements.map((statement) => statement.trim()).filter((statement) => stripComments(statement) !== '');
}

function skipUntil(sql: string, from: number, terminator: string): number {
  const end = sql.indexOf(terminator, from);
  return end === -1 ? sql.length : end + terminator.length;
}

function stripComments(statement: string): string {
  return statement.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim();
}
