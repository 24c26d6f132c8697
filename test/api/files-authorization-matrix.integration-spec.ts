import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '@cascade/contracts';
import type { ApiRole } from '@cascade/persistence';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { type ApiHarness, createApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';
import { issueAndForward } from '../support/forward-chain';
import { pdfBytes, sha256, storeFile } from '../support/stored-files';

const ROLES: ApiRole[] = ['clerk', 'leader', 'supervisor', 'admin'];
/** Where the caller's unit stands relative to 临汾市民政局 (141000), which received D1 and forwarded it as D2. */
const RELATIONS = { own: '141000', subordinate: '141002', superior: '140000', unrelated: '140200' } as const;
type Relation = keyof typeof RELATIONS;
/** Expected status of GET /api/files/:id for [own, subordinate, superior, unrelated]. */
type Row = [number, number, number, number];

const ALL: Row = [200, 200, 200, 200];
const sameForActors = (clerk: Row, supervisor: Row): Record<ApiRole, Row> => ({
  clerk,
  leader: clerk,
  supervisor,
  admin: ALL,
});

/** The files of the chain: whose documents or report each belongs to, and who may read it. */
const FILES: Array<{ name: string; key: keyof Files; expected: Record<ApiRole, Row> }> = [
  // The province's notice: its recipient, the county below (上级来文) and its issuer; not a peer city.
  {
    name: '正文 of D1 (province → 141000)',
    key: 'd1Body',
    expected: sameForActors([200, 200, 200, 404], [200, 200, 200, 404]),
  },
  { name: '附件 of D1', key: 'd1Annex', expected: sameForActors([200, 200, 200, 404], [200, 200, 200, 404]) },
  {
    name: '正文 of D2 (141000 → its counties)',
    key: 'd2Body',
    expected: sameForActors([200, 200, 200, 404], [200, 200, 200, 404]),
  },
  { name: '附件 of D2', key: 'd2Annex', expected: sameForActors([200, 200, 200, 404], [200, 200, 200, 404]) },
  // 141000's report to the province: not for the county below it.
  {
    name: 'report file of 141000 on D1',
    key: 'cityReport',
    expected: sameForActors([200, 404, 200, 404], [200, 404, 200, 404]),
  },
  // 141002's report to the city: the city, the county and the province above the city.
  {
    name: 'report file of 141002 on D2',
    key: 'countyReport',
    expected: sameForActors([200, 200, 200, 404], [200, 200, 200, 404]),
  },
];

interface Files {
  d1Body: string;
  d1Annex: string;
  d2Body: string;
  d2Annex: string;
  cityReport: string;
  countyReport: string;
}

describe.each(databaseKinds())('authorization matrix for files (%s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let h: ApiHarness;
  const files = {} as Files;
  const bytes = new Map<string, Buffer>();

  const stored = async (unit: string, key: keyof Files) => {
    const content = pdfBytes(`${key} of ${unit}`);
    const file = await storeFile(h, unit, `${key}.pdf`, content);
    bytes.set(file.fileId, content);
    files[key] = file.fileId;
  };

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    h = await createApiHarness(env, kind);
    const now = await env.currentTimeMs();
    await stored('140000', 'd1Body');
    await stored('140000', 'd1Annex');
    await stored('141000', 'd2Body');
    await stored('141000', 'd2Annex');
    await stored('141000', 'cityReport');
    await stored('141002', 'countyReport');

    const { a, d2 } = await issueAndForward(h, now, {
      d1: { bodyFileId: files.d1Body, attachmentFileIds: [files.d1Annex] },
      d2: { bodyFileId: files.d2Body, attachmentFileIds: [files.d2Annex] },
    });
    const county = workflowIds.assignment(d2, '141002');
    await eventually(
      () => h.post(`/api/assignments/${county}/acknowledge`, {}, ['141002', 'clerk']),
      (r) => r.status === 200,
    );
    const countyReport = await h.post(
      `/api/assignments/${county}/report`,
      { content: '已完成', fileIds: [files.countyReport] },
      ['141002', 'clerk'],
    );
    expect(countyReport.status).toBe(200);
    const cityReport = await h.post(
      `/api/assignments/${a}/report`,
      { content: '已汇总', fileIds: [files.cityReport] },
      ['141000', 'clerk'],
    );
    expect(cityReport.status).toBe(200);
  });

  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  const cases = FILES.flatMap((file) =>
    ROLES.flatMap((role) =>
      (Object.keys(RELATIONS) as Relation[]).map((relation, i) => ({
        file,
        role,
        relation,
        expected: file.expected[role][i],
      })),
    ),
  );

  it.each(cases.map((c) => [c.file.name, c.role, c.relation, c.expected, c] as const))(
    '%s as %s of the %s unit: %d',
    async (_name, role, relation, expected, c) => {
      const id = files[c.file.key];
      const response = await h.download(`/api/files/${id}`, [RELATIONS[relation], role]);
      expect(response.status).toBe(expected);
      if (expected === 200) expect(sha256(response.body as Buffer)).toBe(sha256(bytes.get(id)!));
    },
  );

  it('lets no one without a token download anything', async () => {
    expect((await h.download(`/api/files/${files.d1Body}`)).status).toBe(401);
  });
});
