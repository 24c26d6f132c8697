import { ZipArchive } from 'archiver';
import { buffer } from 'node:stream/consumers';

/** Small files of each kind the file service accepts, made from their real signatures. */
export const samples = {
  pdf: (text = '关于报送材料的通知'): Buffer =>
    Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Title (${text}) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'utf8'),
  png: (): Buffer =>
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
      Buffer.alloc(64, 7),
    ]),
  jpg: (): Buffer =>
    Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
      Buffer.from('JFIF\0', 'latin1'),
      Buffer.alloc(64, 3),
    ]),
  /** An OLE2 compound file header (Office 97–2003, WPS, ET — and .msi installers). */
  ole2: (): Buffer =>
    Buffer.concat([
      Buffer.from('d0cf11e0a1b11ae1', 'hex'),
      Buffer.alloc(16),
      Buffer.from([0x3e, 0x00, 0x03, 0x00, 0xfe, 0xff]),
      Buffer.alloc(512 - 30),
    ]),
  exe: (): Buffer => Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(128, 1)]),
  text: (text = '各县（市、区）民政局：请于11月20日前报送。\n'): Buffer => Buffer.from(text, 'utf8'),
  zip: (entries: Record<string, string>): Promise<Buffer> => {
    const archive = new ZipArchive({ zlib: { level: 1 } });
    const done = buffer(archive);
    for (const [name, content] of Object.entries(entries)) archive.append(content, { name });
    void archive.finalize();
    return done;
  },
  docx: (): Promise<Buffer> =>
    samples.zip({
      '[Content_Types].xml':
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      'word/document.xml': '<w:document/>',
    }),
  ofd: (): Promise<Buffer> =>
    samples.zip({
      'OFD.xml': '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>',
      'Doc_0/Document.xml': '<ofd:Document/>',
    }),
};
