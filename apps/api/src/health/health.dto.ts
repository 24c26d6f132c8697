import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class EngineHealthDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty() detail!: string;
  @ApiPropertyOptional() error?: string;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty() namespace!: string;
}

export class DatabaseHealthDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty() detail!: string;
  @ApiPropertyOptional() error?: string;
  @ApiProperty({ enum: ['sqlite', 'mysql'] }) type!: 'sqlite' | 'mysql';
}

/** GET /api/health: 200 with status ok, 503 with status degraded (the same body). */
export class HealthReportDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: 'ok' | 'degraded';
  @ApiProperty({ type: EngineHealthDto }) engine!: EngineHealthDto;
  @ApiProperty({ type: DatabaseHealthDto }) database!: DatabaseHealthDto;
}
