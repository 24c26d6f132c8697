import { generatePassword, hashPassword, passwordProblem, SCRYPT_PARAMETERS, verifyPassword } from './password-hash';
import { parseRole } from './role-names';

describe('passwords', () => {
  it('hashes with a fresh salt each time and verifies only the same password', async () => {
    const [first, second] = [await hashPassword('Linfen2026clerk'), await hashPassword('Linfen2026clerk')];
    expect(first).not.toBe(second);
    expect(first.startsWith(`scrypt$N=${SCRYPT_PARAMETERS.N},r=8,p=1$`)).toBe(true);
    await expect(verifyPassword('Linfen2026clerk', second)).resolves.toBe(true);
    await expect(verifyPassword('linfen2026clerk', first)).resolves.toBe(false);
  });

  it('verifies with the parameters kept in the stored string, and refuses strings it did not make', async () => {
    const stored = await hashPassword('Yaodu2026clerk');
    const weaker = stored.replace('N=32768', 'N=1024');
    await expect(verifyPassword('Yaodu2026clerk', weaker)).resolves.toBe(false);
    await expect(verifyPassword('Yaodu2026clerk', 'plain-text')).resolves.toBe(false);
    await expect(verifyPassword('Yaodu2026clerk', stored.replace('scrypt$', 'bcrypt$'))).resolves.toBe(false);
  });

  it.each([
    ['Ab1', '密码至少 10 个字符'],
    ['abcdefghijk', '密码须同时包含字母和数字'],
    ['12345678901', '密码须同时包含字母和数字'],
    ['a1'.repeat(65), '密码最多 128 个字符'],
    ['Linfen2026clerk', null],
  ])('judges %s: %s', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it('generates passwords that keep the rules', () => {
    const generated = Array.from({ length: 200 }, generatePassword);
    expect(generated.every((password) => passwordProblem(password) === null)).toBe(true);
    expect(new Set(generated).size).toBe(200);
  });

  it('reads roles in English or Chinese', () => {
    expect(parseRole('clerk')).toBe('clerk');
    expect(parseRole(' Leader ')).toBe('leader');
    expect(parseRole('督查')).toBe('supervisor');
    expect(parseRole('管理员')).toBe('admin');
    expect(parseRole('科员')).toBeNull();
  });
});
