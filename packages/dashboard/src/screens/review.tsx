/** The analyst's side of a report: verdict with a reason, status, and who works on it. */
import { useState } from 'preact/hooks';
import { message } from '../errors';
import { type Report, STATUSES, VERDICTS, words } from '../reports';
import type { SignedIn } from '../session';

export function Review({
  session,
  report,
  onChange,
}: {
  session: SignedIn;
  report: Report;
  onChange: (r: Report) => void;
}) {
  const [notice, setNotice] = useState<{ text: string; error: boolean }>();
  const [nextStatus, setNextStatus] = useState(report.status);
  const change = async (changes: Record<string, unknown>, done: string) => {
    setNotice(undefined);
    try {
      onChange(await session.client.reports.review(report.id, changes));
      setNotice({ text: done, error: false });
    } catch (failure) {
      setNotice({ text: message(failure), error: true });
    }
  };
  const verdict = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = String(form.get('verdict') ?? '');
    void change(
      { verdict: value, verdict_reason: String(form.get('reason')) },
      `Verdict saved: ${words(value)}.`,
    );
  };
  const status = (event: SubmitEvent) => {
    event.preventDefault();
    void change({ status: nextStatus }, `Status changed to ${words(nextStatus)}.`);
  };
  const assign = (to: string | null) =>
    void change({ assigned_to: to }, to ? `Assigned to ${to}.` : 'Nobody is assigned now.');
  const assignTo = (event: SubmitEvent) => {
    event.preventDefault();
    const to = String(new FormData(event.currentTarget as HTMLFormElement).get('assignee') ?? '').trim();
    assign(to || null);
  };
  return (
    <section class="card" aria-labelledby="review-heading">
      <h2 id="review-heading">Review</h2>
      <form onSubmit={verdict}>
        <fieldset>
          <legend>Verdict</legend>
          {VERDICTS.map((v) => (
            <label key={v.value} class="choice">
              <input
                type="radio"
                name="verdict"
                value={v.value}
                required
                defaultChecked={report.verdict === v.value}
              />
              {v.label}
            </label>
          ))}
        </fieldset>
        <label for="reason">Reason</label>
        <textarea id="reason" name="reason" required rows={3} defaultValue={report.verdict_reason ?? ''} />
        <button type="submit" class="primary">
          Save verdict
        </button>
      </form>
      <form onSubmit={status} class="inline">
        <label for="status">Status</label>
        <select
          id="status"
          value={nextStatus}
          onChange={(event) => setNextStatus(event.currentTarget.value as Report['status'])}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {words(s)}
            </option>
          ))}
        </select>
        <button type="submit">Change status</button>
      </form>
      <form onSubmit={assignTo} class="inline">
        <label for="assignee">Assigned to</label>
        <input
          id="assignee"
          name="assignee"
          type="text"
          maxLength={256}
          autoComplete="email"
          defaultValue={report.assigned_to ?? ''}
          placeholder="nobody"
        />
        <button type="submit">Assign</button>
        <button type="button" onClick={() => assign(session.username)}>
          Assign to me
        </button>
      </form>
      <p role="status" class={notice?.error ? 'error' : 'done'}>
        {notice?.text}
      </p>
    </section>
  );
}
