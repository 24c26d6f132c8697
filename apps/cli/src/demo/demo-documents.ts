import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { FileRef } from '@cascade/contracts';
import { projectRoot } from '@cascade/config';
import { FilesRepository, fileRefOf } from '@cascade/persistence';
import type { FileStore } from '@cascade/storage';
import { type NoticeText, noticePdf } from './demo-pdf';

/** The seed documents' text as scanned: the city's notice, then the province's as its 附件. */
const SEED_TEXT = 'libs/domain/src/notice/fixtures/seed-linfen-89-shanxi-169.txt';
/** Lines the scanning app put into the text. */
const SCAN_NOISE = /^(CS 扫描全能王|3亿人都在用的扫描App)$/;

/** Where the demo's files go: the API's file store and its metadata, as if the unit had uploaded them. */
export interface DemoFiles {
  put(unitCode: string, name: string, content: Buffer): Promise<FileRef>;
}

export class StoredDemoFiles implements DemoFiles {
  constructor(
    private readonly store: FileStore,
    private readonly files: FilesRepository,
  ) {}

  async put(unitCode: string, name: string, content: Buffer): Promise<FileRef> {
    await this.store.ready();
    const stored = await this.store.put(Readable.from([content]));
    const row = await this.files.create({
      sha256: stored.sha256,
      name,
      size: stored.size,
      mediaType: 'application/pdf',
      uploaderUnit: unitCode,
      uploadedBy: '演示数据',
      uploadedAt: Date.now(),
    });
    return fileRefOf(row);
  }
}

/** One scanned notice: its lines after the title, with lines the page break cut joined again. */
function paragraphsOf(lines: string[]): string[] {
  const paragraphs: string[] = [];
  for (const line of lines) {
    const previous = paragraphs.at(-1);
    if (previous && previous.length > 40 && !/[。：；！？）]$/.test(previous))
      paragraphs[paragraphs.length - 1] += line;
    else paragraphs.push(line);
  }
  return paragraphs;
}

function noticeFrom(block: string[], issuerName: string, closing: string[]): NoticeText {
  // issuer, 文号, title, then the body.
  const [, docNumber, title, ...body] = block;
  return { issuerName, docNumber, title: title.replace(/\s+/g, ''), paragraphs: paragraphsOf(body), closing };
}

/** The texts of the seed chain's notices: 89号 and 169号 from the scanned seed, 56号 in brief. */
export function seedNotices(root = projectRoot()): Record<'ministry' | 'province' | 'city', NoticeText> {
  const lines = fs
    .readFileSync(path.join(root, SEED_TEXT), 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !SCAN_NOISE.test(line));
  const split = lines.indexOf('山西省民政厅');
  return {
    city: noticeFrom(lines.slice(0, split), '临汾市民政局', ['临汾市民政局', '临汾市老龄工作委员会办公室']),
    province: noticeFrom(lines.slice(split), '山西省民政厅', ['山西省民政厅', '山西省老龄工作委员会办公室']),
    ministry: {
      issuerName: '民政部',
      docNumber: '民函〔2024〕56号',
      title: '民政部 全国老龄办关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知',
      paragraphs: [
        '各省、自治区、直辖市民政厅（局）、老龄办，新疆生产建设兵团民政局、老龄办：',
        '为深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神，进一步指导推动各地开展好新时代“银龄行动”，请各地结合实际抓好贯彻落实，并将学习贯彻情况以电子版形式报全国老龄办。',
        '（演示用摘要：原文未收录于本系统的参考材料。）',
      ],
      closing: ['民政部', '全国老龄工作委员会办公室'],
    },
  };
}

/** The 正文 PDFs of the seed chain, stored as uploads of their issuing units. */
export async function storeSeedNotices(
  files: DemoFiles,
  units: Record<'ministry' | 'province' | 'city', string>,
): Promise<Record<'ministry' | 'province' | 'city', FileRef>> {
  const notices = seedNotices();
  const put = async (key: 'ministry' | 'province' | 'city') =>
    files.put(units[key], `${notices[key].docNumber}.pdf`, await noticePdf(notices[key]));
  return { ministry: await put('ministry'), province: await put('province'), city: await put('city') };
}

/** A county's 报送材料: a one-page 情况报告. */
export async function storeReportFile(
  files: DemoFiles,
  unitCode: string,
  unitName: string,
  content: string,
): Promise<FileRef> {
  const pdf = await noticePdf({
    issuerName: unitName,
    docNumber: '',
    title: `${unitName}关于学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的情况报告`,
    paragraphs: [content],
    closing: [unitName],
  });
  return files.put(unitCode, `${unitName}情况报告.pdf`, pdf);
}
