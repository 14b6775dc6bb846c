import { triageInput, triageStep } from '@pynomaly/analysis';
import {
  AnomalyRepository,
  DatasetRepository,
  ReportRepository,
  SessionRepository,
  ThreatCounter,
} from '@pynomaly/store';
import { configuredNarrator } from '@pynomaly/triage';
import { stepHandler } from '../task-handler';

const deps = {
  datasets: new DatasetRepository(),
  sessions: new SessionRepository(),
  anomalies: new AnomalyRepository(),
  reports: new ReportRepository(),
  threats: new ThreatCounter(),
  // Past a tenant's token budget the pipeline keeps going on the rules engine alone.
  narrator: configuredNarrator('fallback'),
};

export const handler = stepHandler(triageInput, (input) => triageStep(input, deps));
