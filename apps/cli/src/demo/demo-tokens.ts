import {
  type DemoToken,
  readDemoTokens,
  TokensRepository,
  UnitsRepository,
  writeDemoTokens,
} from '@cascade/persistence';
import { DEMO_USERS } from './demo-scenario';

/**
 * The demo users' tokens: those in `dataDir/demo-tokens.json` while they are live, new ones
 * otherwise (first start, a wiped database, a revoked token). The database keeps only hashes,
 * so the file is the one place their plaintext survives between starts.
 */
export async function ensureDemoTokens(
  tokens: TokensRepository,
  units: UnitsRepository,
  dataDir: string,
  now = Date.now(),
): Promise<DemoToken[]> {
  const stored = readDemoTokens(dataDir) ?? [];
  const result: DemoToken[] = [];
  let changed = stored.length !== DEMO_USERS.length;
  for (const user of DEMO_USERS) {
    const unit = await units.findByCode(user.unitCode);
    if (!unit) throw new Error(`demo unit ${user.unitCode} is missing: import the shanxi-demo units first`);
    const previous = stored.find((t) => t.unitCode === user.unitCode && t.role === user.role);
    const record = previous ? await tokens.findByToken(previous.token) : null;
    if (
      previous &&
      record &&
      TokensRepository.isActive(record, now) &&
      record.unitCode === user.unitCode &&
      record.role === user.role
    ) {
      result.push({ ...previous, label: user.label, unitName: unit.name });
      changed ||= previous.label !== user.label || previous.unitName !== unit.name;
      continue;
    }
    const issued = await tokens.create({ unitCode: user.unitCode, role: user.role, name: `演示：${user.label}` }, now);
    result.push({
      label: user.label,
      unitCode: user.unitCode,
      unitName: unit.name,
      role: user.role,
      token: issued.token,
    });
    changed = true;
  }
  if (changed) writeDemoTokens(dataDir, result);
  return result;
}
