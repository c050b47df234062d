import type { CellValue } from '../text.ts';

/** One row of a sheet (or of the file, for HTML and CSV), cells 0-based, merged cells empty. */
export interface SheetRow {
  /** 1-based sheet number; HTML and CSV have one. */
  sheet: number;
  sheetName?: string;
  /** 1-based row number as a spreadsheet program shows it. */
  row: number;
  cells: CellValue[];
}
