import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { WorkCalendar } from '../calendar/work-calendar';
import { parseNotice } from './notice-parser';

// The two source documents of the reference scenario (docs/reference-scenario.md), verbatim.
const readSeed = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');

const header = (docNumber: string, title: string, recipients = '各市民政局：') =>
  `山西省民政厅\n\n${docNumber}\n\n${title}\n\n${recipients}\n\n`;

describe('parseNotice on the seeds', () => {
  describe('seed 004 (临市民函〔2024〕89号 with 晋民函〔2024〕169号 embedded)', () => {
    const full = () => readSeed('seed-linfen-89-shanxi-169.txt');
    const split = () => {
      const text = full();
      const at = text.indexOf('\n山西省民政厅\n');
      return { city: text.slice(0, at), province: text.slice(at) };
    };

    it('reads the province notice 晋民函〔2024〕169号 end to end', () => {
      const parsed = parseNotice(split().province, { issuedOn: '2024-10-25' });
      expect(parsed).toMatchObject({
        docNumber: '晋民函〔2024〕169号',
        title:
          '省民政厅 省老龄工作委员会办公室关于转发《民政部 全国老龄办关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知》的通知',
        issuer: '山西省民政厅',
        issuedOn: '2024-10-25',
        recipients: ['省老龄委各成员单位', '各市民政局', '老龄办'],
        forwards: [
          {
            title: '民政部 全国老龄办关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知',
            docNumber: '民函〔2024〕56号',
          },
        ],
        attachments: ['《民政部 全国老龄办关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知》'],
        contacts: [{ name: '张书毓', phone: '0351-6387015、15972913611', email: 'sxsmztllgzc@163.com' }],
      });
      expect(parsed.obligations).toEqual([
        expect.objectContaining({ kind: 'quota', count: 1, per: 'year', what: '新时代“银龄行动”主题活动' }),
        expect.objectContaining({ kind: 'deadline', due: '2024-11-20', time: null, reportTo: '省老龄办' }),
      ]);
      expect(parsed.obligations[1].text).toContain('请于 11 月 20 日前以电子版形式报省老龄办');
      expect(parsed.warnings).toEqual([]);
    });

    it('joins the sentence split by the scanner page break and drops the scanner banner', () => {
      const parsed = parseNotice(split().province, { issuedOn: '2024-10-25' });
      const all = parsed.obligations.map((o) => o.text).join('');
      expect(all).not.toContain('扫描全能王');
    });

    it('reads the city notice 临市民函〔2024〕89号 alone', () => {
      const parsed = parseNotice(split().city, { issuedOn: '2024-10-28' });
      expect(parsed).toMatchObject({
        docNumber: '临市民函〔2024〕89号',
        title:
          '临汾市民政局 临汾市老龄工作委员会办公室关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知',
        issuer: '临汾市民政局',
        recipients: ['市老龄委各成员单位', '各县（市、区）民政局', '老龄办'],
        contacts: [{ name: '晋白雪', phone: '13994776952', email: 'lfscsk@163.com' }],
      });
      expect(parsed.forwards.map((f) => f.title)).toEqual([
        '省民政厅 省老龄工作委员会办公室关于转发《民政部 全国老龄办关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知》的通知',
        '民政部 全国老龄办关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知',
      ]);
      expect(parsed.obligations).toEqual([expect.objectContaining({ kind: 'quota', count: 1, per: 'year' })]);
    });

    it('reads the whole file: the city notice forwards the whole chain, with 文号 at every level', () => {
      const parsed = parseNotice(full(), { issuedOn: '2024-10-25' });
      expect(parsed.docNumber).toBe('临市民函〔2024〕89号');
      expect(parsed.forwards).toEqual([
        { title: expect.stringContaining('省民政厅 省老龄工作委员会办公室关于转发'), docNumber: '晋民函〔2024〕169号' },
        { title: expect.stringMatching(/^民政部 全国老龄办关于/), docNumber: '民函〔2024〕56号' },
      ]);
      expect(parsed.contacts).toHaveLength(1);
    });

    it('keeps the province’s requirements apart: counties are not told to report to the province by 11月20日', () => {
      const parsed = parseNotice(full(), { issuedOn: '2024-10-25' });
      expect(parsed.documentKind).toBe('notice');
      expect(parsed.obligations).toEqual([expect.objectContaining({ kind: 'quota', count: 1, per: 'year' })]);
      expect(parsed.obligations.some((o) => o.kind === 'deadline')).toBe(false);
      const source = {
        label: '上级来文要求',
        docNumber: '晋民函〔2024〕169号',
        title: expect.stringContaining('关于转发'),
      };
      expect(parsed.upstreamObligations).toEqual([
        expect.objectContaining({ kind: 'quota', count: 1, source }),
        expect.objectContaining({ kind: 'deadline', due: '2024-11-20', reportTo: '省老龄办', source }),
      ]);
      expect(parsed.warnings.join('\n')).toContain('上级来文要求');
    });

    it('collapses a nested forward title to forwarding the original document', () => {
      const province = parseNotice(split().province, { issuedOn: '2024-10-25' });
      const original = '民政部 全国老龄办关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知';
      expect(province.originalTitle).toBe(original);
      expect(province.forwardTitle).toBe(`关于转发《${original}》的通知`);
      const nested = parseNotice(
        '晋中市民政局\n市民函〔2024〕12号\n晋中市民政局关于转发《省民政厅关于转发〈民政部关于做好冬季救助工作的通知〉的通知》的通知\n各县民政局：\n请认真贯彻落实。',
      );
      expect(nested.originalTitle).toBe('民政部关于做好冬季救助工作的通知');
      expect(nested.forwardTitle).toBe('关于转发《民政部关于做好冬季救助工作的通知》的通知');
    });

    it('infers the year from the 文号 when no issue date is known, and says so', () => {
      const parsed = parseNotice(split().province);
      expect(parsed.issuedOn).toBeNull();
      expect(parsed.obligations).toContainEqual(expect.objectContaining({ kind: 'deadline', due: '2024-11-20' }));
      expect(parsed.warnings.join()).toContain('文号年份 2024');
    });
  });

  describe('seed 000 (a newsletter page)', () => {
    it('recognises a newsletter: no obligations and a clear warning', () => {
      const parsed = parseNotice(readSeed('seed-newsletter.txt'), { issuedOn: '2025-09-01' });
      expect(parsed.documentKind).toBe('article');
      expect(parsed.warnings.join('\n')).toContain('不是通知');
      expect(parsed.obligations).toEqual([]);
      expect(parsed.docNumber).toBeNull();
      expect(parsed.title).toBeNull();
    });
  });

  it('keeps apart a forwarded notice reproduced under a bare 附件 heading; its own plan stays its own', () => {
    const text = [
      '晋中市民政局',
      '市民函〔2024〕30号',
      '晋中市民政局关于转发《山西省民政厅关于做好冬季救助工作的通知》的通知',
      '各县（市、区）民政局：',
      '现将《山西省民政厅关于做好冬季救助工作的通知》转发给你们，请于11月25日前将落实情况报市民政局社会救助科。',
      '附件：1.山西省民政厅关于做好冬季救助工作的通知',
      '2.晋中市冬季救助工作实施方案',
      '晋中市民政局',
      '2024年11月4日',
      '附件1',
      '山西省民政厅关于做好冬季救助工作的通知',
      '各市民政局：',
      '请各市于11月30日前将工作开展情况报省民政厅社会救助处。',
      '附件2',
      '晋中市冬季救助工作实施方案',
      '各县于12月31日前完成排查。',
    ].join('\n');
    const parsed = parseNotice(text);
    expect(parsed.issuedOn).toBe('2024-11-04');
    expect(parsed.obligations).toEqual([
      expect.objectContaining({ kind: 'deadline', due: '2024-11-25', reportTo: '市民政局社会救助科' }),
      expect.objectContaining({ kind: 'deadline', due: '2024-12-31', text: '各县于12月31日前完成排查。' }),
    ]);
    expect(parsed.upstreamObligations).toEqual([
      expect.objectContaining({
        due: '2024-11-30',
        source: { label: '上级来文要求', title: '山西省民政厅关于做好冬季救助工作的通知', docNumber: null },
      }),
    ]);
    expect(parsed.forwardTitle).toBe('关于转发《山西省民政厅关于做好冬季救助工作的通知》的通知');
  });

  it('does not take a notice that quotes a meeting for an article', () => {
    const parsed = parseNotice(
      '各县民政局：\n会议指出，要做好冬季救助。会议强调，要压实责任。请于11月20日前报送落实情况。',
      { issuedOn: '2024-10-25' },
    );
    expect(parsed.documentKind).toBe('notice');
    expect(parsed.obligations).toEqual([expect.objectContaining({ kind: 'deadline', due: '2024-11-20' })]);
  });

  it('reads the key lines of 169号 retyped by hand', () => {
    const text = `${header('晋民函〔2024〕169号', '省民政厅 省老龄工作委员会办公室 关于转发《民政部 全国老龄办关于深入学习 贯彻习近平总书记给“银龄行动”老年 志愿者代表重要回信精神的 通知》的通知', '省老龄委各成员单位，各市民政局、老龄办：')}各市民政局、老龄办，省老龄委各成员单位每年要结合自身实际至少开展1项新时代“银龄行动”主题活动。\n\n省老龄委各成员单位，各市民政局、老龄办学习贯彻情况，请于 11 月 20 日前以电子版形式报省老龄办（省民政厅老龄工作处）。`;
    const parsed = parseNotice(text, { issuedOn: '2024-10-25' });
    expect(parsed.obligations).toEqual([
      expect.objectContaining({ kind: 'quota', count: 1, per: 'year' }),
      expect.objectContaining({ kind: 'deadline', due: '2024-11-20', reportTo: '省老龄办' }),
    ]);
  });
});

