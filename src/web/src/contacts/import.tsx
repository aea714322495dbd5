import { useCallback, useEffect, useState } from 'react';
import type { Me } from '../api';
import { get } from '../api';
import { sampleOf } from './import-sample';
import { send } from './request';
import type { ImportPreview, ImportReport, ImportSummary, Mapping } from './types';
import { BASES } from './types';

interface SourceForm {
  label: string;
  basis: string;
  collectedAt: string;
  noticeVersion: string;
}

/** Upload → preview with the guessed mapping (editable) → import → report with counts and bad lines. */
export function ImportWizard({ me }: { me: Me }) {
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState<SourceForm>({ label: '', basis: 'consent', collectedAt: new Date().toISOString().slice(0, 10), noticeVersion: '' });
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [report, setReport] = useState<ImportSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [imports, setImports] = useState<ImportReport[] | null>(null);
  // Read again after each import, and after a failed one: an answer lost on the way (a dropped connection) still shows here.
  const loadImports = useCallback(() => {
    get<{ imports: ImportReport[] }>('/api/contacts/imports', { limit: '20' })
      .then((r) => setImports(r.imports))
      .catch(() => setImports(null));
  }, []);
  useEffect(loadImports, [loadImports]);
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
      loadImports();
    }
  };
  const doPreview = () =>
    run(async () => {
      // With the notice version, if given: the preview reports the rows the import would refuse without one.
      const p = (await (await send(me, '/api/contacts/import/preview', upload(file!, source.noticeVersion ? { noticeVersion: source.noticeVersion } : {}))).json()) as ImportPreview;
      setPreview(p);
      setMapping(p.mapping);
      setReport(null);
    });
  const doImport = () =>
    run(async () => {
      const fields: Record<string, string> = { label: source.label || file!.name, basis: source.basis, collectedAt: source.collectedAt, mapping: JSON.stringify(mapping) };
      if (source.noticeVersion) fields.noticeVersion = source.noticeVersion;
      setReport((await (await send(me, '/api/contacts/import', upload(file!, fields))).json()) as ImportSummary);
    });
  const set = (patch: Partial<SourceForm>) => setSource({ ...source, ...patch });
  return (
    <div className="grid">
      <section className="panel" data-testid="import-upload">
        <h2>1. File and source</h2>
        <div className="form">
          <label>
            CSV file <input type="file" name="file" accept=".csv,.txt,.json,.jsonl,text/csv" onChange={(e) => (setFile(e.target.files?.[0] ?? null), setPreview(null), setReport(null))} />
          </label>
          <label>
            source <input name="label" placeholder={file?.name ?? 'e.g. fête de la rose 2026'} value={source.label} onChange={(e) => set({ label: e.target.value })} />
          </label>
          <label>
            lawful basis{' '}
            <select name="basis" value={source.basis} onChange={(e) => set({ basis: e.target.value })}>
              {BASES.map((b) => (
                <option key={b}>{b}</option>
              ))}
            </select>
          </label>
          <label>
            collected on <input name="collectedAt" type="date" value={source.collectedAt} onChange={(e) => set({ collectedAt: e.target.value })} />
          </label>
          <label>
            privacy notice version <input name="noticeVersion" value={source.noticeVersion} onChange={(e) => set({ noticeVersion: e.target.value })} />
          </label>
          <button disabled={!file || busy} onClick={() => void doPreview()}>
            Preview
          </button>
        </div>
        {error && <p className="error" role="alert">{error}</p>}
      </section>
      {preview && mapping && <MappingPanel preview={preview} mapping={mapping} onChange={setMapping} busy={busy} onImport={() => void doImport()} />}
      {report && <Report report={report} />}
      {imports && <RecentImports imports={imports} onRefresh={loadImports} />}
    </div>
  );
}

