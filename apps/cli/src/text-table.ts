/** Left-aligned columns two spaces apart, for people; `--json` is for programs. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
