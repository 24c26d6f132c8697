import { parseArgs } from 'node:util';
import { loadConfig } from '@cascade/config';
import { SHANXI_DEMO_UNITS, type UnitSeed } from '@cascade/domain/units';
import { loadNationalUnits } from '@cascade/domain/units/national.preset';
import { describeDatabase, openDatabase, TokensRepository } from '@cascade/persistence';
import { HttpDemoActions } from '../demo/demo-actions';
import { DemoPlayer } from '../demo/demo-player';
import { progressBar } from '../demo/progress-bar';
import { type CliCommand, UsageError } from './command';
import { importUnits } from './units-import.command';
import { readRunningSystem } from './start.command';

const USAGE = '用法：cascade demo [--preset shanxi-demo|national] [--speed N] [--api URL]';
const TITLE = '关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知（演示）';

/** Units that take part: the national preset stops at the counties (41,352 townships would be a benchmark, not a demo). */
function presetUnits(preset: string): { units: readonly UnitSeed[]; depth: number } {
  if (preset === 'shanxi-demo') return { units: SHANXI_DEMO_UNITS, depth: 3 };
  if (preset === 'national') return { units: loadNationalUnits(), depth: 3 };
  throw new UsageError(`--preset “${preset}” 无效，应为 shanxi-demo 或 national\n${USAGE}`);
}

function options(args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        preset: { type: 'string', default: 'shanxi-demo' },
        speed: { type: 'string', default: '1' },
        api: { type: 'string' },
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const speed = Number(parsed.values.speed);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 1000)
    throw new UsageError(`--speed “${parsed.values.speed}” 无效：应为 0 到 1000 之间的数\n${USAGE}`);
  const api = parsed.values.api?.replace(/\/+$/, '');
  if (api !== undefined && !/^https?:\/\/[^/]+/.test(api))
    throw new UsageError(`--api “${api}” 无效：应为 http://host:port\n${USAGE}`);
  return { preset: parsed.values.preset as string, speed, api };
}

export const demoCommand: CliCommand = {
  name: ['demo'],
  summary:
    'play a scripted cascade against the running system (progress on stderr): --preset shanxi-demo|national --speed N [--api URL]',
  async run(args) {
    const { preset, speed, api } = options(args);
    const { units, depth } = presetUnits(preset);
    const config = loadConfig();
    const running = readRunningSystem(config.dataDir);
    // Every step goes through the HTTP API, as a clerk in the dashboard would act.
    const base = api ?? running?.api;
    if (!base) {
      throw new UsageError(
        `找不到运行中的 Cascade：先 npm start（同一个 CASCADE_DATA_DIR=${config.dataDir}），或用 --api URL`,
      );
    }

    // The worker checks forwards against the unit registry: the preset's units must be there.
    const dataSource = await openDatabase(config.database);
    const issuedTokens: string[] = [];
    const tokens = new TokensRepository(dataSource);
    try {
      const imported = await importUnits(dataSource, { units, relations: [] });
      process.stderr.write(
        `${describeDatabase(config.database)}: ${preset} 单位 ${imported.total} 个（新增 ${imported.created}）\n`,
      );

      const cache = new Map<string, Promise<string>>();
      const expiresAt = Date.now() + 24 * 3600_000;
      const actions = new HttpDemoActions(base, (unitCode) => {
        if (!cache.has(unitCode)) {
          cache.set(
            unitCode,
            tokens
              .create({ unitCode, role: 'clerk', name: 'cascade demo', expiresAt })
              .then((issued) => (issuedTokens.push(issued.id), issued.token)),
          );
        }
        return cache.get(unitCode)!;
      });

      const bar = progressBar();
      const runId = Date.now().toString(36);
      const player = new DemoPlayer(actions, units, { speed, depth, runId, onProgress: (p) => bar.update(p) });
      process.stderr.write(
        `演示开始：${preset}，速度 ×${speed}，经由 HTTP API ${base}（Ctrl-C 可随时停止，已下发的公文继续运行）\n`,
      );
      const result = await player.play(units.find((u) => u.parentCode === null)!.code, TITLE);
      bar.done(result);

      console.log(
        `公文 ${result.rootDirectiveId}：${result.total} 个承办任务，签收 ${result.acknowledged}，报送 ${result.reported}（逾期报送 ${result.late}），未报送 ${result.silent}，错误 ${result.errors}`,
      );
      console.log(`  ${base}/api/directives/${result.rootDirectiveId}/tree`);
      for (const sample of result.errorSamples) console.log(`  错误：${sample}`);
      return result.errors > 0 ? 1 : 0;
    } finally {
      for (const id of issuedTokens) await tokens.revoke(id);
      await dataSource.destroy();
    }
  },
};
