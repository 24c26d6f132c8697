import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { CASCADE_CONFIG, type CascadeConfig, DEFAULT_SESSIONS } from '@cascade/config';
import {
  decoyPasswordHash,
  formatShanghai,
  PeopleRepository,
  passwordProblem,
  type PersonEntity,
  SessionsRepository,
  UnitsRepository,
  verifyPassword,
} from '@cascade/persistence';
import { AuthClock } from './auth-clock';
import type { Caller } from './caller';

/** Wrong passwords in a row that lock an account, and for how long. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;

/** One answer for an unknown 账号 and a wrong password, so neither tells which 账号 exist. */
export const WRONG_CREDENTIALS = '账号或密码错误';

/** `2026年12月2日 08:15`, Beijing time: the one date format users read. */
function readableInstant(epochMs: number): string {
  const [date, time] = formatShanghai(epochMs).split(' ');
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日 ${time}`;
}

export class AccountLockedException extends HttpException {
  constructor(
    readonly lockedUntil: number,
    now: number,
  ) {
    super(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        code: 'ACCOUNT_LOCKED',
        message: `密码连续输错 ${LOCK_AFTER_FAILURES} 次，账号已锁定，请于 ${readableInstant(lockedUntil)} 后再试`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
    this.retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil - now) / 1000));
  }

  readonly retryAfterSeconds: number;
}

export interface SignedIn {
  /** The cookie's value: shown to the browser once, stored only as its hash. */
  sessionId: string;
  person: PersonEntity;
  /** How long the cookie may live (the session's absolute end). */
  maxAgeMs: number;
}

/** Password sign-in of people, their sessions, lockout and password change. */
@Injectable()
export class PeopleAuthService {
  private readonly idleMs: number;
  private readonly absoluteMs: number;

  constructor(
    private readonly people: PeopleRepository,
    private readonly sessions: SessionsRepository,
    private readonly units: UnitsRepository,
    private readonly clock: AuthClock,
    @Inject(CASCADE_CONFIG) config: CascadeConfig,
  ) {
    const settings = config.sessions ?? DEFAULT_SESSIONS;
    this.idleMs = settings.idleMinutes * 60_000;
    this.absoluteMs = settings.maxHours * 3_600_000;
  }

  /**
   * Checks 账号 and password. A locked account is refused whatever the password; the fifth wrong
   * password in a row locks it. Throws 401 (wrong), 403 (disabled) or 429 (locked).
   */
  async signIn(login: string, password: string): Promise<SignedIn> {
    const now = this.clock.now();
    const person = await this.people.findByLogin(login);
    if (!person) {
      // As long as a real check, so the answer's timing does not tell which 账号 exist.
      await verifyPassword(password, await decoyPasswordHash());
      throw new UnauthorizedException(WRONG_CREDENTIALS);
    }
    if (person.lockedUntil !== null && person.lockedUntil > now)
      throw new AccountLockedException(person.lockedUntil, now);
    if (!(await verifyPassword(password, person.passwordHash))) {
      const counted = await this.people.recordFailure(person, now, LOCK_AFTER_FAILURES, LOCK_MS);
      if (counted.lockedUntil !== null) throw new AccountLockedException(counted.lockedUntil, now);
      throw new UnauthorizedException(WRONG_CREDENTIALS);
    }
    if (person.disabled) throw new HttpException('该账号已停用，请联系系统管理员', HttpStatus.FORBIDDEN);
    await this.people.recordSuccess(person);
    const { id } = await this.sessions.create(person.id, now, this.absoluteMs);
    return { sessionId: id, person, maxAgeMs: this.absoluteMs };
  }

  /** The caller of a live session cookie, or null (unknown, ended, idle too long, person disabled). */
  async callerOfSession(sessionId: string): Promise<Caller | null> {
    const session = await this.sessions.findLive(sessionId, this.clock.now(), this.idleMs);
    const person = session ? await this.people.findById(session.personId) : null;
    if (!session || !person || person.disabled) return null;
    const unit = await this.units.findByCode(person.unitCode);
    return {
      tokenId: `person:${person.id}`,
      unitCode: person.unitCode,
      unitPath: unit?.path ?? `${person.unitCode}/`,
      role: person.role,
      person: { id: person.id, name: person.name },
      sessionHash: session.idHash,
    };
  }

  async signOut(sessionId: string): Promise<void> {
    await this.sessions.end(sessionId, this.clock.now());
  }

  /**
   * Changes the signed-in person's password after checking the current one (a wrong one counts
   * towards the lockout); every other session of the person ends.
   */
  async changePassword(caller: Caller, current: string, next: string): Promise<void> {
    if (!caller.person) throw new HttpException('令牌不属于个人账号，不能修改密码', HttpStatus.FORBIDDEN);
    const problem = passwordProblem(next);
    if (problem)
      throw new HttpException(
        {
          statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
          code: 'RULE_VIOLATION',
          message: `新密码不符合要求：${problem}`,
        },
        HttpStatus.UNPROCESSABLE_ENTITY,
      );
    const now = this.clock.now();
    const person = await this.people.findById(caller.person.id);
    if (!person) throw new UnauthorizedException('登录已失效，请重新登录');
    if (person.lockedUntil !== null && person.lockedUntil > now)
      throw new AccountLockedException(person.lockedUntil, now);
    if (!(await verifyPassword(current, person.passwordHash))) {
      const counted = await this.people.recordFailure(person, now, LOCK_AFTER_FAILURES, LOCK_MS);
      if (counted.lockedUntil !== null) throw new AccountLockedException(counted.lockedUntil, now);
      throw new HttpException(
        { statusCode: HttpStatus.UNPROCESSABLE_ENTITY, code: 'WRONG_PASSWORD', message: '当前密码不正确' },
        HttpStatus.UNPROCESSABLE_ENTITY,
      );
    }
    await this.people.recordSuccess(person);
    await this.people.setPassword(person.id, next, now);
    await this.sessions.endOthers(person.id, caller.sessionHash ?? null, now);
  }
}