describe('parseNotice: 文号', () => {
  it.each([
    ['晋民函〔2024〕169号', '晋民函〔2024〕169号'],
    ['民[1981]城48号', '民[1981]城48号'],
    ['国办发【2023】5号', '国办发【2023】5号'],
    ['临政发（2024）12号', '临政发（2024）12号'],
    ['晋政办发 [2024] 3 号', '晋政办发[2024]3号'],
    ['晋民函〔２０２４〕１６９号', '晋民函〔2024〕169号'],
    ['晋民函〔2024〕169号        签发人：王某', '晋民函〔2024〕169号'],
  ])('%s', (line, expected) => {
    expect(
      parseNotice(`山西省民政厅文件\n${line}\n山西省民政厅关于做好冬季救助工作的通知\n各市民政局：\n正文。`).docNumber,
    ).toBe(expected);
  });

  it('does not take a 文号 quoted in the body for the notice’s own', () => {
    const parsed = parseNotice(
      '各市民政局：\n现将《民政部关于做好冬季救助工作的通知》（民发〔2024〕12号）转发给你们，请认真贯彻落实。',
    );
    expect(parsed.docNumber).toBeNull();
    expect(parsed.forwards).toEqual([{ title: '民政部关于做好冬季救助工作的通知', docNumber: '民发〔2024〕12号' }]);
  });
});

