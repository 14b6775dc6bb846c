/** The tenant's triage at a glance: totals, reports by severity, status and verdict, the last 30 days. */
import { BarChart, StackedColumns } from '../charts';
import { Pending, useLoaded } from '../parts/loaded';
import { SEVERITIES, STATUSES, words } from '../reports';
import type { SignedIn } from '../session';

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

export function StatisticsScreen({ session }: { session: SignedIn }) {
  const statistics = useLoaded(() => session.client.statistics(), 'statistics');
  return (
    <section>
      <h1 tabIndex={-1}>Statistics</h1>
      <Pending state={statistics}>
        {(stats) => (
          <>
            <dl class="totals">
              <div>
                <dt>Workbooks</dt>
                <dd>{stats.total_datasets}</dd>
              </div>
              <div>
                <dt>Findings</dt>
                <dd>{stats.total_anomalies}</dd>
              </div>
              <div>
                <dt>Reports</dt>
                <dd>{stats.total_reports}</dd>
              </div>
              <div>
                <dt>Analyst agreement</dt>
                <dd>{percent(stats.analyst_agreement_rate)}</dd>
              </div>
              <div>
                <dt>Suppressed by rules</dt>
                <dd>{stats.suppressions_applied}</dd>
              </div>
            </dl>
            <div class="charts">
              <BarChart
                caption="Reports by severity"
                bars={SEVERITIES.map((s) => ({
                  label: s,
                  value: stats.by_severity[s],
                  tone: s,
                  note: `precision ${percent(stats.precision_by_severity[s])}`,
                }))}
              />
              <BarChart
                caption="Reports by status"
                bars={STATUSES.map((s) => ({ label: words(s), value: stats.by_status[s] }))}
              />
              <BarChart
                caption="Reports by verdict"
                bars={Object.entries(stats.by_verdict).map(([verdict, value]) => ({
                  label: verdict === 'none' ? 'no verdict yet' : words(verdict),
                  value,
                }))}
              />
            </div>
            <StackedColumns
              caption="Reports per day, last 30 days, by severity"
              series={SEVERITIES}
              columns={stats.reports_by_day.map(({ date, ...parts }) => ({ label: date, parts }))}
            />
          </>
        )}
      </Pending>
    </section>
  );
}
