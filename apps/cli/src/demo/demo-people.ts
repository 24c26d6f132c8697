import {
  type ApiRole,
  type DemoAccount,
  generatePassword,
  PeopleRepository,
  readDemoAccounts,
  ROLE_NAMES,
  UnitsRepository,
  verifyPassword,
  writeDemoAccounts,
} from '@cascade/persistence';
import { DEMO_UNITS } from './demo-scenario';

/** The demo's people: one per role the scenario plays, named by their post (no real names). */
export const DEMO_PEOPLE: ReadonlyArray<{ login: string; unitCode: string; role: ApiRole }> = [
  { login: 'shanxi-supervisor', unitCode: DEMO_UNITS.province, role: 'supervisor' },
  { login: 'shanxi-clerk', unitCode: DEMO_UNITS.province, role: 'clerk' },
  { login: 'linfen-clerk', unitCode: DEMO_UNITS.city, role: 'clerk' },
  { login: 'linfen-leader', unitCode: DEMO_UNITS.city, role: 'leader' },
  { login: 'yaodu-clerk', unitCode: DEMO_UNITS.lateCounty, role: 'clerk' },
];

/**
 * The demo people, created on the first start with one generated password kept in
 * `dataDir/demo-accounts.json`. A person whose password no longer is the demo's (a wiped data
 * directory, a change in the dashboard) gets it back, so the printed password always signs in.
 */
export async function ensureDemoPeople(
  people: PeopleRepository,
  units: UnitsRepository,
  dataDir: string,
): Promise<{ password: string; accounts: DemoAccount[] }> {
  const stored = readDemoAccounts(dataDir);
  const password = stored?.password ?? generatePassword();
  const accounts: DemoAccount[] = [];
  for (const demo of DEMO_PEOPLE) {
    const unit = await units.findByCode(demo.unitCode);
    if (!unit) throw new Error(`demo unit ${demo.unitCode} is missing: import the shanxi-demo units first`);
    const name = `${unit.name}${ROLE_NAMES[demo.role]}`;
    const existing = await people.findByLogin(demo.login);
    if (!existing) await people.create({ login: demo.login, name, unitCode: demo.unitCode, role: demo.role, password });
    else if (!(await verifyPassword(password, existing.passwordHash))) await people.setPassword(existing.id, password);
    accounts.push({ login: demo.login, name, unitCode: demo.unitCode, unitName: unit.name, role: demo.role });
  }
  if (JSON.stringify(stored) !== JSON.stringify({ password, accounts }))
    writeDemoAccounts(dataDir, { password, accounts });
  return { password, accounts };
}
