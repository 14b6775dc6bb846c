import { triageInput, triageStep } from '@pynomaly/analysis';
import {
  AnomalyRepository,
  DatasetRepository,
  ProductEventPublisher,
  ReportRepository,
  SessionRepository,
  SettingsRepository,
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
  // Each report written is announced (report.triaged), and alerted at the tenant's threshold.
  events: new ProductEventPublisher(),
  settings: new SettingsRepository(),
};

export const handler = stepHandler(triageInput, (input) => triageStep(input, deps));
