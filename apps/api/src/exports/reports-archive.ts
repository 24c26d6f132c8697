import type { FileRef } from '@cascade/contracts';

/** One entry of the ZIP of a directive's reports: a stored file, or a small text made here. */
export type ArchiveEntry = { name: string; file: FileRef } | { name: string; text: string };

/** A unit's report versions as the ZIP shows them. */
export interface UnitReports {
  assignmentId: string;
  unitCode: string;
  unitName: string;
  versions: Array<{
    id: string;
    version: number;
    status: 'SUBMITTED' | 'ACCEPTED' | 'RETURNED';
    content: string;
    zeroReport: boolean;
    submittedAt: number;
    returnReason: string | null;
    files: FileRef[];
  }>;
}

/** Characters no file system or ZIP tool takes in a name, and path separators. */
const UNSAFE_NAME = /[\\/:*?"<>|]+/g;

const isControl = (char: string) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f;

export function safeName(name: string, fallback: string): string {
  const cleaned = [...name]
    .map((char) => (isControl(char) ? '_' : char))
    .join('')
    .replace(UNSAFE_NAME, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 120);
  return cleaned || fallback;
}

/** `name` made distinct from the names already taken, as `报告 (2).pdf`. */
function distinct(name: string, taken: Set<string>): string {
  let candidate = name;
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = `${stem} (${n})${extension}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * The ZIP's layout: one folder per unit named 单位名称 (its code added when two units share a name)
 * holding the newest version's files and its 报送内容.txt; each earlier (returned) version in a
 * sub-folder 第N版（已退回）.
 */
export function archiveEntries(units: readonly UnitReports[]): ArchiveEntry[] {
  const folders = new Set<string>();
  const entries: ArchiveEntry[] = [];
  for (const unit of units) {
    if (unit.versions.length === 0) continue;
    const folder = distinct(safeName(unit.unitName, unit.unitCode), folders);
    const newest = unit.versions[unit.versions.length - 1].version;
    for (const version of unit.versions) {
      const label = version.status === 'RETURNED' ? '已退回' : '已报送';
      const dir = version.version === newest ? folder : `${folder}/第${version.version}版（${label}）`;
      const taken = new Set<string>();
      if (version.content.trim())
        entries.push({ name: `${dir}/${distinct('报送内容.txt', taken)}`, text: version.content });
      for (const file of version.files)
        entries.push({ name: `${dir}/${distinct(safeName(file.name, file.fileId), taken)}`, file });
    }
  }
  return entries;
}
