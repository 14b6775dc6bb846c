import { localSettings } from './settings';
import { startLocalStack } from './stack';

// `npm start`: the whole product on this machine, until Ctrl-C.
const settings = localSettings();
const stack = await startLocalStack(settings);
const d = stack.description;
console.log(`
Pynomaly is running at ${d.api_url}   (state in ${settings.home})

  Dashboard:   ${d.dashboard_url}   (sign in as below)

  Log in:      curl -X POST ${d.api_url}/api/auth/login -H 'Content-Type: application/json' \\
                 -d '{"username":"admin","password":"<password>"}'
  User admin's password: ${settings.adminPassword}
  WARNING: this account and password are for local use only. Set PYNOMALY_ADMIN_PASSWORD to change it.
  It works as an analyst until it signs in with MFA: to administer (users, audit, API keys),
  enrol TOTP (POST /api/v1/mfa/totp/setup, then /totp/verify) and sign in again with a code.

  Drop folder: aws --endpoint-url ${d.s3_endpoint} s3 cp file.xlsx s3://${d.bucket}/${d.drop_prefix}
               (credentials ${d.aws_access_key_id}/${d.aws_secret_access_key}, region ${d.region})
  Endpoints of every emulator: ${settings.home}/local.json
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping…');
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
