import { PassThrough, Readable } from 'node:stream';
import { stream as excelStream } from 'exceljs';
import { type TableRow } from './rollup-table';

/** Column widths in characters: level, unit (indented Chinese names), state, then the fields (dates like 2026年12月2日 fit). */
const WIDTHS = [8, 34, 10];
const FIELD_WIDTH = 16;

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The 汇总表 as CSV (UTF-8 with BOM, CRLF), streamed row by row. */
export function rollupCsv(rows: Iterable<TableRow>): Readable {
  return Readable.from(
    (function* () {
      yield '\uFEFF';
      for (const row of rows) yield `${row.cells.map(csvField).join(',')}\r\n`;
    })(),
  );
}

/** Rows written between two looks at the download's progress. */
const ROWS_PER_TURN = 500;
/** Bytes the download may hold unsent before writing waits for the client. */
const MAX_UNSENT = 1024 * 1024;

/**
 * Returns once the zip writer has had a turn and the client has taken most of what was sent: exceljs
 * passes committed rows on without waiting, so without this a slow client or a fast loop would hold
 * the whole sheet in memory.
 */
async function drained(output: PassThrough): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  while (output.readableLength + output.writableLength > MAX_UNSENT && !output.destroyed)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * The 汇总表 as an xlsx workbook written with exceljs' streaming writer: each row is committed as it is
 * made, so a township-scale table never sits in memory whole.
 */
export function rollupXlsx(rows: Iterable<TableRow>, columnCount: number): Readable {
  const output = new PassThrough();
  const workbook = new excelStream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Cascade';
  const sheet = workbook.addWorksheet('汇总表');
  sheet.columns = Array.from({ length: columnCount }, (_, i) => ({ width: WIDTHS[i] ?? FIELD_WIDTH }));
  void (async () => {
    try {
      let written = 0;
      for (const row of rows) {
        const added = sheet.addRow(row.cells);
        if (row.kind === 'heading' || row.kind === 'header' || row.kind === 'total' || row.kind === 'subtotal')
          added.font = { bold: row.kind !== 'heading' || row.cells[1] === null };
        added.commit();
        if (++written % ROWS_PER_TURN === 0) await drained(output);
        // The client went away: nobody reads the rest.
        if (output.destroyed) return;
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      output.destroy(error as Error);
    }
  })();
  return output;
}
