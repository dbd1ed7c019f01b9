/**
 * Hostile .xlsx files for `homecoming import` (hunt3, bench/RESULTS.md), written into the current folder:
 *   npx tsx --conditions=source bench/hostile/xlsx.ts bigss 4000000      # 4M shared strings (~313 MiB unpacked)
 *   npx tsx --conditions=source bench/hostile/xlsx.ts emptyrows 1000000  # a name row, then a million empty rows
 *   npx tsx --conditions=source bench/hostile/xlsx.ts emptycells 1000000 # a million rows of empty cells
 *   npx tsx --conditions=source bench/hostile/xlsx.ts entity|entityss    # entity expansion in workbook.xml / sharedStrings.xml
 * then e.g. `HOMECOMING_DATA=/tmp/x /usr/bin/time -v node packages/server/bin/homecoming.js import bigss.xlsx`.
 */
import fs from 'node:fs';
import { mulberry32 } from '../../packages/server/src/seed/population.js';
import { zipOf } from '../../packages/server/src/test/zip.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006';
const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const TYPES =
  `${XML}<Types xmlns="${PKG}/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
  `<Default Extension="xml" ContentType="application/xml"/>` +
  `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
  `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
  `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
const ROOT_RELS = `${XML}<Relationships xmlns="${PKG}/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK_RELS =
  `${XML}<Relationships xmlns="${PKG}/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
/** Eight levels of ten: `&h;` expands to 10^9 letters. */
const BILLION_LAUGHS = (root: string): string =>
  `<!DOCTYPE ${root} [<!ENTITY a "aaaaaaaaaa">` +
  ['b', 'c', 'd', 'e', 'f', 'g', 'h']
    .map((x, i) => `<!ENTITY ${x} "${`&${'abcdefg'[i]};`.repeat(10)}">`)
    .join('') +
  ']>';

const workbook = (doctype = '', sheetName = ''): string =>
  `${XML}${doctype}<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="S${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const sst = (strings: string[], doctype = ''): string =>
  `${XML}${doctype}<sst xmlns="${NS}">${strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`;
const sheet = (rows: string[]): string =>
  `${XML}<worksheet xmlns="${NS}"><sheetData>${rows.join('')}</sheetData></worksheet>`;
const HEADER =
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>';
const NAME_ROW = '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c></row>';
const NAME_ROW_DATED =
  '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2"><v>33000</v></c></row>';
const HEADINGS = ['Прізвище', 'Імʼя', 'Дата народження'];
const SMALL = sst([...HEADINGS, 'Коваленко', 'Андрій']);

function write(file: string, parts: { workbook?: string; strings: string; sheet: string }): void {
  const text = (s: string) => Buffer.from(s);
  fs.writeFileSync(
    file,
    zipOf([
      { name: '[Content_Types].xml', data: text(TYPES) },
      { name: '_rels/.rels', data: text(ROOT_RELS) },
      { name: 'xl/workbook.xml', data: text(parts.workbook ?? workbook()) },
      { name: 'xl/_rels/workbook.xml.rels', data: text(WORKBOOK_RELS) },
      { name: 'xl/sharedStrings.xml', data: text(parts.strings) },
      { name: 'xl/worksheets/sheet1.xml', data: text(parts.sheet) },
    ]),
  );
  console.log(file);
}

const [kind, count] = process.argv.slice(2);
const n = Number(count ?? 1_000_000);
const following = (row: (i: number) => string): string[] => Array.from({ length: n }, (_, k) => row(k + 3));
switch (kind) {
  case 'bigss': {
    const rand = mulberry32(1);
    const strings = Array.from(
      { length: n },
      (_, i) => `Коваленко${String(i).padStart(8, '0')}${'abcdefgh'[Math.floor(rand() * 8)]?.repeat(40)}`,
    );
    write('bigss.xlsx', { strings: sst([...HEADINGS, ...strings]), sheet: sheet([HEADER, NAME_ROW]) });
    break;
  }
  case 'emptyrows':
    write('emptyrows.xlsx', {
      strings: SMALL,
      sheet: sheet([HEADER, NAME_ROW_DATED, ...following((i) => `<row r="${i}"/>`)]),
    });
    break;
  case 'emptycells':
    write('emptycells.xlsx', {
      strings: SMALL,
      sheet: sheet([
        HEADER,
        NAME_ROW_DATED,
        ...following((i) => `<row r="${i}"><c r="A${i}"/><c r="B${i}"/></row>`),
      ]),
    });
    break;
  case 'entity':
    write('entity.xlsx', {
      workbook: workbook(BILLION_LAUGHS('workbook'), '&h;'),
      strings: SMALL,
      sheet: sheet([HEADER, NAME_ROW]),
    });
    break;
  case 'entityss':
    write('entityss.xlsx', {
      strings: sst([...HEADINGS, '&h;', 'Андрій'], BILLION_LAUGHS('sst')),
      sheet: sheet([HEADER, NAME_ROW]),
    });
    break;
  default:
    throw new Error(`${kind ?? '(none)'}: one of bigss, emptyrows, emptycells, entity, entityss`);
}