describe('parseNotice: titles and forwarding chains', () => {
  it('follows nested 《〈〉》 to every level', () => {
    const parsed = parseNotice(
      header(
        '临市民函〔2024〕90号',
        '临汾市民政局关于转发《山西省民政厅关于转发〈民政部关于做好2024年老年人福利工作的通知〉的通知》的通知',
      ) +
        '现将《山西省民政厅关于转发〈民政部关于做好2024年老年人福利工作的通知〉的通知》（晋民函〔2024〕170号）转发给你们，请遵照执行。',
    );
    expect(parsed.title).toBe(
      '临汾市民政局关于转发《山西省民政厅关于转发〈民政部关于做好2024年老年人福利工作的通知〉的通知》的通知',
    );
    expect(parsed.forwards).toEqual([
      {
        title: '山西省民政厅关于转发《民政部关于做好2024年老年人福利工作的通知》的通知',
        docNumber: '晋民函〔2024〕170号',
      },
      { title: '民政部关于做好2024年老年人福利工作的通知', docNumber: null },
    ]);
  });

  it('reads 批转 and a title wrapped over lines', () => {
    const parsed = parseNotice(
      '国务院文件\n国发〔2024〕7号\n国务院批转发展改革委关于2024年深化\n经济体制改革重点工作意见的通知\n各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n正文。',
    );
    expect(parsed.title).toBe('国务院批转发展改革委关于2024年深化经济体制改革重点工作意见的通知');
    expect(parsed.forwards).toEqual([{ title: '发展改革委关于2024年深化经济体制改革重点工作意见', docNumber: null }]);
    expect(parsed.recipients).toEqual(['各省、自治区、直辖市人民政府', '国务院各部委', '各直属机构']);
    expect(parsed.issuer).toBe('国务院');
  });
});

