// Benchmark: parsing a 5,000-character notice (target: under 5 ms). Run after `npm run build`:
//   node dist/bench/parse-notice.bench.js        (or: npm run bench:parse)
// The relative import works from bench/ and from dist/bench/ alike, without path aliases.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseNotice } from '../libs/domain/src';

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

function main(): void {
  const text = fiveThousandCharacterNotice();
  for (let i = 0; i < WARMUP; i++) parseNotice(text, { issuedOn: '2024-10-25' });
  const times: number[] = [];
  let obligations = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    obligations = parseNotice(text, { issuedOn: '2024-10-25' }).obligations.length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
  const p95 = times[Math.ceil(times.length * 0.95) - 1];
  const max = times[times.length - 1];
  console.log(
    `parse-notice: ${text.length} characters, ${obligations} obligations, ${RUNS} runs after ${WARMUP} warm-up`,
  );
  console.log(`mean ${mean.toFixed(3)} ms   p95 ${p95.toFixed(3)} ms   max ${max.toFixed(3)} ms   (target < 5 ms)`);
}

main();
