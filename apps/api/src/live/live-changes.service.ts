import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type ApiRole, EventsRepository, type RecordedChange } from '@cascade/persistence';
import { AccessPolicy } from '../auth/access-policy.service';
import { isWithin } from '../auth/access-rules';

/** How often the API looks for newly recorded events while someone listens. */
export const LIVE_POLL_MS = 1_000;
/**
 * How far back each look reaches: an event's recorded_at is taken when its transaction starts, so a slow
 * commit can show up after a younger one; ids already sent are skipped.
 */
const LOOKBACK_MS = 10_000;
/** Events read per look; a fuller window (a fan-out to thousands of units) tells everyone to refetch. */
const BATCH = 5_000;

/** Who listens: the unit, its path and the role of the person whose ticket opened the stream. */
export interface LiveViewer {
  unitCode: string;
  unitPath: string;
  role: ApiRole;
}

/** What changed, as far as one viewer may know: refetch these (or everything, when `all`). */
export interface LiveChange {
  directives: string[];
  assignments: string[];
  all?: boolean;
}

/**
 * Whether a viewer may be told of a change without looking further. Supervisors see their subtree; clerks and
 * leaders their own unit's assignments and those their unit issued (the 督办 of level 1 goes to the issuer);
 * admins everything. A change further down the viewer's subtree needs the assignment's chain (`mayLookDown`).
 */
export function mayBeTold(viewer: LiveViewer, change: RecordedChange): boolean {
  if (viewer.role === 'admin') return true;
  if (change.assignmentId === null || change.unitPath === null) return change.directiveIssuer === viewer.unitCode;
  if (viewer.role === 'supervisor') return isWithin(change.unitPath, viewer.unitPath);
  return change.unitCode === viewer.unitCode || change.issuerUnit === viewer.unitCode;
}

/**
 * Whether a change is an assignment below a clerk's or leader's unit that reached it through a forward of a
 * directive the viewer's unit issued or received (a province's clerk follows the counties of its city's forward).
 */
export function mayLookDown(viewer: LiveViewer, change: RecordedChange): boolean {
  return (
    (viewer.role === 'clerk' || viewer.role === 'leader') &&
    change.assignmentId !== null &&
    change.unitPath !== null &&
    change.unitCode !== viewer.unitCode &&
    isWithin(change.unitPath, viewer.unitPath)
  );
}

type Listener = { viewer: LiveViewer; send: (change: LiveChange) => void };

/**
 * Follows the 留痕 as the worker's projector writes it (in whatever process that runs) and fans each new
 * event out to the open streams allowed to know of it. One query a second serves every stream of this API
 * process, and only while at least one is open.
 */
@Injectable()
export class LiveChangesService implements OnModuleDestroy {
  private readonly logger = new Logger(LiveChangesService.name);
  private readonly listeners = new Set<Listener>();
  /** Ids sent in the lookback window, with their recorded_at. */
  private readonly sent = new Map<string, number>();
  private cursor: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly events: EventsRepository,
    private readonly access: AccessPolicy,
  ) {}

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
  }

  /** Calls `send` with the changes `viewer` may know of, until the returned function is called. */
  subscribe(viewer: LiveViewer, send: (change: LiveChange) => void): () => void {
    const listener = { viewer, send };
    this.listeners.add(listener);
    if (!this.timer) this.schedule(0);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    if (this.listeners.size === 0) {
      // Nobody listens: stop, and start afresh (from the newest event) with the next stream.
      this.timer = null;
      this.cursor = null;
      this.sent.clear();
      return;
    }
    try {
      await this.look();
    } catch (error) {
      this.logger.warn(`live updates: reading the event log failed: ${String(error)}`);
    }
    this.schedule(LIVE_POLL_MS);
  }

  /** Reads the events recorded since the last look and sends each listener its share. */
  async look(): Promise<void> {
    if (this.cursor === null) {
      // What was recorded before anyone listened is no news: remember it as sent.
      const last = await this.events.lastRecordedAt();
      for (const row of await this.events.recordedSince(last - LOOKBACK_MS, BATCH))
        this.sent.set(row.id, row.recordedAt);
      this.cursor = last;
      return;
    }
    const rows = await this.events.recordedSince(this.cursor - LOOKBACK_MS, BATCH);
    const fresh = rows.filter((row) => !this.sent.has(row.id));
    for (const row of fresh) this.sent.set(row.id, row.recordedAt);
    const newest = rows.reduce((max, row) => Math.max(max, row.recordedAt), this.cursor);
    if (rows.length >= BATCH) {
      // Too much at once to sort out: jump past it, and every page refetches what it shows.
      this.cursor = newest + 1;
      this.sent.clear();
      for (const listener of this.listeners) listener.send({ directives: [], assignments: [], all: true });
      return;
    }
    this.cursor = newest;
    for (const [id, at] of this.sent) if (at < this.cursor - 2 * LOOKBACK_MS) this.sent.delete(id);
    if (fresh.length === 0) return;
    // One chain lookup per unit, role and assignment in this look, however many streams share them.
    const lookedDown = new Map<string, Promise<boolean>>();
    const readableBelow = (viewer: LiveViewer, row: RecordedChange): Promise<boolean> => {
      const key = `${viewer.role}|${viewer.unitCode}|${row.assignmentId}`;
      let readable = lookedDown.get(key);
      if (!readable) {
        readable = this.access.mayReadAssignment(viewer, row.assignmentId as string);
        lookedDown.set(key, readable);
      }
      return readable;
    };
    for (const listener of this.listeners) {
      const mine: RecordedChange[] = [];
      for (const row of fresh) {
        if (mayBeTold(listener.viewer, row)) mine.push(row);
        else if (mayLookDown(listener.viewer, row) && (await readableBelow(listener.viewer, row))) mine.push(row);
      }
      if (mine.length === 0) continue;
      listener.send({
        directives: [...new Set(mine.map((row) => row.directiveId))],
        assignments: [...new Set(mine.flatMap((row) => (row.assignmentId ? [row.assignmentId] : [])))],
      });
    }
  }
}
