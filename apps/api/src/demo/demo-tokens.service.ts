import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { CASCADE_CONFIG, type CascadeConfig } from '@cascade/config';
import { type DemoToken, readDemoTokens, TokensRepository } from '@cascade/persistence';

/** Reads the demo users' tokens in demo mode; anywhere else there are none (404). */
@Injectable()
export class DemoTokensService {
  constructor(
    @Inject(CASCADE_CONFIG) private readonly config: CascadeConfig,
    private readonly tokens: TokensRepository,
  ) {}

  async list(): Promise<DemoToken[]> {
    if (!this.config.demo) throw new NotFoundException('未开启演示模式（CASCADE_DEMO=1）');
    const stored = readDemoTokens(this.config.dataDir);
    if (!stored) throw new NotFoundException('演示数据尚未生成：请用 npm start 启动');
    const now = Date.now();
    const live: DemoToken[] = [];
    // A revoked or expired token (or one from a wiped database) is no shortcut: leave it out.
    for (const token of stored) {
      const record = await this.tokens.findByToken(token.token);
      if (
        record &&
        TokensRepository.isActive(record, now) &&
        record.unitCode === token.unitCode &&
        record.role === token.role
      )
        live.push(token);
    }
    return live;
  }
}
