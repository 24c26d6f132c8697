import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ZipArchive } from 'archiver';
import {
  type AssignmentEntity,
  AssignmentsRepository,
  type DirectiveEntity,
  ReportsRepository,
} from '@cascade/persistence';
import { FILE_STORE, type FileStore } from '@cascade/storage';
import { AccessPolicy } from '../auth/access-policy.service';
import type { Caller } from '../auth/caller';
import { UnitRegistry } from '../units/unit-registry.service';
import { inView, summaryWorkbook } from './exports.service';
import { type ArchiveEntry, archiveEntries, safeName, type UnitReports } from './reports-archive';
import { summaryRows } from './summary-table';

export type ArchiveScope = 'level' | 'subtree';

/** PDFs, images and ZIP-based formats (DOCX, XLSX, OFD) gain nothing from deflate: stored as they are, at disk speed. */
const COMPRESSED = /^(application\/(pdf|zip|ofd|vnd\.openxmlformats-officedocument\..+)|image\/(jpeg|png))$/;
const isCompressed = (mediaType: string) => COMPRESSED.test(mediaType);

/** What the ZIP will hold, known before its first byte is sent (so a refusal is still a clean 4xx). */
export interface ReportsArchive {
  filename: string;
  summary: Buffer;
  entries: ArchiveEntry[];
}

/**
 * 报送材料 of a directive as one ZIP: the 汇总表 and one folder per reporting unit, of the
 * directive's own recipients (`level`) or of every unit below it through the forwards (`subtree`).
 * The ZIP is streamed: one stored file is read at a time, at the pace the client takes it.
 */
@Injectable()
export class ReportsArchiveService {
  constructor(
    private readonly access: AccessPolicy,
    private readonly assignments: AssignmentsRepository,
    private readonly reports: ReportsRepository,
    private readonly units: UnitRegistry,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  /** The units of the directive in scope the caller may see, each with its report versions and their files. */
  async unitReports(
    caller: Caller,
    directiveId: string,
    scope: ArchiveScope,
    unit?: string,
  ): Promise<{ directive: DirectiveEntity; rows: AssignmentEntity[]; units: UnitReports[] }> {
    const { directive, view } = await this.access.readableDirective(caller, directiveId);
    let rows = (
      scope === 'level' ? await this.assignments.byDirective(directive.id) : await this.subtree(directive)
    ).filter(inView(view));
    if (unit !== undefined) {
      rows = rows.filter((row) => row.unitCode === unit);
      if (rows.length === 0) throw new NotFoundException(`单位 ${unit} 不在该公文的报送范围内`);
    }
    const versions = await this.reports.byAssignments(rows.map((row) => row.id));
    const files = await this.reports.filesOf(versions.map((version) => version.id));
    const byAssignment = new Map<string, UnitReports['versions']>();
    for (const version of versions) {
      byAssignment.set(version.assignmentId, [
        ...(byAssignment.get(version.assignmentId) ?? []),
        {
          id: version.id,
          version: version.version,
          status: version.status,
          zeroReport: version.zeroReport,
          content: version.content,
          submittedAt: version.submittedAt,
          returnReason: version.returnReason,
          files: files.get(version.id) ?? [],
        },
      ]);
    }
    const units = rows.map((row) => ({
      assignmentId: row.id,
      unitCode: row.unitCode,
      unitName: row.unitName,
      versions: byAssignment.get(row.id) ?? [],
    }));
    return { directive, rows, units };
  }

  async prepare(caller: Caller, directiveId: string, scope: ArchiveScope, unit?: string): Promise<ReportsArchive> {
    const { directive, rows, units } = await this.unitReports(caller, directiveId, scope, unit);
    const summary = summaryRows(rows.map((row, n) => ({ ...row, report: units[n].versions.at(-1) ?? null })));
    return {
      filename: `${safeName(directive.docNumber, directive.id)}-报送材料.zip`,
      summary: await summaryWorkbook(summary),
      entries: archiveEntries(units),
    };
  }

  /** Asks the store for the first file before anything is sent: a store that is down is then a clean error, not a cut ZIP. */
  async preflight(archive: ReportsArchive): Promise<void> {
    const first = archive.entries.find((entry) => 'file' in entry);
    if (first && 'file' in first) await this.store.stat(first.file.sha256);
  }

  /** Writes the ZIP to `output`, reading one stored file at a time; resolves when it is complete. */
  async write(archive: ReportsArchive, output: Writable): Promise<void> {
    const zip = new ZipArchive({ zlib: { level: 1 } });
    const failed = new Promise<never>((_resolve, reject) => zip.once('error', reject));
    failed.catch(() => undefined);
    zip.pipe(output);
    const added = async (add: () => void) => {
      const entry = once(zip, 'entry');
      add();
      await Promise.race([entry, failed]);
    };
    await added(() => zip.append(archive.summary, { name: '汇总表.xlsx' }));
    for (const entry of archive.entries) {
      if ('text' in entry) await added(() => zip.append(entry.text, { name: entry.name }));
      else {
        const content = await this.store.get(entry.file.sha256);
        await added(() => zip.append(content, { name: entry.name, store: isCompressed(entry.file.mediaType) }));
      }
    }
    const done = once(output, 'finish');
    await zip.finalize();
    await Promise.race([done, failed]);
  }

  /** Every assignment under the directive, through its recipients' forwards at every depth. */
  private async subtree(directive: DirectiveEntity): Promise<AssignmentEntity[]> {
    const issuerPath = directive.parentAssignmentId ? (await this.units.find(directive.issuerUnit))?.path : undefined;
    const all = await this.assignments.treeRows(directive.rootDirectiveId, issuerPath);
    const below = new Map<string, AssignmentEntity[]>();
    for (const row of all) {
      if (row.parentAssignmentId)
        below.set(row.parentAssignmentId, [...(below.get(row.parentAssignmentId) ?? []), row]);
    }
    const result: AssignmentEntity[] = [];
    const queue = all.filter((row) => row.directiveId === directive.id);
    while (queue.length) {
      const row = queue.shift()!;
      result.push(row);
      queue.push(...(below.get(row.id) ?? []));
    }
    return result;
  }
}
