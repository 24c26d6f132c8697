// Builds notice files of every supported format from a text, for tests and the benchmark: the
// files are generated, never checked in, so each spec shows exactly what it reads.
import { Document, Packer, Paragraph, TextRun } from 'docx';
import * as iconv from 'iconv-lite';
import JSZip from 'jszip';
import PDFDocument from 'pdfkit';

/** A CJK font for PDFs (pdfkit's built-in fonts have no Chinese glyphs). */
export const CHINESE_FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

const linesOf = (text: string): string[] => text.replace(/\r\n?/g, '\n').split('\n');

export async function docxOf(text: string): Promise<Buffer> {
  const document = new Document({
    sections: [{ children: linesOf(text).map((line) => new Paragraph({ children: [new TextRun(line)] })) }],
  });
  return Packer.toBuffer(document);
}

/** A PDF with a text layer; `pages` > 1 repeats the text on that many pages (benchmark input). */
export function pdfOf(text: string, pages = 1): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: 'A4', margin: 56, autoFirstPage: false });
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.registerFont('cjk', CHINESE_FONT);
    for (let page = 0; page < pages; page++) {
      pdf.addPage();
      pdf.font('cjk').fontSize(11);
      for (const line of linesOf(text)) pdf.text(line === '' ? ' ' : line, { lineGap: 2 });
    }
    pdf.end();
  });
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An OFD package (GB/T 33190 layout) with one TextObject per line, 20 lines per page. */
export async function ofdOf(text: string): Promise<Buffer> {
  const ns = 'xmlns:ofd="http://www.ofdspec.org/2016"';
  const zip = new JSZip();
  zip.file(
    'OFD.xml',
    `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD ${ns} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>cascade</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
  );
  const lines = linesOf(text).filter((l) => l.trim() !== '');
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += 20) pages.push(lines.slice(i, i + 20));
  let id = 1;
  pages.forEach((pageLines, p) => {
    const objects = pageLines
      .map(
        (line, i) =>
          `<ofd:TextObject ID="${++id}" Boundary="20 ${20 + i * 6} 170 6" Font="1" Size="4.2"><ofd:TextCode X="0" Y="4.5">${escapeXml(line)}</ofd:TextCode></ofd:TextObject>`,
      )
      // Objects out of order on purpose: the reader must place them by position.
      .reverse()
      .join('');
    zip.file(
      `Doc_0/Pages/Page_${p}/Content.xml`,
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ${ns}><ofd:Content><ofd:Layer ID="${++id}">${objects}</ofd:Layer></ofd:Content></ofd:Page>`,
    );
  });
  const pageList = pages.map((_, p) => `<ofd:Page ID="${++id}" BaseLoc="Pages/Page_${p}/Content.xml"/>`).join('');
  zip.file(
    'Doc_0/Document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><ofd:Document ${ns}><ofd:CommonData><ofd:MaxUnitID>${id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>${pageList}</ofd:Pages></ofd:Document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

export const gb18030Of = (text: string): Buffer => iconv.encode(text, 'gb18030');

/** Every supported format with a file name and its builder: [format, file name, build]. */
export const NOTICE_FILE_BUILDERS: readonly [string, string, (text: string) => Promise<Buffer>][] = [
  ['docx', '通知.docx', docxOf],
  ['pdf', '通知.pdf', (text) => pdfOf(text)],
  ['ofd', '通知.ofd', ofdOf],
  ['txt', '通知.txt', async (text) => gb18030Of(text)],
];
