import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { FilesRepository } from '@cascade/persistence';
import { FILE_STORE, type FileStore } from '@cascade/storage';

/** An upload never attached to a directive or a report is removed this long after it arrived. */
export const UNATTACHED_FILE_TTL_MS = 24 * 3600_000;
/** How often the worker looks for such uploads. */
export const FILE_SWEEP_INTERVAL_MS = 10 * 60_000;
/** Injection token of the sweep's clock (epoch ms); tests put a clock of their own here. */
export const RETENTION_CLOCK = Symbol('RETENTION_CLOCK');

const BATCH = 500;

export interface SweepOutcome {
  /** Metadata rows removed. */
  files: number;
  /** Store objects removed (content no other row refers to). */
  objects: number;
}

/**
 * Removes uploads left unattached for more than a day: the metadata row (which makes the file
 * invisible, and is kept if it got attached meanwhile) and, in the same transaction, the stored
 * content when no other row has the same bytes. Attached files are never removed, a withdrawn
 * directive's included (留痕).
 */
@Injectable()
export class FileRetentionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FileRetention');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly files: FilesRepository,
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(RETENTION_CLOCK) private readonly now: () => number,
  ) {}

  async sweep(): Promise<SweepOutcome> {
    const outcome: SweepOutcome = { files: 0, objects: 0 };
    const cutoff = this.now() - UNATTACHED_FILE_TTL_MS;
    for (;;) {
      const expired = await this.files.unattachedBefore(cutoff, BATCH);
      let removedInBatch = 0;
      for (const file of expired) {
        const removed = await this.files.deleteExpiredUpload(file, (sha256) => this.store.delete(sha256));
        if (!removed.file) continue;
        removedInBatch++;
        outcome.files++;
        if (removed.content) outcome.objects++;
      }
      // A full batch where nothing could be removed would come back the same: stop there.
      if (expired.length < BATCH || removedInBatch === 0) return outcome;
    }
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweepInBackground(), FILE_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One sweep unless one is under way; failures (the store down) are logged and retried at the next interval. */
  private sweepInBackground(): Promise<unknown> {
    this.running ??= this.sweep()
      .then((outcome) => {
        if (outcome.files > 0)
          this.logger.log(`removed ${outcome.files} unattached uploads (${outcome.objects} stored objects)`);
      })
      .catch((error: unknown) => this.logger.warn(`file retention sweep failed: ${String(error)}`))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
