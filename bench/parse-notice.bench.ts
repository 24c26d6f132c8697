// Benchmark: parsing a 5,000-character notice (target: under 5 ms), importing a 20-page PDF notice
// (target: under 2 s), and the parser's accuracy on the sentence corpus. Run after `npm run build`:
//   node dist/bench/parse-notice.bench.js        (or: npm run bench:parse)
// The relative imports work from bench/ and from dist/bench/ alike, without path aliases.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseNotice } from '../libs/domain/src';
import { readNoticeFile } from '../libs/domain/src/notice-files';
import { pdfOf } from '../libs/domain/src/notice-files/notice-file-fixtures';
import { measureCorpus } from '../libs/domain/src/obligations/corpus/corpus-accuracy';
import { NOTICE_SENTENCE_CORPUS } from '../libs/domain/src/obligations/corpus/notice-sentence-corpus';

const FIXTURE = 'libs/domain/src/notice/fixtures/seed-linfen-89-shanxi-169.txt';
const TARGET_LENGTH = 5_000;
const WARMUP = 50;
const RUNS = 300;

function repositoryRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, FIXTURE))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find ${FIXTURE} above ${__dirname}`);
  }
}

/** The seed notice (≈2,900 characters) padded with typical requirement paragraphs to 5,000 characters. */
function fiveThousandCharacterNotice(): string {
  const seed = fs.readFileSync(path.join(repositoryRoot(), FIXTURE), 'utf8');
  const extra = [
    '四、工作要求\n各县（市、区）民政局要于11月15日前将实施方案报市民政局养老服务科，12月20日前报送工作总结；每月5日前报送上月进展情况，每季度末报送季度统计表。',
    '请在收到本通知后10个工作日内反馈意见。活动时间为11月1日至11月30日，即日起至12月31日开展专项检查，每年至少开展2次督导检查。',
    '联系人：王五，联系电话：0357-2345678，电子邮箱：lfmzj@163.com。',
  ].join('\n');
  let text = seed;
  while (text.length < TARGET_LENGTH) text += `\n${extra}`;
  return text.slice(0, TARGET_LENGTH);
}

function summary(times: number[]): { mean: number; p95: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    mean: sorted.reduce((sum, t) => sum + t, 0) / sorted.length,
    p95: sorted[Math.ceil(sorted.length * 0.95) - 1],
    max: sorted[sorted.length - 1],
  };
}

const PDF_PAGES = 20;
const PDF_RUNS = 5;

const REQUIREMENTS = [
  '各县（市、区）民政局要于11月15日前将实施方案报市民政局养老服务科，12月20日前报送工作总结；每月5日前报送上月进展情况，每季度末报送季度统计表。',
  '请在收到本通知后10个工作日内反馈意见。活动时间为11月1日至11月30日，即日起至12月31日开展专项检查，每年至少开展2次督导检查。',
  '各乡镇（街道）要建立工作台账，明确责任人和完成时限，对排查发现的问题逐项整改销号，确保各项任务落到实处。',
];

/** The seed notice followed by requirement paragraphs until its PDF (A4, 11 pt) has `pages` pages. */
async function pdfNotice(pages: number): Promise<{ pdf: Buffer; pages: number }> {
  const seed = fs.readFileSync(path.join(repositoryRoot(), FIXTURE), 'utf8');
  const city = seed.slice(0, seed.indexOf('\n山西省民政厅\n'));
  const build = async (paragraphs: number) => {
    const body = Array.from({ length: paragraphs }, (_, i) => REQUIREMENTS[i % REQUIREMENTS.length]).join('\n');
    const pdf = await pdfOf(`${city}\n${body}`);
    return { pdf, pages: (await readNoticeFile(pdf)).pages ?? 0 };
  };
  // About 20 such paragraphs fill a page; one correction lands on the page count.
  let paragraphs = pages * 20;
  let built = await build(paragraphs);
  for (let i = 0; i < 8 && built.pages !== pages; i++) {
    paragraphs = Math.max(
      1,
      Math.round((paragraphs * pages) / Math.max(1, built.pages)) + (built.pages < pages ? 4 : -4),
    );
    built = await build(paragraphs);
  }
  return built;
}

/** A 20-page PDF notice read and parsed end to end. */
async function pdfImport(): Promise<void> {
  const { pdf, pages } = await pdfNotice(PDF_PAGES);
  const once = async () => {
    const read = await readNoticeFile(pdf);
    return { read, parsed: parseNotice(read.text, { issuedOn: '2024-10-25' }) };
  };
  await once();
  const times: number[] = [];
  let last = await once();
  for (let i = 0; i < PDF_RUNS; i++) {
    const start = performance.now();
    last = await once();
    times.push(performance.now() - start);
  }
  const { mean, max } = summary(times);
  console.log(
    `pdf-import: ${pages} pages, ${(pdf.length / 1024).toFixed(0)} KiB, ${last.read.text.length} characters, ${last.parsed.obligations.length} obligations, ${PDF_RUNS} runs after 1 warm-up`,
  );
  console.log(`mean ${mean.toFixed(0)} ms   max ${max.toFixed(0)} ms   (target < 2,000 ms)`);
}

function corpusAccuracy(): void {
  const measured = measureCorpus(NOTICE_SENTENCE_CORPUS);
  const categories = Object.entries(measured.byCategory)
    .map(([category, { total, correct }]) => `${category} ${correct}/${total}`)
    .join(', ');
  console.log(
    `corpus: ${measured.correct}/${measured.total} sentences right (${(measured.accuracy * 100).toFixed(1)}%; goal ≥ 95%): ${categories}`,
  );
  for (const miss of measured.verdicts.filter((v) => !v.correct)) console.log(`  miss: ${miss.sentence.text}`);
}

async function main(): Promise<void> {
  const text = fiveThousandCharacterNotice();
  for (let i = 0; i < WARMUP; i++) parseNotice(text, { issuedOn: '2024-10-25' });
  const times: number[] = [];
  let obligations = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const parsed = parseNotice(text, { issuedOn: '2024-10-25' });
    obligations = parsed.obligations.length + parsed.upstreamObligations.length;
    times.push(performance.now() - start);
  }
  const { mean, p95, max } = summary(times);
  console.log(
    `parse-notice: ${text.length} characters, ${obligations} obligations (own and upstream), ${RUNS} runs after ${WARMUP} warm-up`,
  );
  console.log(`mean ${mean.toFixed(3)} ms   p95 ${p95.toFixed(3)} ms   max ${max.toFixed(3)} ms   (target < 5 ms)`);
  await pdfImport();
  corpusAccuracy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
