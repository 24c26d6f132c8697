import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { API_ROLES, type ApiRole, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@cascade/persistence';

export class MeDto {
  @ApiProperty() unitCode!: string;
  @ApiProperty({ description: 'Registered name of the unit (the code when it is no longer registered)' })
  unitName!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['national', 'province', 'city', 'county', 'township', 'member'] })
  unitLevel!: string | null;
  @ApiProperty({ enum: API_ROLES }) role!: ApiRole;
  @ApiProperty({ description: 'The role as users read it: 收文员, 领导, 督查, 管理员' }) roleName!: string;
  @ApiProperty({ type: String, nullable: true, description: '姓名 of the person signed in; null for a bearer token' })
  name!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '账号 of the person signed in; null for a bearer token' })
  login!: string | null;
}

export class SignInDto {
  @ApiProperty({ description: '账号', minLength: 1, maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  login!: string;

  @ApiProperty({ description: '密码', minLength: 1, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class PasswordChangeDto {
  @ApiProperty({ description: '当前密码', minLength: 1, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  current!: string;

  @ApiProperty({
    description: `新密码：至少 ${PASSWORD_MIN_LENGTH} 个字符，须同时包含字母和数字`,
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  next!: string;
}
