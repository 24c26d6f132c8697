import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ISO_DATE } from '../common/instants';
import { Optional } from '../common/optional';

export class ParseNoticeDto {
  @ApiProperty({ description: 'Full text of the notice (公文正文), as pasted', maxLength: 200_000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200_000)
  text!: string;

  @ApiPropertyOptional({
    description: '成文日期 YYYY-MM-DD, used when the notice has no 落款 date',
    example: '2024-11-08',
  })
  @Optional()
  @IsDateString({ strict: true })
  @Matches(ISO_DATE)
  issuedOn?: string;
}

/** The parser's result (ParsedNotice of libs/domain, docs/notice-parser.md), passed through as-is. */
export class ParsedNoticeDto {
  @ApiProperty({ type: String, nullable: true }) docNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: String, nullable: true }) issuer!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'YYYY-MM-DD' }) issuedOn!: string | null;
  @ApiProperty({ type: [String] }) recipients!: string[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) forwards!: object[];
  @ApiProperty({ type: [String] }) attachments!: string[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) contacts!: object[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Obligations (要求) with their deadline rules',
  })
  obligations!: object[];
  @ApiProperty({ type: [String] }) warnings!: string[];
}
