import { resolve } from 'node:path';
import { parseCorsOrigins } from '@pynomaly/core';

/** Where the local stack keeps its state and which loopback ports it serves. */
export interface LocalSettings {
  home: string;
  host: string;
  region: string;
  bucket: string;
  tableName: string;
  eventBusName: string;
  adminPassword: string;
  /** Browser origins allowed to call the API: the CDK's `corsOrigins`, read the same way. */
  corsOrigins: string[];
  ports: {
    api: number;
    dynamodb: number;
    s3: number;
    cognito: number;
    stepFunctions: number;
    events: number;
    sns: number;
    /** The API Gateway management stand-in (usage-plan keys). */
    apiGateway: number;
  };
}

/**
 * Settings from the environment: `PYNOMALY_HOME` (default `.pynomaly/`), `PYNOMALY_PORT`
 * (the API, default 8000; the emulators take the ports 100–106 above it) and
 * `PYNOMALY_ADMIN_PASSWORD` (default `password123`) and `PYNOMALY_CORS_ORIGINS` (comma-separated
 * origins; by default those the CDK stack allows without its `corsOrigins` context: none).
 */
export function localSettings(environment: NodeJS.ProcessEnv = process.env): LocalSettings {
  const api = Number(environment.PYNOMALY_PORT ?? 8000);
  return {
    home: resolve(environment.PYNOMALY_HOME ?? '.pynomaly'),
    host: '127.0.0.1',
    region: 'us-east-1',
    bucket: 'pynomaly-data',
    tableName: 'pynomaly',
    eventBusName: 'pynomaly',
    adminPassword: environment.PYNOMALY_ADMIN_PASSWORD ?? 'password123',
    corsOrigins: parseCorsOrigins(environment.PYNOMALY_CORS_ORIGINS, 'PYNOMALY_CORS_ORIGINS'),
    ports: {
      api,
      dynamodb: api + 100,
      s3: api + 101,
      cognito: api + 102,
      stepFunctions: api + 103,
      events: api + 104,
      sns: api + 105,
      apiGateway: api + 106,
    },
  };
}

/** s3rver accepts only this key pair, so every local client signs with it. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
