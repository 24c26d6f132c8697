import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import type { ArchiveScope } from './reports-archive.service';

const SCOPES: ArchiveScope[] = ['level', 'subtree'];

export class ReportsArchiveQueryDto {
  @ApiPropertyOptional({
    enum: SCOPES,
    default: 'level',
    description: 'The directive’s recipients, or every unit below',
  })
  @IsOptional()
  @IsIn(SCOPES, { message: 'scope 只能是 level 或 subtree' })
  scope?: ArchiveScope;

  @ApiPropertyOptional({ description: 'Only this unit’s reports (unit code)', pattern: '^[0-9A-Za-z_-]{1,32}$' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Za-z_-]{1,32}$/, { message: 'unit 须为单位代码' })
  unit?: string;
}
