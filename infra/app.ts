/** The CDK app for the CLI (cdk.json "app"). */
import { createPynomalyApp } from './pynomaly-app';

createPynomalyApp().app.synth();
