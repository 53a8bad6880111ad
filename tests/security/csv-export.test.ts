// Exports opened in a spreadsheet (insights, subscribers): no cell typed by someone may become a
// formula, whatever list separator the reader's locale uses.
import { describe, expect, test } from 'vitest';
import { csvCell, parseCsv, toCsv } from '../../api/subscribers/csv.ts';

// How a spreadsheet whose list separator is `;` reads one line: quoted parts kept whole.
function splitOnSemicolons(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === ';' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

describe('csvCell', () => {
  test('a leading formula character is defused', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  test('a formula after a semicolon does not start a cell of its own in a ;-separated locale', () => {
    const line = toCsv([['inc_1', "Outage;=cmd|' /C calc'!A0", 'major']]).trimEnd();
    for (const cell of splitOnSemicolons(line)) expect(cell.trimStart()).not.toMatch(/^[=+\-@]/);
  });

  test('a formula after a tab is quoted as well', () => {
    expect(csvCell('API\t=1+1')).toBe('"API\t=1+1"');
  });

  test('what is quoted reads back the same', () => {
    const rows = [['a;b', 'c\td', 'plain']];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });
});
