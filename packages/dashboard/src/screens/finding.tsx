/** The finding a report is about: what made its row unusual, feature by feature, and the row itself. */
import { Fragment } from 'preact';
import { BarChart } from '../charts';
import { Pending, useLoaded } from '../parts/loaded';
import type { SignedIn } from '../session';

const shown = (value: unknown) =>
  value === null || value === undefined || value === '' ? '—' : String(value);

export function Finding({ session, id }: { session: SignedIn; id: string }) {
  const finding = useLoaded(() => session.client.anomalies.get(id), id);
  return (
    <section class="card" aria-labelledby="finding-heading">
      <h2 id="finding-heading">What stands out</h2>
      <Pending state={finding}>
        {(anomaly) => (
          <>
            <p>
              Row {anomaly.row_index + 1} of sheet “{anomaly.sheet_name}”, anomaly score{' '}
              {anomaly.anomaly_score.toFixed(2)}.
            </p>
            {anomaly.anomalous_features.length === 0 ? (
              <p>No single feature stands out: the row is unusual as a whole.</p>
            ) : (
              <BarChart
                caption="Feature deviations: each feature's share of the score"
                format={(share) => `${Math.round(share * 100)}%`}
                bars={[...anomaly.anomalous_features]
                  .sort((a, b) => b.contribution_score - a.contribution_score)
                  .map((feature) => ({
                    label: feature.feature_name,
                    value: feature.contribution_score,
                    tone: 'deviation',
                    note: `${shown(feature.actual_value)} (usually ${shown(feature.expected_value)}): ${feature.deviation}`,
                  }))}
              />
            )}
            <details>
              <summary>The row</summary>
              <dl class="summary">
                {Object.entries(anomaly.raw_data).map(([column, value]) => (
                  <Fragment key={column}>
                    <dt>{column}</dt>
                    <dd>{shown(value)}</dd>
                  </Fragment>
                ))}
              </dl>
            </details>
          </>
        )}
      </Pending>
    </section>
  );
}
