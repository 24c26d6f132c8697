import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Caller, CurrentCaller } from '../auth/caller';
import { ExportsService, type SummaryFile } from './exports.service';

function send(response: Response, file: SummaryFile): StreamableFile {
  response.setHeader(
    'Content-Disposition',
    `attachment; filename="summary"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  );
  return new StreamableFile(file.content, { type: file.contentType });
}

const FILE = { schema: { type: 'string', format: 'binary' } };

@ApiTags('exports')
@ApiBearerAuth()
@Controller('directives')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get(':id/summary.csv')
  @ApiOperation({
    summary:
      '汇总表 as CSV (UTF-8 with BOM): 单位, 状态, 签收时间, 报送时间, 是否逾期, 报送内容; times in Asia/Shanghai',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse(FILE)
  @ApiNotFoundResponse({ description: 'No such directive, or the caller may not see it' })
  async csv(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return send(response, await this.exports.csv(caller, id));
  }

  @Get(':id/summary.xlsx')
  @ApiOperation({ summary: '汇总表 as an Excel workbook (sheet 汇总表)' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse(FILE)
  @ApiNotFoundResponse({ description: 'No such directive, or the caller may not see it' })
  async xlsx(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return send(response, await this.exports.xlsx(caller, id));
  }
}
