import { ApplicationFailure } from '@temporalio/common';
import { OPERATION_BUSY } from '@cascade/contracts';
import { BUSY_REASON, rejectIf } from './assignment-rules';

describe('rejectIf, the refusal of an assignment Update', () => {
  const thrown = (problem: string | null): unknown => {
    try {
      rejectIf(problem);
      return null;
    } catch (error) {
      return error;
    }
  };

  it('accepts when there is no problem', () => {
    expect(thrown(null)).toBeNull();
  });

  it('refuses "busy" with a typed failure the API can tell from a final refusal', () => {
    const error = thrown(BUSY_REASON);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: OPERATION_BUSY, message: BUSY_REASON });
  });

  it('refuses anything else with its reason as a plain error', () => {
    const error = thrown('已报送，不能重复报送');
    expect(error).not.toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ message: '已报送，不能重复报送' });
  });
});
