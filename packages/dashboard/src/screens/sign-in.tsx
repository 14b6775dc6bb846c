/** Sign-in: username and password, then a code when the account has MFA. */

import { useState } from 'preact/hooks';
import { MfaRequiredError } from 'pynomaly-js';
import { message } from '../errors';
import { connect, type SignedIn } from '../session';

type Challenge = NonNullable<MfaRequiredError['challenge']>;

export function SignInScreen({ onSignedIn }: { onSignedIn: (session: SignedIn) => void }) {
  const [challenge, setChallenge] = useState<{ session: SignedIn; challenge: Challenge }>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError('');
    try {
      if (challenge) {
        await challenge.session.client.verifyMfa({ ...challenge.challenge, code: String(form.get('code')) });
        onSignedIn(challenge.session);
        return;
      }
      const username = String(form.get('username'));
      const session = connect(username);
      try {
        await session.client.login({ username, password: String(form.get('password')) });
        onSignedIn(session);
      } catch (failure) {
        if (!(failure instanceof MfaRequiredError && failure.challenge)) throw failure;
        setChallenge({ session, challenge: failure.challenge });
      }
    } catch (failure) {
      setError(message(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card narrow">
      <h1 tabIndex={-1}>Sign in to Pynomaly</h1>
      <form onSubmit={submit} aria-describedby={error ? 'sign-in-error' : undefined}>
        {challenge ? (
          <>
            <p>
              Enter the code from your{' '}
              {challenge.challenge.method === 'SMS_MFA' ? 'text message' : 'authenticator app'}.
            </p>
            <label for="code">Code</label>
            <input
              id="code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              required
              // biome-ignore lint/a11y/noAutofocus: the code field is the only thing to do on this step
              autoFocus
            />
          </>
        ) : (
          <>
            <label for="username">Username</label>
            <input id="username" name="username" autoComplete="username" required />
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required />
          </>
        )}
        {error && (
          <p id="sign-in-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {challenge ? 'Verify' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}
