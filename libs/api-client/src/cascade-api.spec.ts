import { ApiError, messageOf } from './cascade-api';

describe('errors as the dashboard and the CLI read them', () => {
  it('takes code, message and fields from the API’s error shape', () => {
    const error = ApiError.of(400, {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: '请求参数有误：title 不能为空（共 2 处）',
      fields: [
        { field: 'title', message: 'title 不能为空' },
        { field: 'deadline', message: 'deadline 必须是带时区的 ISO 8601 时间' },
      ],
    });
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: '请求参数有误：title 不能为空（共 2 处）',
    });
    expect(error.fields.map((f) => f.field)).toEqual(['title', 'deadline']);
  });

  it('never shows a bare HTTP status: a body without a message gets a plain Chinese sentence', () => {
    for (const status of [400, 403, 404, 409, 413, 422, 429, 500, 502, 503])
      expect({ status, message: messageOf('<html>Bad Gateway</html>', status) }).toEqual({
        status,
        message: expect.not.stringMatching(/HTTP|请求失败|[A-Za-z]{4,}/),
      });
    expect(messageOf({ message: '公文 x 不存在' }, 404)).toBe('公文 x 不存在');
  });
});