describe('parseNotice: 落款', () => {
  it.each([
    ['二〇二四年十月二十五日', '2024-10-25'],
    ['二○二四年十月二十五日', '2024-10-25'],
    ['二O二四年十月二十五日', '2024-10-25'],
    ['2024年10月25日', '2024-10-25'],
    ['二〇二四年十二月三十一日', '2024-12-31'],
  ])('reads the issuer and the date %s', (date, iso) => {
    const parsed = parseNotice(
      `${header('晋民函〔2024〕169号', '山西省民政厅关于做好冬季救助工作的通知')}请于1月5日前报送。\n\n山西省民政厅\n${date}\n（此件公开发布）`,
    );
    expect(parsed.issuer).toBe('山西省民政厅');
    expect(parsed.issuedOn).toBe(iso);
  });

  it('reads joint issuers and prefers the 落款 date over the given one', () => {
    const parsed = parseNotice(
      `${header('晋民函〔2024〕169号', '山西省民政厅 山西省财政厅关于做好冬季救助工作的通知')}请于1月5日前报送。\n山西省民政厅      山西省财政厅\n2024年12月2日`,
      { issuedOn: '2024-12-20' },
    );
    expect(parsed.issuer).toBe('山西省民政厅 山西省财政厅');
    expect(parsed.issuedOn).toBe('2024-12-02');
    expect(parsed.obligations).toEqual([expect.objectContaining({ due: '2025-01-05' })]);
    expect(parsed.warnings.join()).toContain('不一致');
  });
});

describe('parseNotice: recipients, attachments, contacts', () => {
  it('keeps bracketed parts whole', () => {
    const parsed = parseNotice(
      `共青团陕西省委\n陕团发〔2024〕8号\n共青团陕西省委关于开展志愿服务活动的通知\n各市（杨凌示范区、韩城市）团委，省直机关团工委；各高校团委：\n正文。`,
    );
    expect(parsed.recipients).toEqual(['各市（杨凌示范区、韩城市）团委', '省直机关团工委', '各高校团委']);
  });

  it('reads a 主送 spread over two lines', () => {
    const parsed = parseNotice(
      `民政部文件\n民发〔2024〕3号\n民政部关于做好冬季救助工作的通知\n各省、自治区、直辖市民政厅（局），\n新疆生产建设兵团民政局：\n正文。`,
    );
    expect(parsed.recipients).toEqual(['各省、自治区、直辖市民政厅（局）', '新疆生产建设兵团民政局']);
  });

  it('skips web-page metadata between the title and the 主送', () => {
    const parsed = parseNotice(
      '关于做好走访慰问工作的通知\n发布时间：2024-12-16 来源：市民政局\n各县（市、区）民政局，市直各有关单位：\n正文。',
    );
    expect(parsed.title).toBe('关于做好走访慰问工作的通知');
    expect(parsed.recipients).toEqual(['各县（市、区）民政局', '市直各有关单位']);
    expect(parsed.issuedOn).toBe('2024-12-16');
  });

  it('lists numbered attachments', () => {
    const parsed = parseNotice(
      `${header('晋民函〔2024〕1号', '山西省民政厅关于开展评选工作的通知')}正文。\n附件：1.评选工作方案\n      2.推荐对象报名表\n3．《关于开展 评选工作的补充说明》\n山西省民政厅\n2024年3月1日`,
    );
    expect(parsed.attachments).toEqual(['评选工作方案', '推荐对象报名表', '《关于开展评选工作的补充说明》']);
  });

  it('reads several people, landlines and inline contacts', () => {
    const parsed = parseNotice(
      `${header('晋民函〔2024〕1号', '山西省民政厅关于开展评选工作的通知')}有关问题请咨询（联系人：王五，电话：0351-4567890）。\n联 系 人：张三  0351-1234567\n          李四  13800000000\n电子邮箱：test@sx.gov.cn`,
    );
    expect(parsed.contacts).toEqual([
      { name: '王五', phone: '0351-4567890', email: null },
      { name: '张三', phone: '0351-1234567', email: 'test@sx.gov.cn' },
      { name: '李四', phone: '13800000000', email: 'test@sx.gov.cn' },
    ]);
  });

  it('gives a shared number to every person of a block and ignores fax numbers', () => {
    const parsed = parseNotice('正文。\n联系人：赵六、钱七\n联系电话：（0351）6666666   传真：0351-7777777');
    expect(parsed.contacts).toEqual([
      { name: '赵六', phone: '（0351）6666666', email: null },
      { name: '钱七', phone: '（0351）6666666', email: null },
    ]);
  });
});

