/**
 * One report: summary, the finding's features, evidence, actions; the analyst's verdict (with a
 * reason), status and assignee; exports as PDF or Excel.
 */
import { useState } from 'preact/hooks';
import { download } from '../download';
import { message } from '../errors';
import { Pending, useLoaded } from '../parts/loaded';
import { words } from '../reports';
import { onLinkClick } from '../router';
import type { SignedIn } from '../session';
import { Finding } from './finding';
import { Review } from './review';

const EXPORTS = [
  { format: 'pdf', label: 'Export PDF', extension: 'pdf', type: 'application/pdf' },
  {
    format: 'excel',
    label: 'Export Excel',
    extension: 'xlsx',
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
] as const;

export function ReportScreen({ session, id }: { session: SignedIn; id: string }) {
  const loaded = useLoaded(() => session.client.reports.get(id), id);
  const [error, setError] = useState('');

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

  const report = loaded.value;
  if (!report)
    return (
      <section>
        <h1 tabIndex={-1}>Report</h1>
        <Pending state={loaded}>{() => null}</Pending>
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
        <dt>Assigned to</dt>
        <dd>{report.assigned_to ?? 'nobody yet'}</dd>
      </dl>
      {report.anomaly_id && <Finding session={session} id={report.anomaly_id} />}
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
      <Review session={session} report={report} onChange={loaded.set} />
    </article>
  );
}
