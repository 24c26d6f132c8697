import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type Repository } from 'typeorm';
import { ApiTokenEntity, type ApiRole } from './entities/api-token.entity';
import { UnitEntity } from './entities/unit.entity';

/** Hex SHA-256 of a bearer token: what the api_tokens table stores and looks up. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface NewApiToken {
  unitCode: string;
  role: ApiRole;
  name?: string | null;
  /** Epoch ms, or null for a token that never expires. */
  expiresAt?: number | null;
}

/** A token as created: the secret is shown once and never stored. */
export interface IssuedApiToken {
  id: string;
  token: string;
  record: ApiTokenEntity;
}

/** API bearer tokens: issued by the CLI, looked up by hash on every request. */
@Injectable()
export class TokensRepository {
  private readonly tokens: Repository<ApiTokenEntity>;

  constructor(dataSource: DataSource) {
    this.tokens = dataSource.getRepository(ApiTokenEntity);
  }

  async create(input: NewApiToken, now = Date.now()): Promise<IssuedApiToken> {
    const token = `cas_${randomBytes(32).toString('base64url')}`;
    const record = this.tokens.create({
      id: randomUUID(),
      name: input.name ?? null,
      unitCode: input.unitCode,
      role: input.role,
      tokenHash: hashApiToken(token),
      createdAt: now,
      expiresAt: input.expiresAt ?? null,
      revokedAt: null,
    });
    await this.tokens.insert(record);
    return { id: record.id, token, record };
  }

  findByToken(token: string): Promise<ApiTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash: hashApiToken(token) });
  }

  /**
   * The token with its unit's `units.path` (null when the unit is not registered), in one query:
   * every request with a bearer token asks for both.
   */
  async findByTokenWithUnitPath(token: string): Promise<{ record: ApiTokenEntity; unitPath: string | null } | null> {
    const { entities, raw } = await this.tokens
      .createQueryBuilder('token')
      .leftJoin(UnitEntity, 'unit', 'unit.code = token.unitCode')
      .addSelect('unit.path', 'unitPath')
      .where('token.tokenHash = :hash', { hash: hashApiToken(token) })
      .getRawAndEntities<{ unitPath: string | null }>();
    return entities[0] ? { record: entities[0], unitPath: raw[0]?.unitPath ?? null } : null;
  }

  /** Whether a token is live at `now`: neither revoked nor expired. */
  static isActive(record: ApiTokenEntity, now = Date.now()): boolean {
    return record.revokedAt === null && (record.expiresAt === null || record.expiresAt > now);
  }

  /** Revokes a live token; false when there is no such token or it was revoked already. */
  async revoke(id: string, now = Date.now()): Promise<boolean> {
    const result = await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: now });
    return (result.affected ?? 0) > 0;
  }

  list(): Promise<ApiTokenEntity[]> {
    return this.tokens.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
