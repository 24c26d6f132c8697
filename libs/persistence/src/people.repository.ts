import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import type { ApiRole } from './entities/api-token.entity';
import { PersonEntity } from './entities/person.entity';
import { hashPassword } from './password-hash';

export interface NewPerson {
  login: string;
  name: string;
  unitCode: string;
  role: ApiRole;
  mobile?: string | null;
  password: string;
}

/** People who sign in: created by the CLI (or the demo), looked up by 账号 at sign-in. */
@Injectable()
export class PeopleRepository {
  private readonly people: Repository<PersonEntity>;

  constructor(dataSource: DataSource) {
    this.people = dataSource.getRepository(PersonEntity);
  }

  async create(input: NewPerson, now = Date.now()): Promise<PersonEntity> {
    const record = this.people.create({
      id: randomUUID(),
      login: input.login,
      name: input.name,
      unitCode: input.unitCode,
      role: input.role,
      mobile: input.mobile ?? null,
      passwordHash: await hashPassword(input.password),
      disabled: false,
      failedCount: 0,
      lockedUntil: null,
      passwordChangedAt: now,
      createdAt: now,
    });
    await this.people.insert(record);
    return record;
  }

  findByLogin(login: string): Promise<PersonEntity | null> {
    return this.people.findOneBy({ login });
  }

  findById(id: string): Promise<PersonEntity | null> {
    return this.people.findOneBy({ id });
  }

  list(unitCode?: string): Promise<PersonEntity[]> {
    return this.people.find({ where: unitCode ? { unitCode } : {}, order: { unitCode: 'ASC', login: 'ASC' } });
  }

  /** Counts a wrong password; the `lockAfter`-th in a row locks the person until `now + lockMs` and starts over. */
  async recordFailure(person: PersonEntity, now: number, lockAfter: number, lockMs: number): Promise<PersonEntity> {
    const failedCount = person.failedCount + 1;
    const changes =
      failedCount >= lockAfter ? { failedCount: 0, lockedUntil: now + lockMs } : { failedCount, lockedUntil: null };
    await this.people.update({ id: person.id }, changes);
    return { ...person, ...changes };
  }

  async recordSuccess(person: PersonEntity): Promise<void> {
    if (person.failedCount !== 0 || person.lockedUntil !== null)
      await this.people.update({ id: person.id }, { failedCount: 0, lockedUntil: null });
  }

  async setPassword(id: string, password: string, now = Date.now()): Promise<void> {
    await this.people.update({ id }, { passwordHash: await hashPassword(password), passwordChangedAt: now });
  }

  /** Disables (or enables) a person by 账号; false when there is no such 账号. */
  async setDisabled(login: string, disabled: boolean): Promise<PersonEntity | null> {
    const person = await this.findByLogin(login);
    if (!person) return null;
    await this.people.update({ id: person.id }, { disabled });
    return { ...person, disabled };
  }
}
