import { type FormEvent, useId, useState } from 'react';
import { api, type InboxItem, ok, uploadFile } from '../api';
import { ErrorNote } from './bits';
import { useAction } from '../hooks';

export function ReportForm({ item, onDone, onCancel }: { item: InboxItem; onDone: () => void; onCancel: () => void }) {
  const id = useId();
  const [content, setContent] = useState('');
  const [zero, setZero] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const { busy, error, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      // 报送材料 first: the report names the uploaded files by id.
      const fileIds: string[] = [];
      for (const file of files) fileIds.push(await uploadFile(file));
      await ok(
        api.POST('/api/assignments/{id}/report', {
          params: { path: { id: item.id } },
          body: { content, zeroReport: zero, ...(fileIds.length ? { fileIds } : {}) },
        }),
      );
      onDone();
    });
  };

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label={`报送 ${item.docNumber ?? ''}`}>
      <label htmlFor={`${id}-content`}>报送内容</label>
      <textarea
        id={`${id}-content`}
        rows={4}
        value={content}
        onChange={(e) => setContent(e.target.value)}
        required={!zero && files.length === 0}
        placeholder="本单位贯彻落实情况…"
      />
      <label htmlFor={`${id}-files`}>报送材料（电子版）</label>
      <input id={`${id}-files`} type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
      <label className="check">
        <input type="checkbox" checked={zero} onChange={(e) => setZero(e.target.checked)} /> 无则报零
      </label>
      <ErrorNote error={error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || (!zero && !content.trim() && files.length === 0)}>
          {busy ? '报送中…' : '提交报送'}
        </button>
        <button type="button" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}
