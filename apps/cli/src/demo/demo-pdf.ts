import PDFDocument from 'pdfkit';

/** Noto Sans SC: pdfkit embeds only the glyphs a document uses, so a one-page notice stays small. */
const FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

/** Two full-width spaces: the first-line indent of Chinese official documents. */
const INDENT = '\u3000\u3000';

/** What a 公文 page shows: 发文单位, 文号, 标题, 正文 and the date line. */
export interface NoticeText {
  issuerName: string;
  docNumber: string;
  title: string;
  /** Paragraphs of the body. */
  paragraphs: string[];
  /** Signature and date lines at the end, e.g. ['临汾市民政局', '2024年11月8日']. */
  closing: string[];
}

/** A one-page (or longer) A4 PDF of the notice, with its Chinese text embedded and extractable. */
export function noticePdf(notice: NoticeText): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 80, right: 80 },
    info: { Title: `${notice.docNumber} ${notice.title}`, Author: notice.issuerName, Creator: 'Cascade 演示' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('song', FONT);
  doc.font('song');
  doc.fillColor('#c00000').fontSize(24).text(notice.issuerName, { align: 'center' });
  doc.moveDown(0.5).fillColor('black').fontSize(12).text(notice.docNumber, { align: 'center' });
  doc.moveDown(0.3).lineWidth(1.5).strokeColor('#c00000');
  doc
    .moveTo(doc.page.margins.left, doc.y)
    .lineTo(doc.page.width - doc.page.margins.right, doc.y)
    .stroke();
  doc.moveDown(1).fontSize(16).text(notice.title, { align: 'center' });
  doc.moveDown(1).fontSize(12);
  for (const paragraph of notice.paragraphs)
    doc.text(`${INDENT}${paragraph}`, { align: 'justify', lineGap: 6 }).moveDown(0.5);
  doc.moveDown(2);
  for (const line of notice.closing) doc.text(line, { align: 'right' });
  doc.end();
  return done;
}