function MappingPanel({ preview, mapping, onChange, busy, onImport }: { preview: ImportPreview; mapping: Mapping; onChange: (m: Mapping) => void; busy: boolean; onImport: () => void }) {
  return (
    <section className="panel wide" data-testid="import-mapping">
      <h2>
        2. Columns <small>{preview.checked} rows checked, {preview.bad.length} bad</small>
      </h2>
      <table className="compact">
        <thead>
          <tr>
            <th>column</th>
            <th>goes to</th>
            <th>first values</th>
          </tr>
        </thead>
        <tbody>
          {preview.header.map((column) => {
            const target = mapping.columns[column] ?? 'ignore';
            const options = preview.targets.includes(target) ? preview.targets : [...preview.targets, target];
            return (
              <tr key={column}>
                <td>{column}</td>
                <td>
                  <select aria-label={`target of ${column}`} value={target} onChange={(e) => onChange({ ...mapping, columns: { ...mapping.columns, [column]: e.target.value } })}>
                    {options.map((t) => (
                      <option key={t}>{t}</option>
                    ))}
                  </select>
                </td>
                <td className="muted">{sampleOf(preview, target)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {preview.bad.length > 0 && <BadLines bad={preview.bad} position={preview.position} />}
      <button className="primary" disabled={busy} onClick={onImport}>
        {busy ? 'Importing…' : 'Import'}
      </button>
    </section>
  );
}

function BadLines({ bad, position }: { bad: ImportPreview['bad']; position: ImportPreview['position'] }) {
  return (
    <table className="compact" data-testid="bad-lines">
      <thead>
        <tr>
          <th>{position}</th>
          <th>column</th>
          <th>why</th>
        </tr>
      </thead>
      <tbody>
        {bad.slice(0, 50).map((b) => (
          <tr key={`${b.line}${b.column}`}>
            <td>{b.line}</td>
            <td>{b.column ?? '–'}</td>
            <td>{b.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Report({ report }: { report: ImportSummary }) {
  return (
    <section className="panel full" data-testid="import-report">
      <h2>
        3. Imported <small>import #{report.importId}, {report.seconds.toFixed(1)} s</small>
      </h2>
      <p>
        {report.rows} rows: <strong>{report.created}</strong> new, <strong>{report.merged}</strong> merged with people known, <strong>{report.review}</strong> to review as possible duplicates,{' '}
        {report.erased} skipped (erased before), <strong>{report.bad}</strong> bad.
      </p>
      {report.badRows.length > 0 && <BadLines bad={report.badRows} position={report.position} />}
    </section>
  );
}

/** The file imports stored, newest first: what a closed tab or a dropped connection did not show. */
function RecentImports({ imports, onRefresh }: { imports: ImportReport[]; onRefresh: () => void }) {
  return (
    <section className="panel full" data-testid="recent-imports">
      <h2>
        Imports <small>the last {imports.length}</small> <button onClick={onRefresh}>Refresh</button>
      </h2>
      {imports.length === 0 ? (
        <p className="muted">No file imported yet.</p>
      ) : (
        <table className="compact">
          <thead>
            <tr>
              <th>#</th>
              <th>file</th>
              <th>state</th>
              <th>when</th>
              <th>rows</th>
              <th>new</th>
              <th>merged</th>
              <th>to review</th>
              <th>bad</th>
            </tr>
          </thead>
          <tbody>
            {imports.map((r) => (
              <tr key={r.id}>
                <td>{r.id}</td>
                <td>{r.file}</td>
                <td>{r.state === 'finished' ? 'finished' : `${r.state}, up to line ${r.doneLine}`}</td>
                <td>{new Date(r.finishedAt ?? r.startedAt).toLocaleString()}</td>
                <td>{r.counts.rows}</td>
                <td>{r.counts.created}</td>
                <td>{r.counts.merged}</td>
                <td>{r.counts.review}</td>
                <td>{r.counts.bad}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * The file as it is on disk, with the import's fields, as a form: the server detects the encoding
 * (a spreadsheet's Windows-1252 CSV included), which a text read here would already have spoiled,
 * and a wide file's mapping does not have to fit in a URL.
 */
function upload(file: File, fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('file', file, file.name);
  return form;
}
