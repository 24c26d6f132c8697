// Profiling aid for S2/S5: the read-model projector alone (no Temporal), on the database the
// national benchmark uses. Projects `count` ASSIGNMENT_DELIVERED events with `concurrency`
// recordEvents calls in flight, as the worker does, and prints events per second.
//   node -r ./bin/register-dist-paths.js dist/bench/projector.bench.js [count] [concurrency]
// MySQL from BENCH_MYSQL_URL / TEST_MYSQL_URL, else SQLite.
import { performance } from 'node:perf_hooks';
import type { CascadeEvent } from '@cascade/contracts';
import { EventProjector, openDatabase } from '@cascade/persistence';
import { createBenchDatabase, prepareDatabase } from './support/cascade-stack';
import { cascadeScope, loadNational } from './support/national-units';
import { runPool } from './support/stats';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1000);
  const concurrency = Number(process.argv[3] ?? 20);
  const units = loadNational();
  const database = await createBenchDatabase(process.env.BENCH_MYSQL_URL ?? process.env.TEST_MYSQL_URL ?? null, 'proj');
  try {
    await prepareDatabase(database.config, units.all);
    const dataSource = await openDatabase(database.config, { migrate: false });
    const projector = new EventProjector(dataSource);
    const scope = cascadeScope(units, 'county')
      .filter((unit) => unit.level === 'county')
      .slice(0, count);
    const now = Date.now();
    const events: CascadeEvent[] = scope.map((unit) => {
      const assignmentId = `assignment:proj-${unit.parentCode}:${unit.code}`;
      return {
        id: `${assignmentId}#1`,
        seq: 1,
        type: 'ASSIGNMENT_DELIVERED',
        directiveId: `proj-${unit.parentCode}`,
        assignmentId,
        actor: null,
        occurredAt: now,
        snapshot: {
          assignmentId,
          directiveId: `proj-${unit.parentCode}`,
          rootDirectiveId: 'proj',
          unitCode: unit.code,
          unitName: unit.name,
          issuerUnit: unit.parentCode!,
          parentAssignmentId: null,
          status: 'DELIVERED',
          deliveredAt: now,
          deadline: now + 86_400_000,
          ackDueAt: now + 86_400_000,
          acknowledgedAt: null,
          reportedAt: null,
          acceptedAt: null,
          overdue: false,
          late: false,
          escalationLevel: 0,
          forwardedDirectiveId: null,
        },
      } as CascadeEvent;
    });
    const cpu = process.cpuUsage();
    const started = performance.now();
    await runPool(events, concurrency, async (event) => {
      await projector.project([event]);
    });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    console.log(
      `projector on ${database.label}: ${events.length} events, ${concurrency} in flight: ${(events.length / seconds).toFixed(1)} events/s, ` +
        `${((used.user + used.system) / 1000 / events.length).toFixed(2)} ms node CPU per event`,
    );
    await dataSource.destroy();
  } finally {
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
