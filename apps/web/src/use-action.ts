import { useState } from 'react';
import { errorText } from './api';

/** Runs a change, then `after` (a reload); a refusal is kept in words for an ErrorNote instead of thrown. */
export function useAction(after: () => void): {
  error: string | null;
  run: (work: () => Promise<unknown>) => Promise<void>;
} {
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      after();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return { error, run };
}
