import { type DragEvent, type FormEvent, useEffect, useState } from 'react';
import { api, ok, type ParsedNotice, type UnitChild } from '../api';
import { DisabledReason, ErrorNote } from '../components/bits';
import { type BuilderField, FormBuilder, formOf, quotaProposals } from '../components/form-builder';
import { fromShanghaiInput, toDurationSpec, toDurationSpecs, toShanghaiInput, toShanghaiIso } from '../format';
import { OBLIGATION_KINDS, obligationText, resolvedDue } from '../obligations';
import { matchRecipients, type RecipientMatch } from '../recipients';
import { navigate } from '../router';
import { useSession } from '../session';
import { useAction } from '../hooks';

interface Draft {
  parsed: ParsedNotice;
  docNumber: string;
  title: string;
  deadline: string;
  recipients: Set<string>;
  matches: RecipientMatch[];
  obligations: Record<string, unknown>[];
  warnings: string[];
  /** 填报表: proposed from the notice's quotas, edited by the issuer. */
  formFields: BuilderField[];
}

/** The formats POST /api/notices/parse reads (it tells them by content; the list only helps the picker). */
const NOTICE_FILE_TYPES = '.docx,.pdf,.ofd,.txt';

const todayInShanghai = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** 导入通知: paste → parsed draft → correct → issue. */
export function ImportPage() {
  const { me } = useSession();
  const [text, setText] = useState('');
  const [issuedOn, setIssuedOn] = useState('');
  const [units, setUnits] = useState<UnitChild[]>([]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [ackWithin, setAckWithin] = useState('');
  const [ladder, setLadder] = useState('');
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    ok(api.GET('/api/units/{code}/children', { params: { path: { code: me.unitCode } } }))
      .then(setUnits)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [me.unitCode]);

  const showDraft = (parsed: ParsedNotice) => {
    const matches = matchRecipients(parsed.recipients, units);
    const anchor = parsed.issuedOn ?? (issuedOn || todayInShanghai());
    const dues = parsed.obligations.map((o) => resolvedDue(o, anchor)?.due).filter((d): d is Date => d instanceof Date);
    const earliest = dues.sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    const warnings = [...parsed.warnings];
    for (const m of matches)
      if (m.codes.length === 0) warnings.push(`主送“${m.phrase}”未匹配到本单位的下级单位，请手工选择`);
    if (!earliest) warnings.push('未识别出报送期限，请填写');
    else if (earliest.getTime() < Date.now()) warnings.push('识别出的报送期限已过，请修改');
    setDraft({
      parsed,
      docNumber: parsed.docNumber ?? '',
      title: parsed.title ?? '',
      deadline: earliest ? toShanghaiInput(earliest) : '',
      recipients: new Set(matches.flatMap((m) => m.codes)),
      matches,
      obligations: parsed.obligations,
      warnings,
      formFields: quotaProposals(parsed.obligations, []),
    });
  };

  const parse = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      showDraft(await ok(api.POST('/api/notices/parse', { body: { text, ...(issuedOn ? { issuedOn } : {}) } })));
    });
  };

  /** A .docx/.pdf/.ofd/.txt notice: the API reads its text, which becomes the text to issue. */
  const parseFile = async (file: File) => {
    await run(async () => {
      const form = new FormData();
      form.append('file', file, file.name);
      if (issuedOn) form.append('issuedOn', issuedOn);
      // The client sends FormData as multipart; its body type only knows the fields.
      const parsed = await ok(api.POST('/api/notices/parse', { body: form as unknown as { file: string } }));
      if (parsed.imported) setText(parsed.imported.text);
      showDraft(parsed);
    });
  };

  const dropFile = (event: DragEvent) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file) void parseFile(file);
  };

  const issue = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const deadline = fromShanghaiInput(draft.deadline);
    if (!deadline) return setError('请填写有效的报送期限');
    await run(async () => {
      const policy = {
        ...(ackWithin.trim() ? { ackWithin: toDurationSpec(ackWithin) } : {}),
        ...(ladder.trim() ? { ladder: toDurationSpecs(ladder) } : {}),
      };
      const form = formOf(draft.formFields);
      const created = await ok(
        api.POST('/api/directives', {
          body: {
            docNumber: draft.docNumber.trim(),
            title: draft.title.trim(),
            body: text,
            issuerUnit: me.unitCode,
            recipients: [...draft.recipients],
            deadline: toShanghaiIso(deadline),
            obligations: draft.obligations,
            ...(Object.keys(policy).length ? { policy } : {}),
            ...(form ? { form: form as unknown as Record<string, unknown> } : {}),
          },
        }),
      );
      navigate(`/directives/${encodeURIComponent(created.id)}`);
    });
  };

  const toggle = (code: string) =>
    setDraft((d) => {
      if (!d) return d;
      const recipients = new Set(d.recipients);
      if (recipients.has(code)) recipients.delete(code);
      else recipients.add(code);
      return { ...d, recipients };
    });

  const anchor = draft?.parsed.issuedOn ?? (issuedOn || todayInShanghai());
  return (
    <section aria-labelledby="import-heading">
      <div className="page-head">
        <h1 id="import-heading">导入通知</h1>
        <p className="muted">粘贴通知全文或选择通知文件，核对识别结果后以 {me.unitName} 名义发文</p>
      </div>
      <form className="panel" onSubmit={(e) => void parse(e)} aria-label="解析通知">
        <div className="drop-zone" onDragOver={(e) => e.preventDefault()} onDrop={dropFile} data-testid="notice-drop">
          <label htmlFor="notice-file">通知文件（.docx、.pdf、.ofd、.txt，可拖放到此处）</label>
          <input
            id="notice-file"
            type="file"
            accept={NOTICE_FILE_TYPES}
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void parseFile(file);
              e.target.value = '';
            }}
          />
        </div>
        <label htmlFor="notice-text">通知全文</label>
        <textarea
          id="notice-text"
          rows={10}
          value={text}
          onChange={(e) => setText(e.target.value)}
          required
          placeholder="把通知正文粘贴到这里"
        />
        <div className="row">
          <div>
            <label htmlFor="notice-issued-on">成文日期（落款无日期时填写）</label>
            <input id="notice-issued-on" type="date" value={issuedOn} onChange={(e) => setIssuedOn(e.target.value)} />
          </div>
          <button
            type="submit"
            className="primary"
            disabled={busy || !text.trim()}
            aria-describedby={text.trim() ? undefined : 'parse-blocked'}
          >
            {busy && !draft ? '解析中…' : '解析'}
          </button>
        </div>
        <DisabledReason id="parse-blocked" reason={text.trim() ? null : '请粘贴通知全文，或选择通知文件。'} />
      </form>
      <ErrorNote error={error} />
      {draft && (
        <form className="panel draft" onSubmit={(e) => void issue(e)} aria-label="发文草稿">
          <h2>识别结果（可修改）</h2>
          {draft.warnings.length > 0 && (
            <ul className="warnings" aria-label="提示">
              {draft.warnings.map((w) => (
                <li key={w} className="warning">
                  {w}
                </li>
              ))}
            </ul>
          )}
          <div className="grid-2">
            <div>
              <label htmlFor="draft-doc-number">文号</label>
              <input
                id="draft-doc-number"
                value={draft.docNumber}
                onChange={(e) => setDraft({ ...draft, docNumber: e.target.value })}
                required
              />
            </div>
            <div>
              <label htmlFor="draft-deadline">报送期限（北京时间）</label>
              <input
                id="draft-deadline"
                type="datetime-local"
                value={draft.deadline}
                onChange={(e) => setDraft({ ...draft, deadline: e.target.value })}
                required
              />
            </div>
          </div>
          <label htmlFor="draft-title">标题</label>
          <input
            id="draft-title"
            value={draft.title}
            onChange={(e) => setDraft({ ...draft, title: e.target.value })}
            required
          />
          {draft.parsed.forwardTitle && draft.title !== draft.parsed.forwardTitle && (
            <button
              type="button"
              className="link-button"
              onClick={() => setDraft({ ...draft, title: draft.parsed.forwardTitle ?? draft.title })}
            >
              改用转发标题：{draft.parsed.forwardTitle}
            </button>
          )}
          {draft.parsed.issuer && <p className="muted small">原发文单位：{draft.parsed.issuer}</p>}
          <fieldset>
            <legend>主送单位（已按名称匹配 {draft.recipients.size} 个）</legend>
            <ul className="match-list">
              {draft.matches.map((m) => (
                <li key={m.phrase}>
                  “{m.phrase}” → {m.codes.length ? `${m.codes.length} 个单位` : '未匹配'}
                </li>
              ))}
            </ul>
            <div className="checks">
              {units.map((unit) => (
                <label key={unit.code} className="check">
                  <input type="checkbox" checked={draft.recipients.has(unit.code)} onChange={() => toggle(unit.code)} />{' '}
                  {unit.name}
                </label>
              ))}
            </div>
          </fieldset>
          {draft.obligations.length > 0 && (
            <fieldset>
              <legend>工作要求</legend>
              <ol className="obligation-list">
                {draft.obligations.map((o, i) => {
                  const due = resolvedDue(o, anchor);
                  return (
                    <li key={i}>
                      <span className="badge">{OBLIGATION_KINDS[String(o.kind)] ?? '要求'}</span> {obligationText(o)}
                      {due && <span className="muted small"> — 期限 {due.text}</span>}
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setDraft({ ...draft, obligations: draft.obligations.filter((_, j) => j !== i) })}
                        aria-label={`删除第 ${i + 1} 项要求`}
                      >
                        删除
                      </button>
                    </li>
                  );
                })}
              </ol>
            </fieldset>
          )}
          {draft.parsed.upstreamObligations.length > 0 && (
            <fieldset aria-label="上级来文要求">
              <legend>上级来文要求（附件中上级文件的要求，仅供参考，不作为本通知的要求）</legend>
              <ul className="obligation-list muted">
                {draft.parsed.upstreamObligations.map((o, i) => (
                  <li key={i}>
                    <span className="badge">{OBLIGATION_KINDS[String(o.kind)] ?? '要求'}</span> {obligationText(o)}
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
          <fieldset aria-labelledby="form-builder-legend">
            <legend id="form-builder-legend">填报表设计（下级报送时填写的数据）</legend>
            {draft.formFields.some((f) => f.proposedFrom) && (
              <p className="muted small">已按通知中的数量要求建议了填报项，可修改或删除。</p>
            )}
            <FormBuilder
              fields={draft.formFields}
              onChange={(formFields) => setDraft({ ...draft, formFields })}
              idPrefix="draft-form"
            />
          </fieldset>
          <details className="advanced">
            <summary>督办设置</summary>
            <div className="grid-2">
              <div>
                <label htmlFor="policy-ack">签收时限（如 1 个工作日、2 天）</label>
                <input
                  id="policy-ack"
                  value={ackWithin}
                  onChange={(e) => setAckWithin(e.target.value)}
                  placeholder="默认 1 个工作日"
                />
              </div>
              <div>
                <label htmlFor="policy-ladder">督办阶梯（逾期后第 1/2/3 级，逗号分隔）</label>
                <input
                  id="policy-ladder"
                  value={ladder}
                  onChange={(e) => setLadder(e.target.value)}
                  placeholder="默认 立即、2 个工作日、5 个工作日"
                />
              </div>
            </div>
          </details>
          <div className="form-actions">
            <button
              type="submit"
              className="primary"
              disabled={busy || draft.recipients.size === 0}
              aria-describedby={draft.recipients.size === 0 ? 'issue-blocked' : undefined}
            >
              {busy ? '发文中…' : `发文（主送 ${draft.recipients.size} 个单位）`}
            </button>
            <DisabledReason
              id="issue-blocked"
              reason={draft.recipients.size === 0 ? '请至少选择一个主送单位。' : null}
            />
          </div>
        </form>
      )}
    </section>
  );
}
