import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, Not, type Repository } from 'typeorm';
import { SessionEntity } from './entities/session.entity';

/** Hex SHA-256 of a session cookie's value: what the sessions table stores and looks up. */
export function hashSessionId(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}

/** Seen within this long of the last recorded request, a session is not written again (one write a minute at most). */
const TOUCH_EVERY_MS = 60_000;

/** Browser sessions of people: created at sign-in, ended at sign-out, password change or expiry. */
@Injectable()
export class SessionsRepository {
  private readonly sessions: Repository<SessionEntity>;

  constructor(dataSource: DataSource) {
    this.sessions = dataSource.getRepository(SessionEntity);
  }

  /** A new session; the returned id goes into the cookie and is never stored. */
  async create(personId: string, now: number, absoluteMs: number): Promise<{ id: string; record: SessionEntity }> {
    const id = randomBytes(32).toString('base64url');
    const record = this.sessions.create({
      idHash: hashSessionId(id),
      personId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + absoluteMs,
      endedAt: null,
    });
    await this.sessions.insert(record);
    return { id, record };
  }

  /** The live session of a cookie value at `now`, its idle time counted; null when over or unknown. */
  async findLive(id: string, now: number, idleMs: number): Promise<SessionEntity | null> {
    const record = await this.sessions.findOneBy({ idHash: hashSessionId(id) });
    if (!record || record.endedAt !== null || record.expiresAt <= now || record.lastSeenAt + idleMs <= now) return null;
    if (now - record.lastSeenAt >= TOUCH_EVERY_MS) {
      await this.sessions.update({ idHash: record.idHash }, { lastSeenAt: now });
      record.lastSeenAt = now;
    }
    return record;
  }

  async end(id: string, now: number): Promise<void> {
    await this.sessions.update({ idHash: hashSessionId(id), endedAt: IsNull() }, { endedAt: now });
  }

  /** Ends every session of a person but `keepHash` (the one that changed the password); all when it is null. */
  async endOthers(personId: string, keepHash: string | null, now: number): Promise<number> {
    const result = await this.sessions.update(
      keepHash ? { personId, endedAt: IsNull(), idHash: Not(keepHash) } : { personId, endedAt: IsNull() },
      { endedAt: now },
    );
    return result.affected ?? 0;
  }
}
