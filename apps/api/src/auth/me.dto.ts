import { ApiProperty } from '@nestjs/swagger';
import { API_ROLES, type ApiRole } from '@cascade/persistence';

export class MeDto {
  @ApiProperty() unitCode!: string;
  @ApiProperty({ description: 'Registered name of the unit (the code when it is no longer registered)' })
  unitName!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['national', 'province', 'city', 'county', 'township', 'member'] })
  unitLevel!: string | null;
  @ApiProperty({ enum: API_ROLES }) role!: ApiRole;
}
