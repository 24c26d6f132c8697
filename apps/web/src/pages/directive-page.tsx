import { type ReactNode, useState } from 'react';
import {
  api,
  type DirectiveDetail,
  type DirectiveTree,
  downloadReportsZip,
  downloadSummary,
  ok,
  type TimelineEvent,
  type UnitReports,
} from '../api';
import { CascadeTree } from '../components/cascade-tree';
import { DirectiveChanges, ExtensionRequests, type SelectedUnit, UnitPanel } from '../components/issuer-actions';
import { BodyFileViewer, ChainLinks, FileLinks, ObligationList, UnitReportsList } from '../components/documents';
import { Deadline, ErrorNote } from '../components/bits';
import { PeriodsPanel } from '../components/periods-panel';
import { ProgressChart } from '../components/progress-chart';
import { RollupTable } from '../components/rollup-table';
import { Timeline } from '../components/timeline';
import { assignmentStatusLabel, directiveStatusLabel } from '@cascade/contracts/status-labels';
import { formatDateTime } from '../format';
import { POLL_MS, usePoll } from '../hooks';
import { useLiveConnected } from '../unread-stream';
import { Link, useTitle } from '../router';
import { useSession } from '../session';

interface DirectiveView {
  detail: DirectiveDetail;
  tree: DirectiveTree;
  events: TimelineEvent[];
  reports: UnitReports[];
  issuerName: string;
}

async function loadDirective(id: string): Promise<DirectiveView> {
  const params = { path: { id } };
  const [detail, tree, events, reports] = await Promise.all([
    ok(api.GET('/api/directives/{id}', { params })),
    ok(api.GET('/api/directives/{id}/tree', { params })),
    ok(api.GET('/api/directives/{id}/events', { params })),
    ok(api.GET('/api/directives/{id}/reports', { params })),
  ]);
  const names = await ok(api.GET('/api/units/names', { params: { query: { codes: detail.issuerUnit } } })).catch(
    () => [],
  );
  return { detail, tree, events, reports, issuerName: names[0]?.name ?? detail.issuerUnit };
}

export function DirectivePage({ id }: { id: string }) {
  const { me } = useSession();
  const view = usePoll(() => loadDirective(id), id);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const live = useLiveConnected();
  useTitle(view.data ? `${view.data.detail.docNumber} ${view.data.detail.title}` : '公文');

  if (!view.data) {
    return view.error ? (
      <section>
        <h1>公文</h1>
        <ErrorNote error={view.status === 404 ? '公文不存在，或您无权查看' : view.error} />
      </section>
    ) : (
      <p role="status">正在加载…</p>
    );
  }
  const { detail, tree, events, reports, issuerName } = view.data;

  const issuing = detail.issuerUnit === me.unitCode && me.role !== 'supervisor';
  const series = detail.recurrence !== null;
  const timeline = (
    <section aria-labelledby="timeline-heading" className="panel">
      <h2 id="timeline-heading">留痕</h2>
      <Timeline events={events} />
    </section>
  );
  return (
    <article className="directive" aria-labelledby="directive-title">
      <header className="directive-head">
        <p className="doc-number" data-testid="doc-number">
          {detail.docNumber}
        </p>
        <h1 id="directive-title">{detail.title}</h1>
        <DirectiveFacts detail={detail} issuerName={issuerName} series={series} />
        {detail.chain.length > 0 && (
          <section aria-labelledby="chain-heading" className="chain-panel">
            <h2 id="chain-heading">上级来文</h2>
            <ChainLinks chain={detail.chain} />
          </section>
        )}
        {detail.obligations.length > 0 && (
          <section aria-labelledby="obligations-heading" className="obligations">
            <h2 id="obligations-heading">工作要求</h2>
            <ObligationList obligations={detail.obligations} issuedAt={detail.issuedAt} />
          </section>
        )}
        <div className="actions-row">
          {!series && (
            <Downloads directiveId={id} docNumber={detail.docNumber} tree={tree} onError={setDownloadError} />
          )}
          <span className="muted small" aria-live="polite" data-testid="refresh-note">
            {live ? '实时更新' : `连接中断，每 ${POLL_MS / 1000} 秒刷新一次`}
          </span>
        </div>
        <ErrorNote error={downloadError} />
        <ErrorNote error={view.error} />
        {issuing && <DirectiveChanges detail={detail} onChanged={view.reload} />}
      </header>

      {issuing && <ExtensionRequests directiveId={id} onChanged={view.reload} />}

      {(detail.documents.bodyFile || detail.documents.attachments.length > 0) && (
        <section aria-labelledby="documents-heading" className="panel">
          <h2 id="documents-heading">正文与附件</h2>
          {detail.documents.bodyFile && <BodyFileViewer file={detail.documents.bodyFile} />}
          {detail.documents.attachments.length > 0 && (
            <>
              <h3>附件</h3>
              <FileLinks files={detail.documents.attachments} label="附件" />
            </>
          )}
        </section>
      )}

      {series ? (
        <SeriesWork detail={detail} timeline={timeline} />
      ) : (
        <CascadeWork
          directiveId={id}
          detail={detail}
          tree={tree}
          reports={reports}
          timeline={timeline}
          onChanged={view.reload}
        />
      )}
    </article>
  );
}

