// Workers log every state change at INFO; tests keep only warnings and errors.
import { installTemporalRuntime } from '@cascade/temporal';

installTemporalRuntime('WARN');
