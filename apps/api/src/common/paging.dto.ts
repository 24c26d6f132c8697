import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Optional } from './optional';

export const MAX_PAGE_SIZE = 200;
/** Beyond this no listing has rows; the bound keeps the offset a safe integer. */
export const MAX_PAGE = 10_000;

/** `page` (1–10,000) and `pageSize` (1–200, default 50) of a listing. */
export class PagingQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

export function pageWindow(query: PagingQueryDto): { limit: number; offset: number } {
  const limit = query.pageSize ?? 50;
  return { limit, offset: ((query.page ?? 1) - 1) * limit };
}
