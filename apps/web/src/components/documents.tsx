import { useEffect, useState } from 'react';
import { type ChainLink, downloadFile, fetchFile, type FileRef, type UnitReports } from '../api';
import { formatDateTime } from '../format';
import { OBLIGATION_KINDS, obligationText, resolvedDue } from '../obligations';
import { Link } from '../router';
import { ErrorNote } from './bits';

const KB = 1024;
function formatSize(bytes: number): string {
  if (bytes < KB) return `${bytes} B`;
  if (bytes < KB * KB) return `${(bytes / KB).toFixed(0)} KB`;
  return `${(bytes / KB / KB).toFixed(1)} MB`;
}

/** The 正文 shown in the page: fetched with the bearer token (an iframe cannot send it) and shown from a blob URL. */
export function BodyFileViewer({ file }: { file: FileRef }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let cancelled = false;
    setUrl(null);
    setError(null);
    fetchFile(file.href, true)
      .then((blob) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [file.href]);
  return (
    <div className="body-file">
      {url && file.mediaType === 'application/pdf' ? (
        <iframe title={`正文：${file.name}`} src={url} className="pdf-frame" data-testid="body-pdf" />
      ) : (
        url && <p>此格式不能在页面中显示，请下载查看。</p>
      )}
      {!url && !error && <p role="status">正在加载正文…</p>}
      <ErrorNote error={error} />
      <FileLinks files={[file]} />
    </div>
  );
}

/** Files with their size, each downloaded with the bearer token. */
export function FileLinks({ files, label }: { files: FileRef[]; label?: string }) {
  const [error, setError] = useState<string | null>(null);
  if (files.length === 0) return null;
  return (
    <>
      <ul className="file-list" aria-label={label}>
        {files.map((file) => (
          <li key={file.fileId}>
            <button
              type="button"
              className="link"
              onClick={() => {
                setError(null);
                downloadFile(file).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
              }}
            >
              {file.name}
            </button>{' '}
            <span className="muted small">{formatSize(file.size)}</span>
          </li>
        ))}
      </ul>
      <ErrorNote error={error} />
    </>
  );
}

/** 上级来文: the directives this one forwards, from the top down, each a link to its page. */
export function ChainLinks({ chain }: { chain: ChainLink[] }) {
  if (chain.length === 0) return null;
  return (
    <ol className="chain" aria-label="上级来文">
      {chain.map((link) => (
        <li key={link.directiveId}>
          <Link to={`/directives/${encodeURIComponent(link.directiveId)}`}>
            {link.docNumber} {link.title}
          </Link>{' '}
          <span className="muted small">{link.issuerName}</span>
        </li>
      ))}
    </ol>
  );
}

const VERSION_STATUS: Record<string, string> = { SUBMITTED: '已报送', ACCEPTED: '已办结', RETURNED: '已退回' };

/** Each unit's report versions with their text and files (a returned version keeps its own). */
export function UnitReportsList({ units }: { units: UnitReports[] }) {
  const reported = units.filter((unit) => unit.versions.length > 0);
  if (reported.length === 0) return <p className="muted">尚无单位报送。</p>;
  return (
    <ul className="unit-reports">
      {reported.map((unit) => (
        <li key={unit.assignmentId} data-testid={`reports-${unit.unitCode}`}>
          <h3>{unit.unitName}</h3>
          <ol>
            {unit.versions.map((version) => (
              <li key={version.id}>
                <span className="badge">
                  第 {version.version} 版 · {VERSION_STATUS[version.status] ?? version.status}
                </span>{' '}
                <span className="muted small">{formatDateTime(version.submittedAt)}</span>
                {version.returnReason && <p className="muted small">退回理由：{version.returnReason}</p>}
                {version.content && <p>{version.content}</p>}
                <FileLinks files={version.files} label={`${unit.unitName} 第 ${version.version} 版报送材料`} />
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ul>
  );
}

/** 工作要求: each obligation with its deadline resolved against the day the notice was issued. */
export function ObligationList({ obligations, issuedAt }: { obligations: unknown[]; issuedAt: string }) {
  if (obligations.length === 0) return null;
  const issuedOn = issuedAt.slice(0, 10);
  return (
    <ol>
      {(obligations as Record<string, unknown>[]).map((o, i) => {
        const due = resolvedDue(o, issuedOn);
        return (
          <li key={i}>
            <span className="badge">{OBLIGATION_KINDS[String(o.kind)] ?? '要求'}</span> {obligationText(o)}
            {due && <span className="muted small"> — 期限 {due.text}</span>}
          </li>
        );
      })}
    </ol>
  );
}
