import { Controller, Get, Logger, Param, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { type Caller, CurrentCaller } from '../auth/caller';
import { ExportsService, type SummaryFile } from './exports.service';
import { ReportsArchiveQueryDto, UnitReportsDto, unitReportsView } from './reports-archive.dto';
import { ReportsArchiveService } from './reports-archive.service';
import { type RollupFile, RollupExportService } from './rollup-export.service';

function send(response: Response, file: SummaryFile | RollupFile): StreamableFile {
  response.setHeader(
    'Content-Disposition',
    `attachment; filename="summary"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  );
  const options = { type: file.contentType };
  return Buffer.isBuffer(file.content)
    ? new StreamableFile(file.content, options)
    : new StreamableFile(file.content, options);
}

const FILE = { schema: { type: 'string', format: 'binary' } };

@ApiTags('exports')
@ApiBearerAuth()
@Controller('directives')
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(
    private readonly exports: ExportsService,
    private readonly archives: ReportsArchiveService,
    private readonly rollupExports: RollupExportService,
  ) {}

  @Get(':id/rollup.csv')
  @ApiOperation({
    summary:
      '填报汇总表 as CSV (UTF-8 with BOM): heading rows, one row per unit at every level the caller sees (层级, indented 单位, 已报/未报, its figures), 小计 per unit with units below, 合计',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse(FILE)
  @ApiNotFoundResponse({ description: 'No such directive, the caller may not see it, or it has no 填报表' })
  async rollupCsv(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return send(response, await this.rollupExports.file(caller, id, 'csv'));
  }

  @Get(':id/rollup.xlsx')
  @ApiOperation({ summary: '填报汇总表 as an Excel workbook (sheet 汇总表), streamed; numbers are numeric cells' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse(FILE)
  @ApiNotFoundResponse({ description: 'No such directive, the caller may not see it, or it has no 填报表' })
  async rollupXlsx(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return send(response, await this.rollupExports.file(caller, id, 'xlsx'));
  }

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

  @Get(':id/reports')
  @ApiOperation({
    summary:
      '报送材料 per unit: every report version (a returned one too) with its text and files, of the units the caller sees',
  })
  @ApiOkResponse({ type: [UnitReportsDto] })
  @ApiBadRequestResponse({ description: 'scope other than level or subtree, or a malformed unit code' })
  @ApiNotFoundResponse({ description: 'No such directive, or the caller may not see it, or the unit is not in it' })
  async reports(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Query() query: ReportsArchiveQueryDto,
  ): Promise<UnitReportsDto[]> {
    const { units } = await this.archives.unitReports(caller, id, query.scope ?? 'level', query.unit);
    return unitReportsView(units);
  }

  @Get(':id/reports.zip')
  @ApiOperation({
    summary:
      '报送材料 as one ZIP, streamed: 汇总表.xlsx and one folder per unit (单位名称) with its files and 报送内容.txt; ' +
      'earlier returned versions in sub-folders 第N版（已退回）. scope=level: the directive’s recipients; ' +
      'subtree: every unit below through the forwards; unit: only that unit',
  })
  @ApiProduces('application/zip')
  @ApiOkResponse(FILE)
  @ApiBadRequestResponse({ description: 'scope other than level or subtree, or a malformed unit code' })
  @ApiNotFoundResponse({ description: 'No such directive, or the caller may not see it, or the unit is not in it' })
  async reportsZip(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Query() query: ReportsArchiveQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    const archive = await this.archives.prepare(caller, id, query.scope ?? 'level', query.unit);
    await this.archives.preflight(archive);
    response.setHeader('Content-Type', 'application/zip');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="reports.zip"; filename*=UTF-8''${encodeURIComponent(archive.filename)}`,
    );
    try {
      await this.archives.write(archive, response);
    } catch (error) {
      // The status line is gone already: a cut connection is how the client learns the ZIP is incomplete.
      this.logger.error(`报送材料 ZIP of ${id} failed: ${(error as Error).message}`);
      response.destroy(error as Error);
    }
  }
}
