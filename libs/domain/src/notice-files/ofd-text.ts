import JSZip from 'jszip';
import { NoticeFileError } from './notice-file-error';

// OFD (GB/T 33190) is a ZIP of XML: OFD.xml names each document's root (DocRoot), the document
// lists its pages (Page BaseLoc), and each page's Content.xml holds TextObject elements with a
// Boundary "x y w h" and TextCode runs. Reading the runs in page order, top to bottom and left to
// right, gives the text; no maintained OFD text reader exists on npm, hence this small one.

const MAX_PAGES = 500;

function unescapeXml(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Paths inside the package are relative to the referring file's folder, or absolute from the root. */
function resolvePath(base: string, location: string): string {
  const clean = location.trim().replace(/\\/g, '/');
  if (clean.startsWith('/')) return clean.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const part of clean.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

async function readXml(zip: JSZip, path: string): Promise<string | null> {
  const entry = zip.file(path) ?? zip.file(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i'))[0];
  return entry ? entry.async('string') : null;
}

interface Run {
  x: number;
  y: number;
  text: string;
}

const TEXT_OBJECT = /<(?:\w+:)?TextObject\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?TextObject>/g;
const TEXT_CODE = /<(?:\w+:)?TextCode\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?TextCode>/g;
const attribute = (attributes: string, name: string): string | null =>
  new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(attributes)?.[1] ?? null;

function runsOfPage(xml: string): Run[] {
  const runs: Run[] = [];
  for (const object of xml.matchAll(TEXT_OBJECT)) {
    const [bx, by] = (attribute(object[1], 'Boundary') ?? '0 0').split(/\s+/).map(Number);
    for (const code of object[2].matchAll(TEXT_CODE)) {
      const x = Number(attribute(code[1], 'X') ?? 0);
      const y = Number(attribute(code[1], 'Y') ?? 0);
      runs.push({ x: (bx || 0) + (x || 0), y: (by || 0) + (y || 0), text: unescapeXml(code[2]) });
    }
  }
  return runs;
}

/** Runs on (nearly) the same baseline form one line; lines go top to bottom. */
function linesOf(runs: Run[]): string[] {
  const sorted = [...runs].sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: Run[][] = [];
  for (const run of sorted) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line[0].y - run.y) < 1.5) line.push(run);
    else lines.push([run]);
  }
  return lines.map((line) =>
    line
      .sort((a, b) => a.x - b.x)
      .map((r) => r.text)
      .join(''),
  );
}

/** The text of an OFD file, page by page. */
export async function ofdText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const broken = () => new NoticeFileError('unreadable', 'OFD 文件已损坏或结构不完整，无法读取其中的文字');
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw broken();
  }
  const root = await readXml(zip, 'OFD.xml');
  if (!root) throw broken();
  const pages: string[] = [];
  for (const docRoot of root.matchAll(/<(?:\w+:)?DocRoot>([^<]+)<\/(?:\w+:)?DocRoot>/g)) {
    const documentPath = resolvePath('OFD.xml', unescapeXml(docRoot[1]));
    const document = await readXml(zip, documentPath);
    if (!document) throw broken();
    for (const page of document.matchAll(/<(?:\w+:)?Page\b[^>]*\bBaseLoc\s*=\s*"([^"]+)"/g)) {
      if (pages.length >= MAX_PAGES) break;
      const content = await readXml(zip, resolvePath(documentPath, unescapeXml(page[1])));
      if (content === null) throw broken();
      pages.push(linesOf(runsOfPage(content)).join('\n'));
    }
  }
  return { text: pages.join('\n'), pages: pages.length };
}
