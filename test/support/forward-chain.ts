import { workflowIds } from '@cascade/contracts';
import type { ApiHarness } from './api-harness';
import { eventually } from './cascade-harness';

const DAY = 86_400_000;

/** The two-level chain most access tests stand on. */
export interface ForwardChain {
  /** The province's (140000) directive to 141000 and 140100. */
  d1: string;
  /** 141000's assignment of D1. */
  a: string;
  /** 141000's forward of D1 to its counties 141002 and 141021. */
  d2: string;
  /** D2's deadline (ISO). */
  deadline: string;
}

/** 正文 and 附件 (uploaded file ids) of a directive in the chain. */
export interface ChainDocuments {
  bodyFileId?: string;
  attachmentFileIds?: string[];
}

/**
 * Issues D1 as the province, forwards it as 临汾市民政局 and waits until the forward's tree is in the
 * read model; each level may carry documents.
 */
export async function issueAndForward(
  h: ApiHarness,
  now: number,
  documents: { d1?: ChainDocuments; d2?: ChainDocuments } = {},
): Promise<ForwardChain> {
  const deadline = new Date(now + 10 * DAY).toISOString();
  const d1 = await h.post(
    '/api/directives',
    {
      docNumber: '晋民函〔2024〕169号',
      title: '通知',
      issuerUnit: '140000',
      recipients: ['141000', '140100'],
      deadline: new Date(now + 20 * DAY).toISOString(),
      ...(documents.d1 ? { documents: documents.d1 } : {}),
    },
    ['140000', 'clerk'],
  );
  if (d1.status !== 201) throw new Error(`issue failed: ${d1.status} ${JSON.stringify(d1.body)}`);
  const a = workflowIds.assignment(d1.body.id, '141000');
  const forwarded = await h.post(
    `/api/assignments/${a}/forward`,
    {
      docNumber: '临市民函〔2024〕89号',
      title: '转发',
      recipients: ['141002', '141021'],
      deadline,
      ...(documents.d2 ? { documents: documents.d2 } : {}),
    },
    ['141000', 'clerk'],
  );
  if (forwarded.status !== 200)
    throw new Error(`forward failed: ${forwarded.status} ${JSON.stringify(forwarded.body)}`);
  const d2: string = forwarded.body.forward.directiveId;
  await eventually(
    () => h.get(`/api/directives/${d2}/tree`, ['141000', 'clerk']),
    (r) => r.status === 200 && r.body.nodes.length === 2,
  );
  return { d1: d1.body.id, a, d2, deadline };
}
