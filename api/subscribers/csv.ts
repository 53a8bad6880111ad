// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends. Small enough to own, and
// the export must defuse spreadsheet formulas, which general libraries leave to the caller.

/** Parses CSV text into rows of cells; blank lines are dropped. Throws on an unclosed quote. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i += 1) {
    const char = input[i];
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (quoted) throw new Error('A quoted field is not closed.');
  row.push(cell);
  rows.push(row);
  return rows.filter((cells) => cells.some((value) => value.trim() !== ''));
}

/**
 * One CSV cell. A leading =, +, -, @, tab or CR would make a spreadsheet evaluate it as a
 * formula (CSV injection), so such a cell is prefixed with an apostrophe. A semicolon or tab is
 * quoted too: spreadsheets in locales whose list separator is `;` split an unquoted cell there,
 * and what follows it (`Outage;=HYPERLINK(…)`) would start a cell of its own, unprefixed.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