function DirectiveFacts({
  detail,
  issuerName,
  series,
}: {
  detail: DirectiveDetail;
  issuerName: string;
  series: boolean;
}) {
  return (
    <dl className="facts">
      <div>
        <dt>发文单位</dt>
        <dd>{issuerName}</dd>
      </div>
      <div>
        <dt>发文时间</dt>
        <dd>{formatDateTime(detail.issuedAt)}</dd>
      </div>
      <div>
        <dt>报送期限</dt>
        <dd>
          {series ? '每期按周期规则，见“周期”' : <Deadline iso={detail.deadline} done={detail.status !== 'ACTIVE'} />}
        </dd>
      </div>
      <div>
        <dt>状态</dt>
        <dd>{directiveStatusLabel(detail.status)}</dd>
      </div>
      {detail.forwardsDirectiveId && detail.chain.length === 0 && (
        <div>
          <dt>转发自</dt>
          <dd>
            <Link to={`/directives/${encodeURIComponent(detail.forwardsDirectiveId)}`}>上级来文</Link>
          </dd>
        </div>
      )}
    </dl>
  );
}

/** The 汇总表 and the units' 报送材料 of an ordinary directive, as files. */
function Downloads({
  directiveId,
  docNumber,
  tree,
  onError,
}: {
  directiveId: string;
  docNumber: string;
  tree: DirectiveTree;
  onError: (message: string | null) => void;
}) {
  const failed = (e: unknown) => onError(e instanceof Error ? e.message : String(e));
  const summary = (format: 'xlsx' | 'csv') => {
    onError(null);
    downloadSummary(directiveId, format, `汇总表-${docNumber}.${format}`).catch(failed);
  };
  const zip = (scope: 'level' | 'subtree') => {
    onError(null);
    downloadReportsZip(directiveId, scope, `${docNumber}-报送材料.zip`).catch(failed);
  };
  return (
    <>
      <button type="button" onClick={() => summary('xlsx')}>
        下载汇总表（Excel）
      </button>
      <button type="button" onClick={() => summary('csv')}>
        下载汇总表（CSV）
      </button>
      <button type="button" onClick={() => zip('level')}>
        下载全部报送材料 (ZIP)
      </button>
      {tree.nodes.some((node) => node.children.length > 0) && (
        <button type="button" onClick={() => zip('subtree')}>
          下载各级报送材料 (ZIP)
        </button>
      )}
    </>
  );
}

/** A recurring directive has no recipients of its own: each period's directive is done on its own page. */
function SeriesWork({ detail, timeline }: { detail: DirectiveDetail; timeline: ReactNode }) {
  return (
    <>
      <PeriodsPanel directiveId={detail.id} issuerUnit={detail.issuerUnit} />
      <div className="two-columns">
        <p className="muted">
          本公文为周期性公文，每期单独发文、单独办理：在“周期”中点击某一期，查看其办理进度、填报汇总和报送材料。
        </p>
        <div>{timeline}</div>
      </div>
    </>
  );
}

/** An ordinary directive's work: progress, 汇总, 报送材料 and the cascade, where the issuer acts on each unit. */
function CascadeWork({
  directiveId,
  detail,
  tree,
  reports,
  timeline,
  onChanged,
}: {
  directiveId: string;
  detail: DirectiveDetail;
  tree: DirectiveTree;
  reports: UnitReports[];
  timeline: ReactNode;
  onChanged: () => void;
}) {
  const [selected, setSelected] = useState<SelectedUnit | null>(null);
  const total = Object.values(tree.counts).reduce((a, b) => a + b, 0);
  return (
    <>
      <section aria-labelledby="progress-heading" className="panel">
        <h2 id="progress-heading">办理进度</h2>
        <p className="counts" data-testid="counts">
          共 {total} 个单位：
          {Object.entries(tree.counts)
            .filter(([, n]) => n > 0)
            .map(([status, n]) => `${assignmentStatusLabel(status)} ${n}`)
            .join('，')}
        </p>
        <ProgressChart nodes={tree.nodes} />
      </section>

      <RollupTable
        directiveId={directiveId}
        docNumber={detail.docNumber}
        selected={selected?.assignmentId ?? null}
        onSelect={setSelected}
      />

      <section aria-labelledby="reports-heading" className="panel">
        <h2 id="reports-heading">报送材料</h2>
        <UnitReportsList units={reports} />
      </section>

      <div className="two-columns">
        <section aria-labelledby="tree-heading" className="panel">
          <h2 id="tree-heading">流转情况</h2>
          <p className="muted small">点击单位名称，查看其报送材料并办结、退回或催办。</p>
          <CascadeTree nodes={tree.nodes} selected={selected?.assignmentId ?? null} onSelect={setSelected} />
        </section>
        <div>
          {selected && (
            <UnitPanel
              key={selected.assignmentId}
              node={selected}
              onClose={() => setSelected(null)}
              onChanged={onChanged}
            />
          )}
          {timeline}
        </div>
      </div>
    </>
  );
}
