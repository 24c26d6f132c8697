import { issueProblem } from './issue-authority';

const province = { code: '140000', name: '山西省民政厅', path: '000000/140000/' };
const city = { code: '141000', name: '临汾市民政局', path: '000000/140000/141000/' };
const peerCity = { code: '140100', name: '太原市民政局', path: '000000/140000/140100/' };
const county = { code: '141002', name: '尧都区民政局', path: '000000/140000/141000/141002/' };
const office = { code: '140000M05L', name: '山西省老龄工作委员会办公室', path: '000000/140000/140000M05/140000M05L/' };
const member = { code: '140000M02', name: '省教育厅', path: '000000/140000/140000M02/' };

describe('issueProblem', () => {
  it('lets a unit issue to its direct subordinates and below', () => {
    expect(issueProblem(province, city, undefined)).toBeNull();
    expect(issueProblem(province, county, undefined)).toBeNull();
  });

  it('refuses upwards and sideways, naming both units', () => {
    expect(issueProblem(county, province, undefined)).toBe(
      '山西省民政厅（140000）不是尧都区民政局（141002）的下级单位，也无发文关系',
    );
    expect(issueProblem(city, peerCity, undefined)).toContain(
      '太原市民政局（140100）不是临汾市民政局（141000）的下级单位',
    );
    expect(issueProblem(city, city, undefined)).toBe('不能发给本单位（141000）');
  });

  it('lets a declared relation stand in for subordination', () => {
    expect(issueProblem(office, member, undefined)).not.toBeNull();
    expect(issueProblem(office, member, '省老龄委成员单位')).toBeNull();
  });
});
