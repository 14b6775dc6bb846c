/**
 * Upload a security-log workbook (drop it, or pick it) → the upload's progress → the analysis's
 * progress, polled through the SDK → links to what it found.
 */
import { useState } from 'preact/hooks';
import { message } from '../errors';
import { onLinkClick } from '../router';
import type { SignedIn } from '../session';

type Stage =
  | { kind: 'idle' }
  | { kind: 'uploading'; filename: string; percent: number }
  | { kind: 'analysing'; datasetId: string; percent: number; step: string }
  | { kind: 'done'; datasetId: string; anomalies: number }
  | { kind: 'failed'; reason: string };

const number = (value: unknown) => (typeof value === 'number' ? value : 0);

export function UploadScreen({ session }: { session: SignedIn }) {
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [over, setOver] = useState(false);
  const busy = stage.kind === 'uploading' || stage.kind === 'analysing';

  const upload = async (file: File | undefined) => {
    if (!file || busy) return;
    setStage({ kind: 'uploading', filename: file.name, percent: 0 });
    session.transport.onUpload((sent, total) =>
      setStage({ kind: 'uploading', filename: file.name, percent: Math.round((100 * sent) / total) }),
    );
    try {
      const datasetId = await session.client.reports.uploadWorkbook({ data: file, filename: file.name });
      session.transport.onUpload(undefined);
      setStage({ kind: 'analysing', datasetId, percent: 0, step: 'queued' });
      const done = await session.client.waitForAnalysis(datasetId, {
        onProgress: (progress) =>
          setStage({
            kind: 'analysing',
            datasetId,
            percent: number(progress.progress),
            step: String(progress.current_step ?? progress.status ?? ''),
          }),
      });
      setStage({ kind: 'done', datasetId, anomalies: number(done.anomalies_detected) });
    } catch (error) {
      setStage({ kind: 'failed', reason: message(error) });
    } finally {
      session.transport.onUpload(undefined);
    }
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void upload(event.dataTransfer?.files[0]);
  };

  return (
    <section>
      <h1 tabIndex={-1}>Analyse a security log</h1>
      <section
        aria-label="Drop a workbook here"
        class={over ? 'dropzone over' : 'dropzone'}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p>Drop an Excel workbook (.xlsx, up to 10 MB) in this box, or</p>
        <label class="button primary" for="workbook">
          Choose a workbook
        </label>
        <input
          id="workbook"
          class="visually-hidden"
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={busy}
          onChange={(event) => void upload((event.currentTarget as HTMLInputElement).files?.[0])}
        />
      </section>
      <div aria-live="polite" class="status">
        {stage.kind === 'uploading' && (
          <>
            <label for="upload-progress">Uploading {stage.filename}</label>
            <progress id="upload-progress" max={100} value={stage.percent}>
              {stage.percent}%
            </progress>
          </>
        )}
        {stage.kind === 'analysing' && (
          <>
            <label for="analysis-progress">Analysing: {stage.step.replace(/_/g, ' ')}</label>
            <progress id="analysis-progress" max={100} value={stage.percent}>
              {stage.percent}%
            </progress>
          </>
        )}
        {stage.kind === 'done' && (
          <p class="done">
            Analysis complete: {stage.anomalies} finding{stage.anomalies === 1 ? '' : 's'}.{' '}
            <a href={`/reports?dataset_id=${encodeURIComponent(stage.datasetId)}`} onClick={onLinkClick}>
              See its reports
            </a>
          </p>
        )}
        {stage.kind === 'failed' && (
          <p class="error" role="alert">
            {stage.reason}
          </p>
        )}
      </div>
    </section>
  );
}
