import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateDirectiveDto } from '../directives/directive.dto';
import { toErrorBody } from './api-error';
import { fieldErrorsOf, validationException } from './validation-errors';

const valid = {
  docNumber: '晋民函〔2024〕169号',
  title: '通知',
  issuerUnit: '140000',
  recipients: ['141000'],
  deadline: '2030-11-20T18:00:00+08:00',
};

function refusal(body: object) {
  const errors = validateSync(plainToInstance(CreateDirectiveDto, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  const exception = validationException(errors);
  return toErrorBody(exception.getStatus(), exception.getResponse());
}

describe('validation errors in Chinese, naming each field', () => {
  it('answers 400 VALIDATION_FAILED with one Chinese sentence and every wrong field', () => {
    const body = refusal({ ...valid, deadline: 'next friday', title: 5, snooze: true });
    expect(body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(body.message).toMatch(/^请求参数有误：.*（共 3 处）$/);
    expect(body.fields).toEqual(
      expect.arrayContaining([
        { field: 'title', message: 'title 必须是字符串' },
        { field: 'deadline', message: expect.stringContaining('deadline 必须是带时区的 ISO 8601 时间') },
        { field: 'snooze', message: '不接受字段 snooze' },
      ]),
    );
    expect(JSON.stringify(body)).not.toMatch(/should|must be|Bad Request/);
  });

  it('names a missing field, the bound broken and the path of a nested one', () => {
    const fields = fieldErrorsOf(
      validateSync(
        plainToInstance(CreateDirectiveDto, {
          ...valid,
          docNumber: undefined,
          title: '长'.repeat(501),
          policy: { ladder: ['PT0S', '3 days'] },
        }),
      ),
    );
    expect(fields).toEqual([
      { field: 'docNumber', message: '缺少必填字段 docNumber' },
      { field: 'title', message: 'title 最多 500 个字符' },
      { field: 'policy.ladder', message: expect.stringContaining('policy.ladder 的每一项必须是 ISO 8601 时长') },
    ]);
  });

  it('refuses null for an optional field (absent is fine)', () => {
    expect(refusal({ ...valid, body: null }).fields).toEqual([{ field: 'body', message: 'body 必须是字符串' }]);
    expect(validateSync(plainToInstance(CreateDirectiveDto, valid))).toEqual([]);
  });

  it('turns any other error answer into the one shape, dropping English labels and lists', () => {
    expect(toErrorBody(404, { statusCode: 404, message: 'Cannot TRACE /api/x', error: 'Not Found' })).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: '请求的资源不存在',
    });
    expect(toErrorBody(400, { message: ['a must be a string'], error: 'Bad Request' })).toEqual({
      statusCode: 400,
      code: 'BAD_REQUEST',
      message: '请求无效',
    });
    expect(toErrorBody(422, { message: '未知单位：999999', unknownUnits: ['999999'], code: 'UNKNOWN_UNITS' })).toEqual({
      statusCode: 422,
      code: 'UNKNOWN_UNITS',
      message: '未知单位：999999',
      unknownUnits: ['999999'],
    });
  });
});
