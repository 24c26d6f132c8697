import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { Optional } from '../common/optional';
import { toIso } from '../common/instants';
import { FileRefDto, fileView } from '../documents/document.dto';
import type { UnitReports } from './reports-archive';
import type { ArchiveScope } from './reports-archive.service';

const SCOPES: ArchiveScope[] = ['level', 'subtree'];

export class ReportsArchiveQueryDto {
  @ApiPropertyOptional({
    enum: SCOPES,
    default: 'level',
    description: 'The directive’s recipients, or every unit below',
  })
  @Optional()
  @IsIn(SCOPES, { message: 'scope 只能是 level 或 subtree' })
  scope?: ArchiveScope;

  @ApiPropertyOptional({ description: 'Only this unit’s reports (unit code)', pattern: '^[0-9A-Za-z_-]{1,32}$' })
  @Optional()
  @IsString()
  @Matches(/^[0-9A-Za-z_-]{1,32}$/, { message: 'unit 须为单位代码' })
  unit?: string;
}

export class ReportVersionDto {
  @ApiProperty() id!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['SUBMITTED', 'ACCEPTED', 'RETURNED'] }) status!: string;
  @ApiProperty() content!: string;
  @ApiProperty() zeroReport!: boolean;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: '退回理由' }) returnReason!: string | null;
  @ApiProperty({ type: [FileRefDto], description: '报送材料 of this version' }) files!: FileRefDto[];
}

export class UnitReportsDto {
  @ApiProperty() assignmentId!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: [ReportVersionDto], description: 'Every version, oldest first' })
  versions!: ReportVersionDto[];
}

export function unitReportsView(units: UnitReports[]): UnitReportsDto[] {
  return units.map((unit) => ({
    ...unit,
    versions: unit.versions.map((v) => ({ ...v, submittedAt: toIso(v.submittedAt), files: v.files.map(fileView) })),
  }));
}
