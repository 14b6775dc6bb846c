/**
 * One report: summary, evidence, actions; the analyst's verdict (with a reason) and status;
 * exports as PDF or Excel.
 */
import { useEffect, useState } from 'preact/hooks';
import { download } from '../download';
import { message } from '../errors';
import { type Report, STATUSES, VERDICTS, words } from '../reports';
import { onLinkClick } from '../router';
import type { SignedIn } from '../session';

const EXPORTS = [
  { format: 'pdf', label: 'Export PDF', extension: 'pdf', type: 'application/pdf' },
  {
    format: 'excel',
    label: 'Export Excel',
    extension: 'xlsx',
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
] as const;

function Review({
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
      await session.client.reports.review(report.id, changes);
      onChange(await session.client.reports.get(report.id));
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
      <p role="status" class={notice?.error ? 'error' : 'done'}>
        {notice?.text}
      </p>
    </section>
  );
}

export function ReportScreen({ session, id }: { session: SignedIn; id: string }) {
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState('');
  useEffect(() => {
    session.client.reports.get(id).then(setReport, (failure: unknown) => setError(message(failure)));
  }, [session, id]);

  const exportAs = async (format: (typeof EXPORTS)[number]) => {
    setError('');
    try {
      download(
        await session.client.reports.export(id, format.format),
        `report-${id}.${format.extension}`,
        format.type,
      );
    } catch (failure) {
      setError(message(failure));
    }
  };

  if (!report)
    return (
      <section>
        <h1 tabIndex={-1}>Report</h1>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : (
          <p aria-live="polite">Loading…</p>
        )}
      </section>
    );
  const triage = report.triage;
  return (
    <article>
      <p>
        <a href={`/reports?dataset_id=${encodeURIComponent(report.dataset_id)}`} onClick={onLinkClick}>
          ← Reports of this workbook
        </a>
      </p>
      <h1 tabIndex={-1}>
        <span class={`badge ${report.effective_severity}`}>{report.effective_severity}</span>{' '}
        {words(report.effective_threat_type)}
      </h1>
      <div class="actions">
        {EXPORTS.map((format) => (
          <button key={format.format} type="button" onClick={() => void exportAs(format)}>
            {format.label}
          </button>
        ))}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <dl class="summary">
        <dt>Status</dt>
        <dd>{words(report.status)}</dd>
        <dt>Verdict</dt>
        <dd>{words(report.verdict)}</dd>
        <dt>Engine severity</dt>
        <dd>{report.severity}</dd>
        <dt>Confidence</dt>
        <dd>{triage ? `${Math.round(triage.confidence.overall_confidence * 100)}%` : '—'}</dd>
        <dt>Attack stage</dt>
        <dd>{words(triage?.threat_context.attack_stage)}</dd>
        <dt>MITRE ATT&CK</dt>
        <dd>{triage?.threat_context.mitre_tactics.join(', ') || '—'}</dd>
      </dl>
      {triage && (
        <>
          <section class="card" aria-labelledby="why-heading">
            <h2 id="why-heading">Why</h2>
            <ul>
              {triage.reasoning.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </section>
          <section class="card" aria-labelledby="evidence-heading">
            <h2 id="evidence-heading">Evidence</h2>
            <p>Indicators: {triage.threat_context.indicators_of_compromise.join(', ') || 'none recorded'}</p>
            <p>
              Evidence hash <code>{triage.forensic_data.chain_of_custody.evidence_hash}</code>, collected by{' '}
              {triage.forensic_data.chain_of_custody.collected_by}
            </p>
          </section>
          <section class="card" aria-labelledby="actions-heading">
            <h2 id="actions-heading">Actions</h2>
            <ol>
              {triage.immediate_actions.map((action) => (
                <li key={action.action}>
                  <strong>{action.action}</strong> — {action.rationale} ({action.estimated_time})
                  {action.command && (
                    <pre>
                      <code>{action.command}</code>
                    </pre>
                  )}
                </li>
              ))}
              {triage.short_term_actions.map((action) => (
                <li key={action.action}>
                  {action.action} ({action.timeline})
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
      <Review session={session} report={report} onChange={setReport} />
    </article>
  );
}
