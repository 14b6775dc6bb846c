import { triageInput, triageStep } from '@pynomaly/analysis';
import {
  AnomalyRepository,
  DatasetRepository,
  ReportRepository,
  SessionRepository,
  ThreatCounter,
} from '@pynomaly/store';
import { stepHandler } from '../task-handler';

const deps = {
  datasets: new DatasetRepository(),
  sessions: new SessionRepository(),
  anomalies: new AnomalyRepository(),
  reports: new ReportRepository(),
  threats: new ThreatCounter(),
};

export const handler = stepHandler(triageInput, (input) => triageStep(input, deps));