describe('parseNotice: messy text', () => {
  it('joins a sentence broken by a page number and full-width digits', () => {
    const parsed = parseNotice('各市民政局：\n请于１１月２０\n\n— 2 —\n\n日前报送市局。', { issuedOn: '2024-10-25' });
    expect(parsed.obligations).toEqual([
      expect.objectContaining({
        kind: 'deadline',
        due: '2024-11-20',
        reportTo: '市局',
        text: '请于11月20日前报送市局。',
      }),
    ]);
  });

  it('warns about years the calendar does not know', () => {
    const parsed = parseNotice('请于2027年3月1日前报送。', {
      issuedOn: '2026-11-20',
      calendar: WorkCalendar.fromChineseDays(),
    });
    expect(parsed.warnings.join()).toContain('2027');
  });

  it('reports an unusable --issued value instead of throwing', () => {
    expect(parseNotice('请于3月1日前报送。', { issuedOn: '2024-02-30' }).warnings.join()).toContain('无效');
  });
});

describe('parseNotice never throws (property)', () => {
  const FRAGMENTS = [
    '请于',
    '11月20日',
    '前',
    '至',
    '每月',
    '每年至少开展',
    '1项',
    '个工作日内',
    '（星期二）',
    '下午6:00',
    '〔2024〕',
    '号',
    '关于转发《',
    '》的通知',
    '\n',
    '：',
    '，',
    '。',
    '联系人：',
    '电话：0351-',
    '附件：',
    '二〇二四年',
    '十月',
    '二十五日',
    '每周二',
    '次月',
    '即日起',
    '《',
    '〈',
    '）',
    '（',
    '13800000000',
    '@',
    '—',
    '底前',
    '年',
    '月',
    '日',
    ' ',
    '各市（',
    '、',
  ];
  const noticeLike = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 200 }).map((parts) => parts.join(''));

  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 500 }), fc.string({ unit: 'binary', maxLength: 300 }), noticeLike),
        fc.option(fc.string({ maxLength: 12 })),
        (text, issuedOn) => {
          const parsed = parseNotice(text, { issuedOn });
          expect(Array.isArray(parsed.obligations)).toBe(true);
          JSON.stringify(parsed);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('on 1 MB inputs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 20, maxLength: 60 }),
        fc.boolean(),
        (parts, oneLine) => {
          const unit = parts.join('');
          const text = unit.repeat(Math.ceil(1_000_000 / Math.max(1, unit.length))).slice(0, 1_000_000);
          parseNotice(oneLine ? text.replace(/[\n。]/g, '') : text, { issuedOn: '2024-10-25' });
        },
      ),
      { numRuns: 4 },
    );
    parseNotice('日'.repeat(1_000_000));
    parseNotice('11月'.repeat(250_000));
    parseNotice('请于'.repeat(500_000));
  });
});
