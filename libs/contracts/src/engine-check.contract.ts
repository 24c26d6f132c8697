/** Input of the engine self-check: a parent that starts one child which sleeps `childSleep`. */
export interface EngineCheckInput {
  /** How long the child sleeps, as milliseconds. */
  childSleepMs: number;
  /** Echoed back, to prove the payload survives the round trip. */
  token: string;
}

export interface EngineCheckResult {
  token: string;
  childWorkflowId: string;
  /** Workflow clock when the child finished minus when the parent started, in ms. */
  sleptMs: number;
}
